/// A Hilbert curve key of a lon/lat position on a 2²⁴ × 2²⁴ grid over the world (cells of
/// about 2.4 m × 1.2 m). Tips are indexed on it: nearby tips get nearby keys, so a
/// bounding box becomes a few key ranges on an ordinary B-tree index.
///
/// (An R*Tree costs ~12 µs per inserted point here — 12 s per million tips — against a few
/// µs for a B-tree key; see docs/storage.md.)
enum HilbertKey {
    static let order = 24
    static let side: Int64 = 1 << 24

    /// The grid cell of a lon/lat position.
    @inline(__always)
    static func cell(_ c: Coordinate) -> (Int64, Int64) {
        let x = Int64(((c.x + 180) / 360 * Double(side)).rounded(.down))
        let y = Int64(((c.y + 90) / 180 * Double(side)).rounded(.down))
        return (min(max(x, 0), side - 1), min(max(y, 0), side - 1))
    }

    /// The key of a lon/lat position.
    @inline(__always)
    static func key(_ c: Coordinate) -> Int64 {
        let (x, y) = cell(c)
        return key(x: x, y: y, order: order)
    }

    /// The Hilbert distance of cell (x, y) on a 2^order grid.
    static func key(x: Int64, y: Int64, order: Int) -> Int64 {
        var x = x, y = y
        var d: Int64 = 0
        var s: Int64 = 1 << (order - 1)
        while s > 0 {
            let rx: Int64 = (x & s) > 0 ? 1 : 0
            let ry: Int64 = (y & s) > 0 ? 1 : 0
            d += s * s * ((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 {
                    x = s - 1 - x
                    y = s - 1 - y
                }
                swap(&x, &y)
            }
            s >>= 1
        }
        return d
    }

    /// Closed key ranges that together cover every cell of `box`, at most about
    /// `maxRanges` of them (coarser, so covering a little more, when the budget is tight).
    static func ranges(covering box: BoundingBox, maxRanges: Int = 32) -> [ClosedRange<Int64>] {
        let (x0, y0) = cell(Coordinate(x: box.minX, y: box.minY))
        let (x1, y1) = cell(Coordinate(x: box.maxX, y: box.maxY))
        // Descend the quadtree level by level, keeping the quads that meet the box.
        var quads: [(x: Int64, y: Int64, level: Int)] = [(0, 0, 0)]
        var complete: [ClosedRange<Int64>] = []
        var level = 0
        while level < order {
            var next: [(x: Int64, y: Int64, level: Int)] = []
            for quad in quads {
                let size = side >> level
                let half = size / 2
                for (dx, dy) in [(Int64(0), Int64(0)), (half, 0), (0, half), (half, half)] {
                    let qx = quad.x + dx, qy = quad.y + dy
                    if qx > x1 || qx + half - 1 < x0 || qy > y1 || qy + half - 1 < y0 { continue }
                    if qx >= x0 && qx + half - 1 <= x1 && qy >= y0 && qy + half - 1 <= y1 {
                        complete.append(range(ofQuadAt: qx, qy, size: half))
                    } else {
                        next.append((qx, qy, level + 1))
                    }
                }
            }
            level += 1
            if next.isEmpty { quads = []; break }
            if complete.count + next.count * 4 > maxRanges * 4 || level == order {
                quads = next
                break
            }
            quads = next
        }
        let sizeAtLevel = side >> level
        for quad in quads { complete.append(range(ofQuadAt: quad.x, quad.y, size: sizeAtLevel)) }
        return merge(complete, maxRanges: maxRanges)
    }

    /// The key range of the aligned quad of `size` cells whose lower-left cell is (x, y).
    private static func range(ofQuadAt x: Int64, _ y: Int64, size: Int64) -> ClosedRange<Int64> {
        let start = key(x: x, y: y, order: order) / (size * size) * (size * size)
        return start...(start + size * size - 1)
    }

    private static func merge(_ ranges: [ClosedRange<Int64>], maxRanges: Int) -> [ClosedRange<Int64>] {
        var sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int64>] = []
        for r in sorted {
            if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        // Close the smallest gaps until within budget.
        while merged.count > maxRanges {
            var bestGap = Int64.max, bestIndex = 0
            for i in 0..<(merged.count - 1) {
                let gap = merged[i + 1].lowerBound - merged[i].upperBound
                if gap < bestGap { bestGap = gap; bestIndex = i }
            }
            merged[bestIndex] = merged[bestIndex].lowerBound...merged[bestIndex + 1].upperBound
            merged.remove(at: bestIndex + 1)
        }
        sorted.removeAll()
        return merged
    }
}
