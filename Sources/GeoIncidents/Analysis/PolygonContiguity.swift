/// Contiguity between polygon units from their geometry, tolerant of the slivers of real
/// boundary layers: two units are neighbours when their boundaries come within `tolerance`
/// of each other (in the coordinates' units; metres after projection). With tolerance 0 this
/// is exact queen contiguity (a shared point suffices, T-junctions included).
enum PolygonContiguity {
    /// Neighbour lists of `units`, each a list of polygons given by their rings (planar).
    static func neighbours(_ units: [[[[Coordinate]]]], tolerance: Double) -> SpatialWeights {
        struct Segment { var unit: Int32; var a: Coordinate; var b: Coordinate }
        var segments: [Segment] = []
        var box = BoundingBox.empty
        for (u, polygons) in units.enumerated() {
            for ring in polygons.joined() where ring.count > 1 {
                for k in 0..<(ring.count - 1) where ring[k] != ring[k + 1] {
                    segments.append(Segment(unit: Int32(u), a: ring[k], b: ring[k + 1]))
                    box.expand(ring[k])
                }
            }
        }
        guard !segments.isEmpty else { return SpatialWeights(neighbourLists: units.map { _ in [] }) }
        // A uniform grid of buckets about 4 average segment lengths wide.
        var total = 0.0
        for s in segments { total += abs(s.b.x - s.a.x) + abs(s.b.y - s.a.y) }
        let width = max(4 * total / Double(segments.count), 2 * tolerance, 1e-9 * max(box.maxX - box.minX, box.maxY - box.minY, 1))
        let columns = max(1, min(1 << 14, Int(((box.maxX - box.minX) / width).rounded(.up)) + 1))
        let rows = max(1, min(1 << 14, Int(((box.maxY - box.minY) / width).rounded(.up)) + 1))
        let cellW = max((box.maxX - box.minX) / Double(columns), 1e-300), cellH = max((box.maxY - box.minY) / Double(rows), 1e-300)
        func column(_ x: Double) -> Int { max(0, min(columns - 1, Int((x - box.minX) / cellW))) }
        func row(_ y: Double) -> Int { max(0, min(rows - 1, Int((y - box.minY) / cellH))) }
        var buckets: [Int: [Int32]] = [:]
        let half = tolerance / 2
        for (index, s) in segments.enumerated() {
            for r in row(min(s.a.y, s.b.y) - half)...row(max(s.a.y, s.b.y) + half) {
                for c in column(min(s.a.x, s.b.x) - half)...column(max(s.a.x, s.b.x) + half) {
                    buckets[r * columns + c, default: []].append(Int32(index))
                }
            }
        }
        var pairs = Set<Int64>()
        for bucket in buckets.values where bucket.count > 1 {
            for x in 0..<(bucket.count - 1) {
                let s = segments[Int(bucket[x])]
                for y in (x + 1)..<bucket.count {
                    let t = segments[Int(bucket[y])]
                    guard s.unit != t.unit else { continue }
                    let key = Int64(min(s.unit, t.unit)) << 32 | Int64(max(s.unit, t.unit))
                    if pairs.contains(key) { continue }
                    if SegmentDistance.segmentToSegment(s.a, s.b, t.a, t.b) <= tolerance { pairs.insert(key) }
                }
            }
        }
        var lists = [[Int]](repeating: [], count: units.count)
        for key in pairs {
            let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
            lists[a].append(b)
            lists[b].append(a)
        }
        return SpatialWeights(neighbourLists: lists)
    }
}
