/// Exact orientation of three points, after Shewchuk's adaptive predicates: a fast
/// floating-point answer when its error bound proves the sign, else an exact expansion.
///
/// Assignment depends on it: a tip exactly on a shared edge must be seen *on* the edge
/// (then the smallest code wins), as GEOS and PostGIS see it.
enum Orientation {
    /// +1 when `c` is left of the directed line a→b (counter-clockwise), −1 when right, 0 when collinear.
    @inline(__always)
    static func index(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Int {
        let detLeft = (a.x - c.x) * (b.y - c.y)
        let detRight = (a.y - c.y) * (b.x - c.x)
        let det = detLeft - detRight
        let detSum: Double
        if detLeft > 0 {
            if detRight <= 0 { return signum(det) }
            detSum = detLeft + detRight
        } else if detLeft < 0 {
            if detRight >= 0 { return signum(det) }
            detSum = -detLeft - detRight
        } else {
            return signum(det)
        }
        let errorBound = 3.3306690738754716e-16 * detSum  // (3 + 16ε)ε
        if det >= errorBound || -det >= errorBound { return signum(det) }
        return exactIndex(a, b, c)
    }

    @inline(__always)
    private static func signum(_ v: Double) -> Int { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// The exact sign of ax·by − ax·cy − ay·bx + ay·cx + bx·cy − by·cx, summed as a
    /// non-overlapping expansion of the twelve exact product halves.
    static func exactIndex(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Int {
        var expansion = [Double]()
        expansion.reserveCapacity(12)
        func add(_ p: Double, _ q: Double) {
            let product = p * q
            let error = (-product).addingProduct(p, q)  // exact low half (fused multiply-add)
            grow(&expansion, error)
            grow(&expansion, product)
        }
        add(a.x, b.y)
        add(-a.x, c.y)
        add(-a.y, b.x)
        add(a.y, c.x)
        add(b.x, c.y)
        add(-b.y, c.x)
        for value in expansion.reversed() where value != 0 { return value > 0 ? 1 : -1 }
        return 0
    }

    /// Adds `b` to a non-overlapping expansion (Shewchuk's GROW-EXPANSION), dropping zeros.
    private static func grow(_ expansion: inout [Double], _ b: Double) {
        var q = b
        var result: [Double] = []
        result.reserveCapacity(expansion.count + 1)
        for e in expansion {
            let sum = q + e
            let bVirtual = sum - q
            let aVirtual = sum - bVirtual
            let error = (q - aVirtual) + (e - bVirtual)
            if error != 0 { result.append(error) }
            q = sum
        }
        if q != 0 { result.append(q) }
        expansion = result
    }
}
