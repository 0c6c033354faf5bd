/// Point-in-area location for one (multi)polygon, with the edges bucketed into horizontal
/// slabs so that a query looks only at the edges whose y-range contains the point.
///
/// The counting follows GEOS's `RayCrossingCounter` exactly (a ray to +x; an upward edge
/// includes its start, a downward edge its end; a point on an edge or vertex is
/// `boundary`), with an exact orientation predicate, so it agrees with
/// `ST_Covers` / shapely `covers` bit for bit.
struct AreaLocator: Sendable {
    /// Edge end points, flat: edge i is (x0[i], y0[i]) → (x1[i], y1[i]).
    private let x0: [Double], y0: [Double], x1: [Double], y1: [Double]
    private let minY: Double
    private let inverseSlabHeight: Double
    private let slabCount: Int
    private let slabStart: [Int32]
    private let slabEdges: [Int32]
    /// The box around all rings.
    let boundingBox: BoundingBox

    init(_ area: MultiPolygon) {
        var x0: [Double] = [], y0: [Double] = [], x1: [Double] = [], y1: [Double] = []
        var box = BoundingBox.empty
        for ring in area.allRings {
            for i in 0..<(ring.count - 1) {
                let a = ring[i], b = ring[i + 1]
                if a == b { continue }
                x0.append(a.x); y0.append(a.y); x1.append(b.x); y1.append(b.y)
                box.expand(a)
            }
        }
        self.boundingBox = box
        let edgeCount = x0.count
        let slabs = max(1, min(edgeCount / 2, 4096))
        let height = box.isEmpty ? 1 : max(box.maxY - box.minY, 1e-12)
        self.minY = box.isEmpty ? 0 : box.minY
        self.inverseSlabHeight = Double(slabs) / height
        self.slabCount = slabs
        var counts = [Int32](repeating: 0, count: slabs + 1)
        func slab(_ y: Double, _ minY: Double, _ inverse: Double) -> Int {
            let s = Int(((y - minY) * inverse).rounded(.down))
            return s < 0 ? 0 : (s >= slabs ? slabs - 1 : s)
        }
        let minYValue = self.minY, inverse = self.inverseSlabHeight
        for e in 0..<edgeCount {
            let lo = slab(min(y0[e], y1[e]), minYValue, inverse), hi = slab(max(y0[e], y1[e]), minYValue, inverse)
            for s in lo...hi { counts[s + 1] += 1 }
        }
        for s in 0..<slabs { counts[s + 1] += counts[s] }
        var fill = counts
        var edges = [Int32](repeating: 0, count: Int(counts[slabs]))
        for e in 0..<edgeCount {
            let lo = slab(min(y0[e], y1[e]), minYValue, inverse), hi = slab(max(y0[e], y1[e]), minYValue, inverse)
            for s in lo...hi {
                edges[Int(fill[s])] = Int32(e)
                fill[s] += 1
            }
        }
        self.slabStart = counts
        self.slabEdges = edges
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    /// Where `p` lies: interior, boundary or exterior.
    func locate(_ p: Coordinate) -> PointLocation {
        guard boundingBox.contains(p) else { return .exterior }
        var s = Int(((p.y - minY) * inverseSlabHeight).rounded(.down))
        if s < 0 { s = 0 } else if s >= slabCount { s = slabCount - 1 }
        var crossings = 0
        let start = Int(slabStart[s]), end = Int(slabStart[s + 1])
        return slabEdges.withUnsafeBufferPointer { edges in
            for k in start..<end {
                let e = Int(edges[k])
                let ax = x0[e], ay = y0[e], bx = x1[e], by = y1[e]
                if ax < p.x && bx < p.x { continue }
                if p.x == bx && p.y == by { return .boundary }
                if p.x == ax && p.y == ay { return .boundary }
                if ay == p.y && by == p.y {
                    if min(ax, bx) <= p.x && p.x <= max(ax, bx) { return .boundary }
                    continue
                }
                if (ay > p.y && by <= p.y) || (by > p.y && ay <= p.y) {
                    var orient = Orientation.index(Coordinate(x: ax, y: ay), Coordinate(x: bx, y: by), p)
                    if orient == 0 { return .boundary }
                    if by < ay { orient = -orient }
                    if orient > 0 { crossings += 1 }
                }
            }
            return crossings % 2 == 1 ? .interior : .exterior
        }
    }
}

extension AreaLocator {
    /// Calls `body` with the bounding box of every edge.
    func forEachEdgeBox(_ body: (Double, Double, Double, Double) -> Void) {
        for e in 0..<x0.count {
            body(min(x0[e], x1[e]), min(y0[e], y1[e]), max(x0[e], x1[e]), max(y0[e], y1[e]))
        }
    }
}
