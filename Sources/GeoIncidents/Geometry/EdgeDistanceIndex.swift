/// Nearest-edge distances for a whole layer of areas whose rings are already in a
/// projected CRS (metres): per area, its edges bucketed in a small uniform grid.
///
/// A query walks rings of cells outwards from the point's cell and stops once no unvisited
/// cell can hold a nearer edge. Points outside an area's box start from the nearest cell
/// (projection onto a convex set never lengthens distances, so the bound stays valid).
final class EdgeDistanceIndex: Sendable {
    struct AreaGrid {
        var box: BoundingBox
        var cellSize: Double
        var columns: Int32
        var rows: Int32
        /// Index into `cellStart` of this area's first cell.
        var cellBase: Int32
    }

    let count: Int
    private let edges: FrozenBuffer<Double>
    private let grids: FrozenBuffer<AreaGrid>
    private let cellStart: FrozenBuffer<Int32>
    private let cellEdges: FrozenBuffer<Int32>

    /// Builds the index; `areas[i]` are the rings of area i in metres.
    init(areas: [[[Coordinate]]]) {
        var edges: [Double] = []
        var grids: [AreaGrid] = []
        var cellStart: [Int32] = []
        var cellEdges: [Int32] = []
        for rings in areas {
            let first = edges.count / 4
            var box = BoundingBox.empty
            for ring in rings where ring.count > 1 {
                for i in 0..<(ring.count - 1) {
                    edges.append(ring[i].x); edges.append(ring[i].y); edges.append(ring[i + 1].x); edges.append(ring[i + 1].y)
                    box.expand(ring[i])
                }
            }
            let last = edges.count / 4
            let n = max(last - first, 1)
            if box.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1) }
            let width = max(box.maxX - box.minX, 1), height = max(box.maxY - box.minY, 1)
            let size = max((width * height / Double(max(1, n / 2))).squareRoot(), 1)
            let columns = max(1, min(512, Int((width / size).rounded(.up))))
            let rows = max(1, min(512, Int((height / size).rounded(.up))))
            let cellSize = max(width / Double(columns), height / Double(rows))
            func range(_ e: Int) -> (Int, Int, Int, Int) {
                let x0 = edges[4 * e], y0 = edges[4 * e + 1], x1 = edges[4 * e + 2], y1 = edges[4 * e + 3]
                let a = Int((min(x0, x1) - box.minX) / cellSize), b = Int((max(x0, x1) - box.minX) / cellSize)
                let c = Int((min(y0, y1) - box.minY) / cellSize), d = Int((max(y0, y1) - box.minY) / cellSize)
                return (max(0, min(columns - 1, a)), max(0, min(columns - 1, b)), max(0, min(rows - 1, c)), max(0, min(rows - 1, d)))
            }
            var counts = [Int32](repeating: 0, count: columns * rows + 1)
            for e in first..<last {
                let (a, b, c, d) = range(e)
                for y in c...d { for x in a...b { counts[y * columns + x + 1] += 1 } }
            }
            for k in 0..<(columns * rows) { counts[k + 1] += counts[k] }
            var fill = counts
            var local = [Int32](repeating: 0, count: Int(counts[columns * rows]))
            for e in first..<last {
                let (a, b, c, d) = range(e)
                for y in c...d {
                    for x in a...b {
                        local[Int(fill[y * columns + x])] = Int32(e)
                        fill[y * columns + x] += 1
                    }
                }
            }
            let base = Int32(cellEdges.count)
            grids.append(AreaGrid(box: box, cellSize: cellSize, columns: Int32(columns), rows: Int32(rows), cellBase: Int32(cellStart.count)))
            cellStart += counts.map { $0 + base }
            cellEdges += local
        }
        self.count = areas.count
        self.edges = FrozenBuffer(edges)
        self.grids = FrozenBuffer(grids)
        self.cellStart = FrozenBuffer(cellStart)
        self.cellEdges = FrozenBuffer(cellEdges)
    }

    /// Raw pointers for queries; valid while this index is alive.
    var view: View { View(edges: edges.base, grids: grids.base, cellStart: cellStart.base, cellEdges: cellEdges.base) }

    /// Distance in metres from `p` to the nearest edge of area `index`.
    func distance(_ index: Int, to p: Coordinate) -> Double { withExtendedLifetime(self) { view.distance(index, to: p) } }

    /// Raw pointers into an ``EdgeDistanceIndex``: a trivial value, free to copy in hot loops.
    struct View {
        let edges: UnsafePointer<Double>
        let grids: UnsafePointer<AreaGrid>
        let cellStart: UnsafePointer<Int32>
        let cellEdges: UnsafePointer<Int32>

        /// Distance in metres from `p` (same projected CRS) to the nearest edge of area
        /// `index`; `.infinity` when it has no edges.
        func distance(_ index: Int, to p: Coordinate) -> Double {
            let g = grids[index]
            let columns = Int(g.columns), rows = Int(g.rows)
            let base = Int(g.cellBase)
            guard cellStart[base + columns * rows] > cellStart[base] else { return .infinity }
            let box = g.box
            let qx = min(max(p.x, box.minX), box.maxX), qy = min(max(p.y, box.minY), box.maxY)
            let outside = ((p.x - qx) * (p.x - qx) + (p.y - qy) * (p.y - qy)).squareRoot()
            let cx = max(0, min(columns - 1, Int((qx - box.minX) / g.cellSize)))
            let cy = max(0, min(rows - 1, Int((qy - box.minY) / g.cellSize)))
            var best = Double.infinity
            var ring = 0
            while ring <= max(columns, rows) {
                // Every cell of this ring is at least (ring - 1) cells from q, hence from p.
                let bound = outside + Double(max(0, ring - 1)) * g.cellSize
                if bound * bound > best { break }
                let lx = cx - ring, hx = cx + ring, ly = cy - ring, hy = cy + ring
                for y in max(0, ly)...min(rows - 1, hy) {
                    let fullRow = y == ly || y == hy
                    var x = max(0, lx)
                    let xEnd = min(columns - 1, hx)
                    while x <= xEnd {
                        if fullRow || x == lx || x == hx {
                            let c = base + y * columns + x
                            for k in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                                let e = 4 * Int(cellEdges[k])
                                let d = SegmentDistance.squared(p.x, p.y, edges[e], edges[e + 1], edges[e + 2], edges[e + 3])
                                if d < best { best = d }
                            }
                            x += 1
                        } else {
                            x = hx
                        }
                    }
                }
                ring += 1
            }
            return best.squareRoot()
        }
    }
}
