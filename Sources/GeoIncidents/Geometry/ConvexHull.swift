/// Convex hulls of planar points (Andrew's monotone chain with exact orientation).
enum ConvexHull {
    /// The hull's vertices counter-clockwise, starting from the lowest-x (then lowest-y)
    /// point, without repeating it and without collinear points. One point for a single
    /// (or repeated) point, two for collinear points.
    static func of(_ input: [Coordinate]) -> [Coordinate] {
        indices(of: input.indices.map { Int32($0) }, in: input).map { input[Int($0)] }
    }

    /// The hull of the points `subset` of `points`, as indices into `points` (same order
    /// and rules as `of`), so callers can map hull vertices back to the original data.
    /// `dropInterior: false` sorts every point (the tests' reference).
    static func indices(of subset: [Int32], in points: [Coordinate], dropInterior: Bool = true) -> [Int32] {
        let order = (dropInterior ? withoutInterior(subset, in: points) : subset).sorted { i, j in
            let (a, b) = (points[Int(i)], points[Int(j)])
            return a.x != b.x ? a.x < b.x : a.y < b.y
        }
        func at(_ i: Int32) -> Coordinate { points[Int(i)] }
        guard order.count > 2 else {
            return order.count == 2 && at(order[0]) == at(order[1]) ? [order[0]] : order
        }
        var hull: [Int32] = []
        hull.reserveCapacity(32)
        for i in order {
            while hull.count >= 2 && Orientation.index(at(hull[hull.count - 2]), at(hull[hull.count - 1]), at(i)) <= 0 { hull.removeLast() }
            hull.append(i)
        }
        let lower = hull.count + 1
        for i in order.reversed().dropFirst() {
            while hull.count >= lower && Orientation.index(at(hull[hull.count - 2]), at(hull[hull.count - 1]), at(i)) <= 0 { hull.removeLast() }
            hull.append(i)
        }
        hull.removeLast()
        if hull.count == 2 && at(hull[0]) == at(hull[1]) { hull.removeLast() }
        return hull
    }

    /// `subset` without the points strictly inside the quadrilateral of its leftmost,
    /// lowest, rightmost and highest points (Akl–Toussaint): none of them can be a hull
    /// vertex, and with the exact orientation test none is dropped wrongly, so the hull is
    /// the same while the sort sees a fraction of a dense cluster's points.
    static func withoutInterior(_ subset: [Int32], in points: [Coordinate]) -> [Int32] {
        guard subset.count > 64 else { return subset }
        var left = subset[0], bottom = subset[0], right = subset[0], top = subset[0]
        for i in subset {
            let p = points[Int(i)]
            let (l, b, r, t) = (points[Int(left)], points[Int(bottom)], points[Int(right)], points[Int(top)])
            if p.x < l.x || (p.x == l.x && p.y < l.y) { left = i }
            if p.y < b.y || (p.y == b.y && p.x > b.x) { bottom = i }
            if p.x > r.x || (p.x == r.x && p.y > r.y) { right = i }
            if p.y > t.y || (p.y == t.y && p.x < t.x) { top = i }
        }
        // Counter-clockwise: every extreme point is on the hull, met in this order.
        var corners: [Coordinate] = []
        for i in [left, bottom, right, top] where corners.last != points[Int(i)] { corners.append(points[Int(i)]) }
        if corners.count > 1 && corners.first == corners.last { corners.removeLast() }
        guard corners.count >= 3 else { return subset }
        return subset.filter { i in
            let p = points[Int(i)]
            for k in 0..<corners.count where Orientation.index(corners[k], corners[(k + 1) % corners.count], p) <= 0 { return true }
            return false
        }
    }

    /// Whether `p` is inside or on the counter-clockwise convex polygon `hull` (≥ 3 vertices).
    static func contains(_ hull: [Coordinate], _ p: Coordinate) -> Bool {
        for k in 0..<hull.count where Orientation.index(hull[k], hull[(k + 1) % hull.count], p) < 0 { return false }
        return true
    }

    /// Area of the counter-clockwise polygon `hull` (0 for fewer than three vertices).
    static func area(_ hull: [Coordinate]) -> Double {
        guard hull.count >= 3 else { return 0 }
        var twice = 0.0
        for k in 0..<hull.count {
            let (a, b) = (hull[k], hull[(k + 1) % hull.count])
            twice += a.x * b.y - b.x * a.y
        }
        return twice / 2
    }

    /// Distance from the hull (a polygon, a segment or a point) to the segment a→b: 0 when
    /// the segment touches or enters it.
    static func distance(_ hull: [Coordinate], toSegment a: Coordinate, _ b: Coordinate) -> Double {
        switch hull.count {
        case 0: return .infinity
        case 1: return SegmentDistance.squared(hull[0].x, hull[0].y, a.x, a.y, b.x, b.y).squareRoot()
        case 2: return SegmentDistance.segmentToSegment(hull[0], hull[1], a, b)
        default:
            if contains(hull, a) || contains(hull, b) { return 0 }
            var best = Double.infinity
            for k in 0..<hull.count {
                best = min(best, SegmentDistance.segmentToSegment(hull[k], hull[(k + 1) % hull.count], a, b))
                if best == 0 { return 0 }
            }
            return best
        }
    }
}
