/// Keeps only the parts of many lon/lat lines that can come near some metric boxes, and
/// projects those: a country's boundaries hold a million vertices, a few hundred clusters
/// need the few thousand around them.
enum LinePruning {
    /// Item by item, the runs of segments of `lines` (lon/lat) that may lie within `distance`
    /// metres of one of `boxes` (metres, in `pool`'s CRS), projected. A superset: a kept
    /// segment may be farther, a dropped one never is nearer.
    static func project(_ lines: [[[Coordinate]]], near boxes: [BoundingBox], within distance: Double,
                        pool: ProjectorPool) throws -> [[[Coordinate]]] {
        guard !boxes.isEmpty else { return lines.map { _ in [] } }
        // The boxes, grown by the distance, in lon/lat (corners and edge midpoints unprojected,
        // then padded for the curvature of projected edges).
        var outline: [Coordinate] = []
        for box in boxes {
            let b = box.expanded(by: distance)
            let (mx, my) = ((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2)
            outline += [Coordinate(x: b.minX, y: b.minY), Coordinate(x: b.maxX, y: b.minY), Coordinate(x: b.minX, y: b.maxY),
                        Coordinate(x: b.maxX, y: b.maxY), Coordinate(x: mx, y: b.minY), Coordinate(x: mx, y: b.maxY),
                        Coordinate(x: b.minX, y: my), Coordinate(x: b.maxX, y: my)]
        }
        try pool.withProjector { $0.inverse(&outline) }
        // A mask of 0.02° cells touched by a grown box; a segment is kept when a cell of
        // either end is marked, or when it is longer than a cell (it may cross one).
        let cell = 0.02
        var region = BoundingBox.empty
        var lonLatBoxes: [BoundingBox] = []
        for k in stride(from: 0, to: outline.count, by: 8) {
            var box = BoundingBox.empty
            for p in outline[k..<(k + 8)] where p.x.isFinite && p.y.isFinite { box.expand(p) }
            guard !box.isEmpty else { continue }
            box = box.expanded(by: cell + 0.001)
            lonLatBoxes.append(box)
            region.expand(box)
        }
        guard !region.isEmpty else { return lines.map { _ in [] } }
        let columns = Int(((region.maxX - region.minX) / cell).rounded(.up)) + 1
        let rows = Int(((region.maxY - region.minY) / cell).rounded(.up)) + 1
        var mask = [Bool](repeating: false, count: columns * rows)
        for box in lonLatBoxes {
            let c0 = Int((box.minX - region.minX) / cell), c1 = Int((box.maxX - region.minX) / cell)
            let r0 = Int((box.minY - region.minY) / cell), r1 = Int((box.maxY - region.minY) / cell)
            for r in r0...min(r1, rows - 1) { for c in c0...min(c1, columns - 1) { mask[r * columns + c] = true } }
        }
        func marked(_ p: Coordinate) -> Bool {
            guard region.contains(p) else { return false }
            return mask[Int((p.y - region.minY) / cell) * columns + Int((p.x - region.minX) / cell)]
        }
        let kept: [[[Coordinate]]] = lines.map { item in
            var runs: [[Coordinate]] = []
            for line in item where line.count > 1 {
                var run: [Coordinate] = []
                for k in 0..<(line.count - 1) {
                    let (a, b) = (line[k], line[k + 1])
                    if marked(a) || marked(b) || abs(b.x - a.x) > cell || abs(b.y - a.y) > cell {
                        if run.isEmpty { run.append(a) }
                        run.append(b)
                    } else if !run.isEmpty {
                        runs.append(run)
                        run = []
                    }
                }
                if !run.isEmpty { runs.append(run) }
            }
            return runs
        }
        return try ParallelProjection.forward(kept, pool: pool)
    }
}
