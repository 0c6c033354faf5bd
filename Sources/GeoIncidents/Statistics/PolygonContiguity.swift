/// Contiguity between polygon units from their geometry, tolerant of the slivers of real
/// boundary layers: two units are neighbours when their boundaries come within `tolerance`
/// of each other (in the coordinates' units; metres after projection). With tolerance 0 this
/// is exact queen contiguity (a shared point suffices, T-junctions included).
enum PolygonContiguity {
    /// Neighbour lists of `units`, each a list of polygons given by their rings (planar).
    static func neighbours(_ units: [[[[Coordinate]]]], tolerance: Double) -> SpatialWeights {
        let grid = BoundarySegmentGrid(units: units.map { Array($0.joined()) }, reach: tolerance / 2)
        let segments = grid.segments
        guard !segments.isEmpty else { return SpatialWeights(neighbourLists: units.map { _ in [] }) }
        var pairs = Set<Int64>()
        for slice in grid.allBuckets where slice.count > 1 {
            let bucket = Array(slice)
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
