import CSpatiaLite
import Dispatch
import Foundation

/// The commune and neighbourhood layers in memory, ready to assign points.
///
/// Rules (see `docs/boundaries.md`):
/// 1. A point strictly inside one commune gets it (`inside`).
/// 2. A point on a unit's edge or vertex, and strictly inside no unit, gets the covering
///    unit with the smallest code, compared as numbers when both are numeric (`boundary`).
/// 3. A point strictly inside two or more overlapping units (bad data) gets the one it
///    lies deepest in: the largest distance to that unit's edge (`overlap`).
/// 4. A point covered by no commune gets the nearest commune within the snap tolerance
///    (`nearest`), else stays unassigned (`unassigned`) — never dropped.
/// The neighbourhood is then chosen among the chosen commune's neighbourhoods by the same
/// rules. Distances are measured in the metric CRS (UTM), never in degrees.
public final class BoundaryIndex: Sendable {
    let communes: BoundaryLayer
    let neighbourhoods: BoundaryLayer?
    /// The projected CRS used for metric distances.
    public let metricCRS: String
    /// How far (metres) a point outside every commune may be snapped to the nearest one.
    public let snapToleranceMeters: Double
    /// How far (metres) the nearest-boundary search looks for points outside every commune.
    let searchRadiusMeters: Double
    private let projectors: ProjectorPool

    init(communes: BoundaryLayer, neighbourhoods: BoundaryLayer?, metricCRS: String,
         snapToleranceMeters: Double, searchRadiusMeters: Double = 5_000) throws {
        self.projectors = try ProjectorPool(targetCRS: metricCRS)
        self.communes = communes
        self.neighbourhoods = neighbourhoods
        self.metricCRS = metricCRS
        self.snapToleranceMeters = snapToleranceMeters
        self.searchRadiusMeters = max(searchRadiusMeters, snapToleranceMeters)
    }

    /// Assigns points given in lon/lat, with the distance to the nearest commune boundary.
    /// Work is split across the available cores.
    public func assign(_ points: [Coordinate]) throws -> [Assignment] {
        let buffer = try match(points, measureDistance: true)
        return withExtendedLifetime(buffer) { buffer.matches.map(assignment) }
    }

    /// Assigns one point given in lon/lat.
    public func assign(_ point: Coordinate) throws -> Assignment {
        try assign([point])[0]
    }

    /// Commune and neighbourhood of every point as compact indices — the W1 workload: no
    /// distances are measured except where the rules need them.
    public func units(of points: [Coordinate]) throws -> UnitAssignments {
        let buffer = try match(points, measureDistance: false)
        return withExtendedLifetime(buffer) {
            let matches = buffer.matches
            return UnitAssignments(communes: matches.map(\.commune), neighbourhoods: matches.map(\.neighbourhood),
                                   communeCodes: communes.codes, neighbourhoodCodes: neighbourhoods?.codes ?? [])
        }
    }

    /// The public form of a match.
    func assignment(_ m: UnitMatch) -> Assignment {
        let distance = m.distance.isNaN ? nil : m.distance
        guard m.commune >= 0 else { return Assignment(method: .unassigned, boundaryDistanceMeters: distance) }
        let c = Int(m.commune)
        return Assignment(provinceCode: communes.parentCodes[c], communeCode: communes.codes[c],
                          neighbourhoodCode: m.neighbourhood >= 0 ? neighbourhoods?.codes[Int(m.neighbourhood)] : nil,
                          method: m.method, boundaryDistanceMeters: distance)
    }

    /// Matches every point, in parallel, into a buffer of raw results.
    func match(_ points: [Coordinate], measureDistance: Bool) throws -> MatchBuffer {
        let results = MatchBuffer(count: points.count)
        guard !points.isEmpty else { return results }
        // Points are matched in Z-order, so that consecutive lookups touch the same grid
        // cells and edges (the layers are far larger than the CPU caches).
        let order = SpatialOrder.zOrder(points)
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, points.count / 2_000))
        let chunk = (points.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk, end = min(points.count, start + chunk)
            guard start < end else { return }
            _ = try? projectors.withProjector { projector in
                var scratch = Scratch(communes: communes.view, neighbourhoods: neighbourhoods?.view, projector: projector)
                defer { scratch.deallocate() }
                var metric: [Coordinate] = []
                if measureDistance {
                    metric = order[start..<end].map { points[Int($0)] }
                    projector.forward(&metric)
                }
                points.withUnsafeBufferPointer { points in
                    order.withUnsafeBufferPointer { order in
                        metric.withUnsafeBufferPointer { metric in
                            // Z-order makes the reads of `points` and the writes of `results`
                            // random: prefetching a few points ahead hides most of that latency.
                            let ahead = 12
                            for k in start..<end {
                                if k + ahead < end {
                                    let next = Int(order[k + ahead])
                                    geoinc_prefetch(points.baseAddress! + next)
                                    geoinc_prefetch_for_write(results.pointer + next)
                                }
                                let i = Int(order[k])
                                results.pointer[i] = match(points[i], metric: measureDistance ? metric[k - start] : nil, scratch: &scratch)
                            }
                        }
                    }
                }
            }
        }
        return results
    }

    /// Per-worker state: views of the layers, a projector and reusable raw buffers. The hot
    /// loop passes it `inout` only, so it is never copied and nothing in it is retained.
    struct Scratch {
        let communes: BoundaryLayer.View
        let neighbourhoods: BoundaryLayer.View?
        let projector: Projector
        var covering = CoveringList()
        var own = CoveringList()
        /// The current point in the metric CRS, projected on first use.
        var metricPoint: Coordinate?

        init(communes: BoundaryLayer.View, neighbourhoods: BoundaryLayer.View?, projector: Projector) {
            self.communes = communes
            self.neighbourhoods = neighbourhoods
            self.projector = projector
        }

        mutating func metric(of p: Coordinate) -> Coordinate {
            if let metricPoint { return metricPoint }
            let projected = projector.forward(p)
            metricPoint = projected
            return projected
        }

        func deallocate() {
            covering.deallocate()
            own.deallocate()
        }
    }

    @inline(__always)
    private func match(_ p: Coordinate, metric known: Coordinate?, scratch: inout Scratch) -> UnitMatch {
        guard p.isValidLonLat else { return UnitMatch() }
        scratch.metricPoint = known
        var result = UnitMatch()
        scratch.communes.covering(p, into: &scratch.covering)
        if let (index, how) = choose(scratch.covering, view: scratch.communes, layer: communes, p: p, scratch: &scratch) {
            result.commune = index
            result.method = how
            if known != nil {
                // On the boundary exactly (decided in lon/lat): 0, not a projection round-off.
                result.distance = scratch.covering.isOnBoundary(of: index)
                    ? 0 : communeDistance(Int(index), view: scratch.communes, metricPoint: scratch.metric(of: p))
            }
        } else {
            let m = scratch.metric(of: p)
            guard m.x.isFinite, m.y.isFinite else { return result }
            if let (index, d) = nearest(in: communes, among: nil, p: p, metric: m, radius: searchRadiusMeters) {
                result.distance = d
                if d <= snapToleranceMeters {
                    result.commune = Int32(index)
                    result.method = .nearest
                }
            }
        }
        guard result.commune >= 0, let view = scratch.neighbourhoods else { return result }
        let communeIndex = result.commune
        view.covering(p, into: &scratch.covering)
        scratch.own.removeAll()
        for k in 0..<scratch.covering.count where view.parentIndex[Int(scratch.covering[k].index)] == communeIndex {
            scratch.own.append(scratch.covering[k])
        }
        let candidates = scratch.own.isEmpty ? scratch.covering : scratch.own
        if let (index, _) = choose(candidates, view: view, layer: neighbourhoods, p: p, scratch: &scratch) {
            result.neighbourhood = index
        } else if let neighbourhoods, let children = neighbourhoods.childrenByParent[communes.codes[Int(communeIndex)]],
                  let (index, _) = nearest(in: neighbourhoods, among: children, p: p, metric: scratch.metric(of: p), radius: snapToleranceMeters) {
            result.neighbourhood = Int32(index)
        }
        return result
    }

    /// Metric distance to a commune's edges, through the eager index's raw view when built.
    @inline(__always)
    private func communeDistance(_ index: Int, view: BoundaryLayer.View, metricPoint: Coordinate) -> Double {
        if let metric = view.metric { return metric.distance(index, to: metricPoint) }
        return communes.distance(unit: index, metricPoint: metricPoint)
    }

    /// Applies rules 1–3 to the covering units. The single-unit case, by far the most
    /// common, touches only the list. `layer` is optional on purpose: unwrapping the
    /// neighbourhood layer into a local in `match` costs a retain and a release per point
    /// (perf: 21 % of W1, measured), passing the stored optional does not.
    @inline(__always)
    private func choose(_ covering: CoveringList, view: BoundaryLayer.View, layer: BoundaryLayer?, p: Coordinate,
                        scratch: inout Scratch) -> (Int32, AssignmentMethod)? {
        switch covering.count {
        case 0: return nil
        case 1: return (covering[0].index, covering[0].location == .interior ? .inside : .boundary)
        default:
            let ranks = view.codeRank
            var smallest = covering[0].index
            var interiorCount = 0
            for k in 0..<covering.count {
                let unit = covering[k]
                if unit.location == .interior { interiorCount += 1 }
                if ranks[Int(unit.index)] < ranks[Int(smallest)] { smallest = unit.index }
            }
            guard interiorCount > 0, let layer else { return (smallest, .boundary) }
            let m = scratch.metric(of: p)
            var best: Int32 = -1
            var bestDepth = -1.0
            for k in 0..<covering.count where covering[k].location == .interior {
                let index = covering[k].index
                let depth = layer.distance(unit: Int(index), metricPoint: m)
                if best < 0 || depth > bestDepth || (depth == bestDepth && ranks[Int(index)] < ranks[Int(best)]) {
                    best = index
                    bestDepth = depth
                }
            }
            return (best, .overlap)
        }
    }

    /// The nearest unit (by metric distance to its edges) within `radius` metres.
    private func nearest(in layer: BoundaryLayer, among allowed: [Int]?, p: Coordinate, metric: Coordinate, radius: Double) -> (Int, Double)? {
        // A degree margin that surely contains `radius` metres (a pre-filter only).
        let metresPerDegree = 111_000 * max(0.05, cos(min(89, abs(p.y) + 1) * .pi / 180))
        let margin = radius / metresPerDegree * 1.2
        let candidates = allowed ?? layer.candidates(near: p, marginDegrees: margin)
        var best: (Int, Double)?
        for index in candidates {
            let d = layer.distance(unit: index, metricPoint: metric)
            guard d <= radius else { continue }
            if best == nil || d < best!.1 || (d == best!.1 && layer.codeRank.base[index] < layer.codeRank.base[best!.0]) { best = (index, d) }
        }
        return best
    }
}
