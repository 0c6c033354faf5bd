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
}
