import Synchronization

/// One level of boundaries held in memory for assignment: exact point-in-area locators in
/// lon/lat, a grid over them, and metric edge indexes (built eagerly, or on first use).
final class BoundaryLayer: Sendable {
    let level: AdminLevel
    let codes: [String]
    let parentCodes: [String?]
    let locators: [AreaLocator]
    let grid: LayerGrid
    let metricCRS: String
    private let rings: [[[Coordinate]]]
    private let eagerMetric: [EdgeDistanceIndex]?
    private let lazyMetric: Mutex<[Int: EdgeDistanceIndex]>
    private let lazyProjector: Mutex<Projector?>
    /// Rank of each unit's code in code order (smaller rank = smaller code).
    let codeRank: [Int32]
    /// The units of each parent code.
    let childrenByParent: [String: [Int]]

    init(level: AdminLevel, units: [(code: String, parent: String?, area: MultiPolygon)], metricCRS: String, eagerMetric: Bool) throws {
        self.level = level
        self.codes = units.map(\.code)
        self.parentCodes = units.map(\.parent)
        self.metricCRS = metricCRS
        self.rings = units.map { $0.area.allRings }
        let locators = units.map { AreaLocator($0.area) }
        self.locators = locators
        self.grid = LayerGrid(locators: locators)
        let order = units.indices.sorted { CodeOrder.isSmaller(units[$0].code, units[$1].code) }
        var rank = [Int32](repeating: 0, count: units.count)
        for (position, index) in order.enumerated() { rank[index] = Int32(position) }
        self.codeRank = rank
        var children: [String: [Int]] = [:]
        for (index, unit) in units.enumerated() { if let parent = unit.parent { children[parent, default: []].append(index) } }
        self.childrenByParent = children
        if eagerMetric {
            let projector = try Projector(targetCRS: metricCRS)
            self.eagerMetric = units.map { unit in
                EdgeDistanceIndex(rings: unit.area.allRings.map { ring in
                    var projected = ring
                    projector.forward(&projected)
                    return projected
                })
            }
            self.lazyProjector = Mutex(nil)
        } else {
            self.eagerMetric = nil
            self.lazyProjector = Mutex(try Projector(targetCRS: metricCRS))
        }
        self.lazyMetric = Mutex([:])
    }

    var count: Int { codes.count }

    /// Metric distance from `metricPoint` to the edges of unit `index`.
    func distance(unit index: Int, metricPoint: Coordinate) -> Double {
        if let eagerMetric { return eagerMetric[index].distance(to: metricPoint) }
        let cached = lazyMetric.withLock { $0[index] }
        if let cached { return cached.distance(to: metricPoint) }
        let built = lazyProjector.withLock { projector -> EdgeDistanceIndex in
            EdgeDistanceIndex(rings: rings[index].map { ring in
                var projected = ring
                projector?.forward(&projected)
                return projected
            })
        }
        lazyMetric.withLock { $0[index] = built }
        return built.distance(to: metricPoint)
    }

    /// The units covering `p` with their locations, in no particular order.
    @inline(__always)
    func covering(_ p: Coordinate, into result: inout [(Int, PointLocation)]) {
        result.removeAll(keepingCapacity: true)
        grid.forEachCandidate(p) { index, whollyInside in
            if whollyInside {
                result.append((index, .interior))
            } else {
                let location = locators[index].locate(p)
                if location != .exterior { result.append((index, location)) }
            }
        }
    }

    /// Units whose box lies within `marginDegrees` of `p` (a pre-filter for nearest search).
    func candidates(near p: Coordinate, marginDegrees: Double) -> [Int] {
        var seen = Set<Int>()
        let box = grid.box
        let size = grid.cellSize
        let c0 = max(0, Int(((p.x - marginDegrees) - box.minX) / size)), c1 = min(grid.columns - 1, Int(((p.x + marginDegrees) - box.minX) / size))
        let r0 = max(0, Int(((p.y - marginDegrees) - box.minY) / size)), r1 = min(grid.rows - 1, Int(((p.y + marginDegrees) - box.minY) / size))
        guard c0 <= c1, r0 <= r1 else { return [] }
        for r in r0...r1 {
            for c in c0...c1 {
                grid.forEachEntry(column: c, row: r) { index, _ in seen.insert(index) }
            }
        }
        return seen.sorted()
    }
}
