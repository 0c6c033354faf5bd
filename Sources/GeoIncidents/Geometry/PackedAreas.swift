/// The edges of a whole layer of areas in flat storage, each area with its own slab index
/// for point-in-area tests.
///
/// The counting follows GEOS's `RayCrossingCounter` exactly (a ray to +x; an upward edge
/// includes its start, a downward edge its end; a point on an edge or a vertex is
/// `boundary`), with an exact orientation predicate, so it agrees with `ST_Covers` and
/// shapely's `covers` bit for bit. Queries go through ``PackedAreas/View``, a bundle of raw
/// pointers, so the hot loop does no reference counting.
package final class PackedAreas: Sendable {
    struct AreaInfo {
        var box: BoundingBox
        var inverseSlabHeight: Double
        var slabCount: Int32
        /// Index into `slabStart` of this area's first slab.
        var slabBase: Int32
        var edgeStart: Int32
        var edgeEnd: Int32
    }

    /// The number of areas.
    package let count: Int
    /// x0, y0, x1, y1 per edge.
    private let edges: FrozenBuffer<Double>
    private let info: FrozenBuffer<AreaInfo>
    private let slabStart: FrozenBuffer<Int32>
    private let slabEdges: FrozenBuffer<Int32>

    /// The areas, indexed in order (`package`: the demo tips use it to draw inside areas).
    package init(_ areas: [MultiPolygon]) {
        // Pass 1: each area's box and edge count, so every buffer is allocated once at its
        // final size (growing arrays cost more in page faults and copies than the work).
        var info: [AreaInfo] = []
        info.reserveCapacity(areas.count)
        var edgeTotal = 0, slabTotal = 0
        for area in areas {
            var box = BoundingBox.empty
            var n = 0
            for polygon in area.polygons {
                for ring in polygon.rings where ring.count > 1 {
                    for i in 0..<(ring.count - 1) where ring[i] != ring[i + 1] {
                        n += 1
                        box.expand(ring[i])
                    }
                }
            }
            let slabs = max(1, min(n, 8192))
            let inverse = box.isEmpty ? 1 : Double(slabs) / max(box.maxY - box.minY, 1e-12)
            info.append(AreaInfo(box: box, inverseSlabHeight: inverse, slabCount: Int32(slabs), slabBase: Int32(slabTotal),
                                 edgeStart: Int32(edgeTotal), edgeEnd: Int32(edgeTotal + n)))
            edgeTotal += n
            slabTotal += slabs + 1
        }
        // Pass 2: the edges, and each area's slab offsets.
        let edges = FrozenBuffer<Double>(count: edgeTotal * 4, repeating: 0)
        let slabStart = FrozenBuffer<Int32>(count: slabTotal, repeating: 0)
        var entryTotal = 0
        for (a, area) in areas.enumerated() {
            var e = Int(info[a].edgeStart)
            let box = info[a].box, inverse = info[a].inverseSlabHeight, slabs = Int(info[a].slabCount)
            let base = Int(info[a].slabBase)
            func slab(_ y: Double) -> Int {
                let s = Int(((y - box.minY) * inverse).rounded(.down))
                return s < 0 ? 0 : (s >= slabs ? slabs - 1 : s)
            }
            for polygon in area.polygons {
                for ring in polygon.rings where ring.count > 1 {
                    for i in 0..<(ring.count - 1) where ring[i] != ring[i + 1] {
                        let p = edges.pointer + 4 * e
                        p[0] = ring[i].x; p[1] = ring[i].y; p[2] = ring[i + 1].x; p[3] = ring[i + 1].y
                        for s in slab(min(p[1], p[3]))...slab(max(p[1], p[3])) { slabStart.pointer[base + s + 1] += 1 }
                        e += 1
                    }
                }
            }
            slabStart.pointer[base] = Int32(entryTotal)
            for s in 0..<slabs { slabStart.pointer[base + s + 1] += slabStart.pointer[base + s] }
            entryTotal = Int(slabStart.pointer[base + slabs])
        }
        // Pass 3: the slab entries.
        let slabEdges = FrozenBuffer<Int32>(count: entryTotal, repeating: 0)
        var fill = [Int32]()
        for a in 0..<areas.count {
            let box = info[a].box, inverse = info[a].inverseSlabHeight, slabs = Int(info[a].slabCount)
            let base = Int(info[a].slabBase)
            fill.removeAll(keepingCapacity: true)
            for s in 0...slabs { fill.append(slabStart.pointer[base + s]) }
            for e in Int(info[a].edgeStart)..<Int(info[a].edgeEnd) {
                let y0 = edges.pointer[4 * e + 1], y1 = edges.pointer[4 * e + 3]
                var lo = Int(((min(y0, y1) - box.minY) * inverse).rounded(.down))
                var hi = Int(((max(y0, y1) - box.minY) * inverse).rounded(.down))
                lo = lo < 0 ? 0 : (lo >= slabs ? slabs - 1 : lo)
                hi = hi < 0 ? 0 : (hi >= slabs ? slabs - 1 : hi)
                for s in lo...hi {
                    slabEdges.pointer[Int(fill[s])] = Int32(e)
                    fill[s] += 1
                }
            }
        }
        self.count = areas.count
        self.edges = edges
        self.info = FrozenBuffer(info)
        self.slabStart = slabStart
        self.slabEdges = slabEdges
    }

    /// The edges of area `index` as two-point rings (for a metric index built on demand).
    func segments(_ index: Int) -> [[Coordinate]] {
        let a = info.base[index]
        let e = edges.base
        return (Int(a.edgeStart)..<Int(a.edgeEnd)).map { k in
            [Coordinate(x: e[4 * k], y: e[4 * k + 1]), Coordinate(x: e[4 * k + 2], y: e[4 * k + 3])]
        }
    }

    /// Raw pointers for queries; valid while this object is alive.
    var view: View { View(edges: edges.base, info: info.base, slabStart: slabStart.base, slabEdges: slabEdges.base) }

    /// The bounding box of area `index`.
    func boundingBox(_ index: Int) -> BoundingBox { info.base[index].box }

    /// Where `p` lies relative to area `index`.
    package func locate(_ index: Int, _ p: Coordinate) -> PointLocation { withExtendedLifetime(self) { view.locate(index, p) } }

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
