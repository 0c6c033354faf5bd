/// The edges of a whole layer of areas in flat storage, each area with its own slab index
/// for point-in-area tests.
///
/// The counting follows GEOS's `RayCrossingCounter` exactly (a ray to +x; an upward edge
/// includes its start, a downward edge its end; a point on an edge or a vertex is
/// `boundary`), with an exact orientation predicate, so it agrees with `ST_Covers` and
/// shapely's `covers` bit for bit. Queries go through ``PackedAreas/View``, a bundle of raw
/// pointers, so the hot loop does no reference counting.
final class PackedAreas: Sendable {
    struct AreaInfo {
        var box: BoundingBox
        var inverseSlabHeight: Double
        var slabCount: Int32
        /// Index into `slabStart` of this area's first slab.
        var slabBase: Int32
        var edgeStart: Int32
        var edgeEnd: Int32
    }

    let count: Int
    /// x0, y0, x1, y1 per edge.
    private let edges: FrozenBuffer<Double>
    private let info: FrozenBuffer<AreaInfo>
    private let slabStart: FrozenBuffer<Int32>
    private let slabEdges: FrozenBuffer<Int32>

    init(_ areas: [MultiPolygon]) {
        var edges: [Double] = []
        var info: [AreaInfo] = []
        var slabStart: [Int32] = []
        var slabEdges: [Int32] = []
        for area in areas {
            let first = edges.count / 4
            var box = BoundingBox.empty
            for ring in area.allRings where ring.count > 1 {
                for i in 0..<(ring.count - 1) where ring[i] != ring[i + 1] {
                    edges.append(ring[i].x); edges.append(ring[i].y); edges.append(ring[i + 1].x); edges.append(ring[i + 1].y)
                    box.expand(ring[i])
                }
            }
            let last = edges.count / 4
            let slabs = max(1, min(last - first, 8192))
            let minY = box.isEmpty ? 0 : box.minY
            let inverse = box.isEmpty ? 1 : Double(slabs) / max(box.maxY - box.minY, 1e-12)
            func slab(_ y: Double) -> Int {
                let s = Int(((y - minY) * inverse).rounded(.down))
                return s < 0 ? 0 : (s >= slabs ? slabs - 1 : s)
            }
            var counts = [Int32](repeating: 0, count: slabs + 1)
            for e in first..<last {
                let y0 = edges[4 * e + 1], y1 = edges[4 * e + 3]
                for s in slab(min(y0, y1))...slab(max(y0, y1)) { counts[s + 1] += 1 }
            }
            for s in 0..<slabs { counts[s + 1] += counts[s] }
            let base = Int32(slabEdges.count)
            var fill = counts
            var local = [Int32](repeating: 0, count: Int(counts[slabs]))
            for e in first..<last {
                let y0 = edges[4 * e + 1], y1 = edges[4 * e + 3]
                for s in slab(min(y0, y1))...slab(max(y0, y1)) {
                    local[Int(fill[s])] = Int32(e)
                    fill[s] += 1
                }
            }
            info.append(AreaInfo(box: box, inverseSlabHeight: inverse, slabCount: Int32(slabs), slabBase: Int32(slabStart.count),
                                 edgeStart: Int32(first), edgeEnd: Int32(last)))
            slabStart += counts.map { $0 + base }
            slabEdges += local
        }
        self.count = areas.count
        self.edges = FrozenBuffer(edges)
        self.info = FrozenBuffer(info)
        self.slabStart = FrozenBuffer(slabStart)
        self.slabEdges = FrozenBuffer(slabEdges)
    }

    /// Raw pointers for queries; valid while this object is alive.
    var view: View { View(edges: edges.base, info: info.base, slabStart: slabStart.base, slabEdges: slabEdges.base) }

    /// The bounding box of area `index`.
    func boundingBox(_ index: Int) -> BoundingBox { info.base[index].box }

    /// Where `p` lies relative to area `index`.
    func locate(_ index: Int, _ p: Coordinate) -> PointLocation { withExtendedLifetime(self) { view.locate(index, p) } }

    /// Calls `body` with the box (minX, minY, maxX, maxY) of every edge of area `index`.
    func forEachEdgeBox(_ index: Int, _ body: (Double, Double, Double, Double) -> Void) {
        let a = info.base[index]
        let e = edges.base
        for k in Int(a.edgeStart)..<Int(a.edgeEnd) {
            let x0 = e[4 * k], y0 = e[4 * k + 1], x1 = e[4 * k + 2], y1 = e[4 * k + 3]
            body(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        }
    }

    /// Raw pointers into a ``PackedAreas``: a trivial value, free to copy in hot loops.
    struct View {
        let edges: UnsafePointer<Double>
        let info: UnsafePointer<AreaInfo>
        let slabStart: UnsafePointer<Int32>
        let slabEdges: UnsafePointer<Int32>

        @inline(__always)
        func locate(_ index: Int, _ p: Coordinate) -> PointLocation {
            let a = info[index]
            guard a.box.contains(p) else { return .exterior }
            var s = Int(((p.y - a.box.minY) * a.inverseSlabHeight).rounded(.down))
            let slabs = Int(a.slabCount)
            if s < 0 { s = 0 } else if s >= slabs { s = slabs - 1 }
            let slot = Int(a.slabBase) + s
            var crossings = 0
            for k in Int(slabStart[slot])..<Int(slabStart[slot + 1]) {
                let e = 4 * Int(slabEdges[k])
                let ax = edges[e], ay = edges[e + 1], bx = edges[e + 2], by = edges[e + 3]
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
            return crossings & 1 == 1 ? .interior : .exterior
        }
    }
}
