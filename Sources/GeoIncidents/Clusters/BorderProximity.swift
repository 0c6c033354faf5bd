/// Lines in a projected CRS (metres), each tagged with the item it belongs to (a shared
/// border, or a commune's boundary): "which item is nearest to this point or hull, and how
/// far".
struct BorderProximity {
    private let grid: BoundarySegmentGrid
    /// Searches up to this distance cost one bucket; farther ones look at more buckets.
    let reach: Double

    /// `lines[i]` are item i's lines (metres).
    init(lines: [[[Coordinate]]], reach: Double) {
        grid = BoundarySegmentGrid(units: lines, reach: reach)
        self.reach = reach
    }

    var isEmpty: Bool { grid.segments.isEmpty }

    /// The item nearest to `p` within `reach`, and its distance. Ties go to the lower item.
    func nearest(to p: Coordinate) -> (item: Int, distance: Double)? {
        var item = -1
        var bestSquared = reach * reach
        for s in grid.candidates(near: p) {
            let segment = grid.segments[Int(s)]
            let d2 = SegmentDistance.squared(p.x, p.y, segment.a.x, segment.a.y, segment.b.x, segment.b.y)
            if d2 < bestSquared || (d2 == bestSquared && (item < 0 || Int(segment.unit) < item)) {
                bestSquared = d2
                item = Int(segment.unit)
            }
        }
        return item < 0 ? nil : (item, bestSquared.squareRoot())
    }

    /// The item nearest to the convex `hull` (see `ConvexHull.of`) within `maxDistance`, and
    /// the distance (0 when a line touches or crosses the hull). Ties go to the lower item.
    func nearest(toHull hull: [Coordinate], within maxDistance: Double) -> (item: Int, distance: Double)? {
        guard !hull.isEmpty, !isEmpty else { return nil }
        var box = BoundingBox.empty
        for p in hull { box.expand(p) }
        var best: (item: Int, distance: Double)?
        for s in grid.candidates(in: box.expanded(by: max(0, maxDistance - reach))) {
            let segment = grid.segments[Int(s)]
            // Cheap rejection on the boxes before the exact distance.
            let gapX = max(0, min(segment.a.x, segment.b.x) - box.maxX, box.minX - max(segment.a.x, segment.b.x))
            let gapY = max(0, min(segment.a.y, segment.b.y) - box.maxY, box.minY - max(segment.a.y, segment.b.y))
            let bound = min(maxDistance, best?.distance ?? .infinity)
            guard gapX * gapX + gapY * gapY <= bound * bound else { continue }
            let d = ConvexHull.distance(hull, toSegment: segment.a, segment.b)
            guard d <= maxDistance else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && Int(segment.unit) < best!.item) {
                best = (Int(segment.unit), d)
            }
        }
        return best
    }

    /// The nearest item to `hull`, looking up to `reach` (at least one metre) first and then
    /// 4, 16… times as far, up to `limit` metres. A `reach` of 0 once made this loop forever.
    func nearest(toHull hull: [Coordinate], searchingUpTo limit: Double) -> (item: Int, distance: Double)? {
        guard limit.isFinite, limit >= 0 else { return nil }
        var radius = min(max(reach, 1), limit)
        while true {
            if let found = nearest(toHull: hull, within: radius) { return found }
            if radius >= limit { return nil }
            radius = min(limit, radius * 4)
        }
    }
}
