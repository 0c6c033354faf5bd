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
                var metric: [Coordinate] = []
                if measureDistance {
                    metric = order[start..<end].map { points[Int($0)] }
                    projector.forward(&metric)
                }
                points.withUnsafeBufferPointer { points in
                    order.withUnsafeBufferPointer { order in
                        for k in start..<end {
                            let i = Int(order[k])
                            results.pointer[i] = match(points[i], metric: measureDistance ? metric[k - start] : nil, scratch: &scratch)
                        }
                    }
                }
            }
        }
        return results
    }

    /// Per-worker state: views of the layers, a projector and reusable buffers.
    struct Scratch {
        let communes: BoundaryLayer.View
        let neighbourhoods: BoundaryLayer.View?
        let projector: Projector
        var covering: [(Int, PointLocation)] = []
        var own: [(Int, PointLocation)] = []
    }

    @inline(__always)
    private func match(_ p: Coordinate, metric known: Coordinate?, scratch: inout Scratch) -> UnitMatch {
        guard p.isValidLonLat else { return UnitMatch() }
        var metricPoint = known
        func metric(_ scratch: Scratch) -> Coordinate {
            if let metricPoint { return metricPoint }
            let projected = scratch.projector.forward(p)
            metricPoint = projected
            return projected
        }
        var result = UnitMatch()
        scratch.communes.covering(p, into: &scratch.covering)
        if let (index, how) = choose(scratch.covering, layer: communes, ranks: scratch.communes.codeRank, metric: { metric(scratch) }) {
            result.commune = Int32(index)
            result.method = how
            if known != nil {
                // On the boundary exactly (decided in lon/lat): 0, not a projection round-off.
                let onBoundary = scratch.covering.contains { $0.0 == index && $0.1 == .boundary }
                result.distance = onBoundary ? 0 : communes.distance(unit: index, metricPoint: metric(scratch))
            }
        } else {
            let m = metric(scratch)
            guard m.x.isFinite, m.y.isFinite else { return result }
            if let (index, d) = nearest(in: communes, among: nil, p: p, metric: m, radius: searchRadiusMeters) {
                result.distance = d
                if d <= snapToleranceMeters {
                    result.commune = Int32(index)
                    result.method = .nearest
                }
            }
        }
        guard result.commune >= 0, let neighbourhoods, let view = scratch.neighbourhoods else { return result }
        let communeIndex = Int(result.commune)
        view.covering(p, into: &scratch.covering)
        scratch.own.removeAll(keepingCapacity: true)
        for entry in scratch.covering where Int(view.parentIndex[entry.0]) == communeIndex { scratch.own.append(entry) }
        if let (index, _) = choose(scratch.own.isEmpty ? scratch.covering : scratch.own, layer: neighbourhoods, ranks: view.codeRank,
                                   metric: { metric(scratch) }) {
            result.neighbourhood = Int32(index)
        } else if let children = neighbourhoods.childrenByParent[communes.codes[communeIndex]],
                  let (index, _) = nearest(in: neighbourhoods, among: children, p: p, metric: metric(scratch), radius: snapToleranceMeters) {
            result.neighbourhood = Int32(index)
        }
        return result
    }

    /// Applies rules 1–3 to the covering units.
    @inline(__always)
    private func choose(_ covering: [(Int, PointLocation)], layer: BoundaryLayer, ranks: UnsafePointer<Int32>,
                        metric: () -> Coordinate) -> (Int, AssignmentMethod)? {
        switch covering.count {
        case 0: return nil
        case 1: return (covering[0].0, covering[0].1 == .interior ? .inside : .boundary)
        default:
            var smallest = covering[0].0
            var interiorCount = 0
            for (index, location) in covering {
                if location == .interior { interiorCount += 1 }
                if ranks[index] < ranks[smallest] { smallest = index }
            }
            if interiorCount == 0 { return (smallest, .boundary) }
            let m = metric()
            var best = -1
            var bestDepth = -1.0
            for (index, location) in covering where location == .interior {
                let depth = layer.distance(unit: index, metricPoint: m)
                if best < 0 || depth > bestDepth || (depth == bestDepth && ranks[index] < ranks[best]) {
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
