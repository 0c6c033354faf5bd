/// Lon/lat geometry to tile coordinates: projected to the tile's pixels (Web Mercator),
/// clipped to the tile grown by a buffer (so strokes and fills meet across tile edges),
/// rounded to the integer grid, with repeated points dropped — at low zoom that rounding is
/// the simplification (points closer than one unit of 4096 merge).
enum TileGeometry {
    typealias Point = (Int32, Int32)

    static func points(_ coordinates: [Coordinate], tile: TileID, extent: Double) -> [[Point]] {
        coordinates.compactMap { c in
            let p = tile.pixel(c, extent: extent)
            guard p.x >= 0, p.x < extent, p.y >= 0, p.y < extent else { return nil }
            return [(Int32(p.x.rounded(.down)), Int32(p.y.rounded(.down)))]
        }
    }

    static func lines(_ lines: [[Coordinate]], tile: TileID, extent: Double, buffer: Double) -> [[Point]] {
        let (lo, hi) = (-buffer, extent + buffer)
        var result: [[Point]] = []
        for line in lines where line.count >= 2 {
            let pixels = line.map { tile.pixel($0, extent: extent) }
            var current: [Coordinate] = []
            for k in 0..<(pixels.count - 1) {
                guard let (a, b) = clip(pixels[k], pixels[k + 1], lo, hi) else {
                    if current.count >= 2 { result.append(quantize(current)) }
                    current = []
                    continue
                }
                if current.isEmpty || current.last! != a {
                    if current.count >= 2 { result.append(quantize(current)) }
                    current = [a]
                }
                current.append(b)
            }
            if current.count >= 2 { result.append(quantize(current)) }
        }
        return result.filter { $0.count >= 2 }
    }

    /// Polygons as rings (each polygon's exterior first, then its holes) with the exterior flags.
    static func polygons(_ polygons: [[[Coordinate]]], tile: TileID, extent: Double, buffer: Double) -> (rings: [[Point]], exteriors: [Bool]) {
        let (lo, hi) = (-buffer, extent + buffer)
        var rings: [[Point]] = [], exteriors: [Bool] = []
        for polygon in polygons {
            for (k, ring) in polygon.enumerated() {
                var pixels = ring.map { tile.pixel($0, extent: extent) }
                if pixels.count > 1, pixels.first == pixels.last { pixels.removeLast() }
                for edge in 0..<4 { pixels = clipRing(pixels, edge: edge, lo: lo, hi: hi) }
                var q = quantize(pixels)
                if q.count > 1, q.first! == q.last! { q.removeLast() }
                guard q.count >= 3, MVTWriter.area(q) != 0 else {
                    if k == 0 { break }  // the exterior vanished: so do its holes
                    continue
                }
                rings.append(q)
                exteriors.append(k == 0)
            }
        }
        return (rings, exteriors)
    }

    private static func quantize(_ points: [Coordinate]) -> [Point] {
        var out: [Point] = []
        for p in points {
            let q = (Int32(p.x.rounded()), Int32(p.y.rounded()))
            if out.isEmpty || out.last! != q { out.append(q) }
        }
        return out
    }

    /// Liang–Barsky clipping of a→b to the square [lo, hi]².
    private static func clip(_ a: Coordinate, _ b: Coordinate, _ lo: Double, _ hi: Double) -> (Coordinate, Coordinate)? {
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        for (p, q) in [(-dx, a.x - lo), (dx, hi - a.x), (-dy, a.y - lo), (dy, hi - a.y)] {
            if p == 0 { if q < 0 { return nil } else { continue } }
            let r = q / p
            if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) } else { if r < t0 { return nil }; t1 = min(t1, r) }
        }
        return (Coordinate(x: a.x + t0 * dx, y: a.y + t0 * dy), Coordinate(x: a.x + t1 * dx, y: a.y + t1 * dy))
    }

    /// One Sutherland–Hodgman pass against an edge of the square (0 left, 1 right, 2 top, 3 bottom).
    private static func clipRing(_ ring: [Coordinate], edge: Int, lo: Double, hi: Double) -> [Coordinate] {
        guard !ring.isEmpty else { return [] }
        func inside(_ p: Coordinate) -> Bool {
            switch edge { case 0: p.x >= lo; case 1: p.x <= hi; case 2: p.y >= lo; default: p.y <= hi }
        }
        func cross(_ a: Coordinate, _ b: Coordinate) -> Coordinate {
            let t: Double
            switch edge {
            case 0: t = (lo - a.x) / (b.x - a.x)
            case 1: t = (hi - a.x) / (b.x - a.x)
            case 2: t = (lo - a.y) / (b.y - a.y)
            default: t = (hi - a.y) / (b.y - a.y)
            }
            return Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
        }
        var out: [Coordinate] = []
        var previous = ring[ring.count - 1]
        for current in ring {
            if inside(current) {
                if !inside(previous) { out.append(cross(previous, current)) }
                out.append(current)
            } else if inside(previous) {
                out.append(cross(previous, current))
            }
            previous = current
        }
        return out
    }
}
