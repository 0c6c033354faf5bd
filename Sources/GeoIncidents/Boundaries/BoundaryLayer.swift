import Synchronization

/// One level of boundaries held in memory for assignment: exact point-in-area tests in
/// lon/lat, a grid over them, and metric edge indexes (built eagerly, or on first use).
final class BoundaryLayer: Sendable {
    let level: AdminLevel
    let codes: [String]
    let parentCodes: [String?]
    let areas: PackedAreas
    let grid: LayerGrid
    let metricCRS: String
    /// Rank of each unit's code in code order (smaller rank = smaller code).
    let codeRank: FrozenBuffer<Int32>
    /// Index of each unit's parent in the layer above (−1 when unknown).
    let parentIndex: FrozenBuffer<Int32>
    /// The units of each parent code (for nearest-unit searches).
    let childrenByParent: [String: [Int]]
    private let eagerMetric: EdgeDistanceIndex?
    private let lazyMetric: Mutex<[Int: EdgeDistanceIndex]>

    init(level: AdminLevel, units: [(code: String, parent: String?, area: MultiPolygon)], parentCodes parentLayerCodes: [String],
         metricCRS: String, eagerMetric: Bool) throws {
        self.level = level
        self.codes = units.map(\.code)
        self.parentCodes = units.map(\.parent)
        self.metricCRS = metricCRS
        let areas = PackedAreas(units.map(\.area))
        self.areas = areas
        self.grid = LayerGrid(areas: areas)
        let order = units.indices.sorted { CodeOrder.isSmaller(units[$0].code, units[$1].code) }
        var rank = [Int32](repeating: 0, count: units.count)
        for (position, index) in order.enumerated() { rank[index] = Int32(position) }
        self.codeRank = FrozenBuffer(rank)
        let parentPosition = Dictionary(parentLayerCodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        self.parentIndex = FrozenBuffer(units.map { Int32($0.parent.flatMap { parentPosition[$0] } ?? -1) })
        var children: [String: [Int]] = [:]
        for (index, unit) in units.enumerated() { if let parent = unit.parent { children[parent, default: []].append(index) } }
        self.childrenByParent = children
        if eagerMetric {
            let projector = try Projector(targetCRS: metricCRS)
            self.eagerMetric = EdgeDistanceIndex(areas: units.map { unit in
                unit.area.allRings.map { ring in
                    var projected = ring
                    projector.forward(&projected)
                    return projected
                }
            })
        } else {
            // Built per unit on first use, from the packed edges (no second copy of the rings).
            self.eagerMetric = nil
        }
        self.lazyMetric = Mutex([:])
    }

    var count: Int { codes.count }

    /// Metric distance from `metricPoint` to the edges of unit `index`.
    func distance(unit index: Int, metricPoint: Coordinate) -> Double {
        if let eagerMetric { return eagerMetric.distance(index, to: metricPoint) }
        if let cached = lazyMetric.withLock({ $0[index] }) { return cached.distance(0, to: metricPoint) }
        var projected = areas.segments(index)
        if let projector = try? Projector(targetCRS: metricCRS) {
            for i in projected.indices { projector.forward(&projected[i]) }
        }
        let built = EdgeDistanceIndex(areas: [projected])
        lazyMetric.withLock { $0[index] = built }
        return built.distance(0, to: metricPoint)
    }

    /// Raw views for a hot loop; valid while this layer is alive.
    var view: View {
        View(areas: areas.view, grid: grid.view, codeRank: codeRank.base, parentIndex: parentIndex.base, metric: eagerMetric?.view)
    }

    /// Raw pointers into a layer: trivial to copy, no reference counting.
    struct View {
        let areas: PackedAreas.View
        let grid: LayerGrid.View
        let codeRank: UnsafePointer<Int32>
        let parentIndex: UnsafePointer<Int32>
        /// The metric edge index when the layer built it eagerly (communes), else nil.
        let metric: EdgeDistanceIndex.View?

        /// The units covering `p`, with their locations.
        @inline(__always)
        func covering(_ p: Coordinate, into result: inout CoveringList) {
            result.removeAll()
            grid.forEachCandidate(p) { index, whollyInside in
                if whollyInside {
                    result.append(CoveringUnit(index: Int32(truncatingIfNeeded: index), location: .interior))
                } else {
                    let location = areas.locate(index, p)
                    if location != .exterior { result.append(CoveringUnit(index: Int32(truncatingIfNeeded: index), location: location)) }
                }
            }
        }
    }

    /// Units whose cells lie within `marginDegrees` of `p` (a pre-filter for nearest search).
    func candidates(near p: Coordinate, marginDegrees: Double) -> [Int] {
        var seen = Set<Int>()
        let box = grid.box
        let size = grid.cellSize
        let c0 = max(0, Int(((p.x - marginDegrees) - box.minX) / size)), c1 = min(grid.columns - 1, Int(((p.x + marginDegrees) - box.minX) / size))
        let r0 = max(0, Int(((p.y - marginDegrees) - box.minY) / size)), r1 = min(grid.rows - 1, Int(((p.y + marginDegrees) - box.minY) / size))
        guard c0 <= c1, r0 <= r1 else { return [] }
        for r in r0...r1 {
            for c in c0...c1 { grid.forEachEntry(column: c, row: r) { index, _ in seen.insert(index) } }
        }
        return seen.sorted()
    }
}
