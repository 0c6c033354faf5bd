import Dispatch

/// The commune and neighbourhood layers in memory, ready to assign points.
///
/// Rules (see `docs/boundaries.md`):
/// 1. A point strictly inside one commune gets it (`inside`).
/// 2. A point on a shared edge or vertex, and inside no other unit, gets the covering
///    unit with the smallest code, compared as numbers when both are numeric (`boundary`).
/// 3. A point strictly inside two or more overlapping units (bad data) gets the one it
///    lies deepest in: the largest distance to that unit's edge (`overlap`).
/// 4. A point covered by no commune gets the nearest commune within the snap tolerance
///    (`nearest`), else stays unassigned (`unassigned`) — never dropped.
/// The neighbourhood is then chosen among the chosen commune's neighbourhoods by the same
/// rules. All distances are measured in the metric CRS (UTM), never in degrees.
public final class BoundaryIndex: Sendable {
    let communes: BoundaryLayer
    let neighbourhoods: BoundaryLayer?
    /// Province code of each commune, when the commune has no parent code but a province
    /// layer covers its label point.
    let provinceOfCommune: [String?]
    /// The projected CRS used for metric distances.
    public let metricCRS: String
    /// How far (metres) a point outside every commune may be snapped to the nearest one.
    public let snapToleranceMeters: Double
    /// How far (metres) the nearest-boundary search looks for points outside every commune.
    let searchRadiusMeters: Double

    init(communes: BoundaryLayer, neighbourhoods: BoundaryLayer?, provinceOfCommune: [String?], metricCRS: String,
         snapToleranceMeters: Double, searchRadiusMeters: Double = 5_000) {
        self.communes = communes
        self.neighbourhoods = neighbourhoods
        self.provinceOfCommune = provinceOfCommune
        self.metricCRS = metricCRS
        self.snapToleranceMeters = snapToleranceMeters
        self.searchRadiusMeters = max(searchRadiusMeters, snapToleranceMeters)
    }

    /// Number of communes and neighbourhoods held.
    public var unitCounts: (communes: Int, neighbourhoods: Int) { (communes.count, neighbourhoods?.count ?? 0) }

    /// Assigns points given in lon/lat. Work is split across the available cores.
    public func assign(_ points: [Coordinate]) throws -> [Assignment] {
        guard !points.isEmpty else { return [] }
        var projected = points
        try Projector(targetCRS: metricCRS).forward(&projected)
        let metric = projected
        let results = AssignmentBuffer(count: points.count)
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, points.count / 2_000))
        let chunk = (points.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = Scratch()
            let start = worker * chunk, end = min(points.count, start + chunk)
            if start < end {
                for i in start..<end { results.set(i, assign(points[i], metric: metric[i], scratch: &scratch)) }
            }
        }
        return results.values()
    }

    /// Assigns one point given in lon/lat.
    public func assign(_ point: Coordinate) throws -> Assignment {
        try assign([point])[0]
    }

    struct Scratch {
        var covering: [(Int, PointLocation)] = []
    }

    func assign(_ p: Coordinate, metric: Coordinate, scratch: inout Scratch) -> Assignment {
        guard p.isValidLonLat, metric.x.isFinite, metric.y.isFinite else { return .unassigned }
        communes.covering(p, into: &scratch.covering)
        var communeIndex: Int?
        var method = AssignmentMethod.unassigned
        var distance: Double?
        if let (index, how) = choose(scratch.covering, layer: communes, metric: metric) {
            communeIndex = index
            method = how
            // On the boundary exactly (decided in lon/lat): 0, not a projection round-off.
            let onBoundary = scratch.covering.contains { $0.0 == index && $0.1 == .boundary }
            distance = onBoundary ? 0 : communes.distance(unit: index, metricPoint: metric)
        } else if let (index, d) = nearest(in: communes, among: nil, p: p, metric: metric, radius: searchRadiusMeters) {
            distance = d
            if d <= snapToleranceMeters {
                communeIndex = index
                method = .nearest
            }
        }
        guard let communeIndex else { return Assignment(method: .unassigned, boundaryDistanceMeters: distance) }
        let code = communes.codes[communeIndex]
        var assignment = Assignment(provinceCode: communes.parentCodes[communeIndex] ?? provinceOfCommune[communeIndex],
                                    communeCode: code, method: method, boundaryDistanceMeters: distance)
        if let neighbourhoods {
            let children = neighbourhoods.childrenByParent[code]
            neighbourhoods.covering(p, into: &scratch.covering)
            let own = children == nil ? scratch.covering : scratch.covering.filter { neighbourhoods.parentCodes[$0.0] == code }
            if let (index, _) = choose(own.isEmpty ? scratch.covering : own, layer: neighbourhoods, metric: metric) {
                assignment.neighbourhoodCode = neighbourhoods.codes[index]
            } else if let children, let (index, _) = nearest(in: neighbourhoods, among: children, p: p, metric: metric, radius: snapToleranceMeters) {
                assignment.neighbourhoodCode = neighbourhoods.codes[index]
            }
        }
        return assignment
    }

    /// Applies rules 1–3 to the covering units.
    private func choose(_ covering: [(Int, PointLocation)], layer: BoundaryLayer, metric: Coordinate) -> (Int, AssignmentMethod)? {
        switch covering.count {
        case 0: return nil
        case 1: return (covering[0].0, covering[0].1 == .interior ? .inside : .boundary)
        default:
            let interior = covering.filter { $0.1 == .interior }
            if interior.isEmpty {
                let smallest = covering.min { layer.codeRank[$0.0] < layer.codeRank[$1.0] }!
                return (smallest.0, .boundary)
            }
            var best = interior[0].0
            var bestDepth = -1.0
            for (index, _) in interior {
                let depth = layer.distance(unit: index, metricPoint: metric)
                if depth > bestDepth || (depth == bestDepth && layer.codeRank[index] < layer.codeRank[best]) {
                    best = index
                    bestDepth = depth
                }
            }
            return (best, .overlap)
        }
    }

    /// The nearest unit (by metric distance to its edges) within `radius` metres.
    private func nearest(in layer: BoundaryLayer, among allowed: [Int]?, p: Coordinate, metric: Coordinate, radius: Double) -> (Int, Double)? {
        // A degree margin that surely contains `radius` metres (pre-filter only).
        let metresPerDegree = 111_000 * max(0.05, cos(min(89, abs(p.y) + 1) * .pi / 180))
        let margin = radius / metresPerDegree * 1.2
        let candidates = allowed ?? layer.candidates(near: p, marginDegrees: margin)
        var best: (Int, Double)?
        for index in candidates {
            let d = layer.distance(unit: index, metricPoint: metric)
            guard d <= radius else { continue }
            if best == nil || d < best!.1 || (d == best!.1 && layer.codeRank[index] < layer.codeRank[best!.0]) { best = (index, d) }
        }
        return best
    }
}

/// Results written by parallel workers, each to its own disjoint indices.
/// `@unchecked Sendable`: workers never write the same index, and the buffer is read only
/// after `concurrentPerform` has returned.
final class AssignmentBuffer: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Assignment>
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: .unassigned)
    }
    deinit { storage.deinitialize().deallocate() }
    func set(_ index: Int, _ value: Assignment) { storage[index] = value }
    func values() -> [Assignment] { Array(storage) }
}

import Foundation
