/// Euclidean distance helpers, for coordinates in a projected CRS (metres).
enum SegmentDistance {
    /// Squared distance from `p` to the segment a→b.
    @inline(__always)
    static func squared(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
        let dx = bx - ax, dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        var t = 0.0
        if lengthSquared > 0 {
            t = ((px - ax) * dx + (py - ay) * dy) / lengthSquared
            t = t < 0 ? 0 : (t > 1 ? 1 : t)
        }
        let cx = ax + t * dx - px, cy = ay + t * dy - py
        return cx * cx + cy * cy
    }

    /// Distance between segments a→b and c→d: 0 when they touch or cross (decided with
    /// exact orientation), else the least endpoint-to-segment distance.
    static func segmentToSegment(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate, _ d: Coordinate) -> Double {
        if intersects(a, b, c, d) { return 0 }
        let m = min(squared(a.x, a.y, c.x, c.y, d.x, d.y), squared(b.x, b.y, c.x, c.y, d.x, d.y),
                    squared(c.x, c.y, a.x, a.y, b.x, b.y), squared(d.x, d.y, a.x, a.y, b.x, b.y))
        return m.squareRoot()
    }

    /// Whether closed segments a→b and c→d share a point.
    static func intersects(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate, _ d: Coordinate) -> Bool {
        let o1 = Orientation.index(a, b, c), o2 = Orientation.index(a, b, d)
        let o3 = Orientation.index(c, d, a), o4 = Orientation.index(c, d, b)
        if o1 != o2 && o3 != o4 && o1 * o2 <= 0 && o3 * o4 <= 0 { return true }
        func within(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate) -> Bool {
            min(p.x, q.x) <= r.x && r.x <= max(p.x, q.x) && min(p.y, q.y) <= r.y && r.y <= max(p.y, q.y)
        }
        if o1 == 0 && within(a, b, c) { return true }
        if o2 == 0 && within(a, b, d) { return true }
        if o3 == 0 && within(c, d, a) { return true }
        if o4 == 0 && within(c, d, b) { return true }
        return false
    }
}
