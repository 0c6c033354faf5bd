import Foundation

/// Where new cameras would see the most: greedy maximal coverage of the tips the active
/// cameras do not see yet, weighted by recency, with the existing cameras fixed.
///
/// Each step takes the candidate view that adds the most weight (lazy greedy: a gain can
/// only shrink as cameras are added, so stale gains are re-evaluated only when they reach
/// the top). Greedy maximal coverage is within 1 − 1/e (63 %) of the optimum (Nemhauser,
/// Wolsey and Fisher 1978); the tests compare it with an exact MCLP solver.
public struct SitingParameters: Sendable, Hashable {
    /// Cameras to place.
    public var count = 5
    /// Range of the new cameras, metres.
    public var rangeMeters = 100.0
    /// Field of view of the new cameras, degrees (360 = all round; otherwise each candidate
    /// site is tried facing 8 directions).
    public var fieldOfViewDegrees = 360.0
    /// Where candidate sites come from.
    public var candidates = Candidates.grid
    /// Recency weighting: a tip this many days older than the latest counts half.
    public var halfLifeDays = 90.0
    /// Projected CRS; nil = the UTM zone of the tips.
    public var crs: String?

    public enum Candidates: String, Sendable, Hashable, CaseIterable {
        /// A square lattice of spacing range/2 around the unseen tips.
        case grid
        /// The unseen tips' own positions.
        case tips
        /// The centres of the significant hot cells (Gi*, 250 m) and their neighbours.
        case hotspots
    }

    public init(count: Int = 5, rangeMeters: Double = 100, fieldOfViewDegrees: Double = 360, candidates: Candidates = .grid) {
        (self.count, self.rangeMeters, self.fieldOfViewDegrees, self.candidates) = (count, rangeMeters, fieldOfViewDegrees, candidates)
    }

    public func validate() throws {
        guard (1...500).contains(count) else { throw GeoIncidentsError.invalidInput("count must be 1…500, got \(count)") }
        // At least a metre: candidate sites are spaced half a range apart, and a range of
        // 1e-300 m made their grid indices overflow (a trap, not an error).
        guard rangeMeters.isFinite, rangeMeters >= 1, rangeMeters <= 2_000 else {
            throw GeoIncidentsError.invalidInput("range must be more than 0 (at least 1 metre) and at most 2000 metres, got \(rangeMeters)")
        }
        guard fieldOfViewDegrees.isFinite, fieldOfViewDegrees > 0, fieldOfViewDegrees <= 360 else {
            throw GeoIncidentsError.invalidInput("field of view must be more than 0 and at most 360 degrees, got \(fieldOfViewDegrees)")
        }
        guard halfLifeDays.isFinite, halfLifeDays > 0 else { throw GeoIncidentsError.invalidInput("half-life must be a positive number of days, got \(halfLifeDays)") }
    }
}

/// One suggested camera.
public struct CameraSuggestion: Sendable {
    /// Position, lon/lat.
    public var position: Coordinate
    /// Facing (degrees clockwise from north); nil for all round.
    public var headingDegrees: Double?
    /// Recency-weighted tips this camera adds, and their count.
    public var gain: Double
    public var tips: Int
    /// Share of the unseen weight covered by the suggestions up to this one.
    public var cumulativeShare: Double
}

/// The suggestions and the figures they were chosen from.
public struct CameraSiting: Sendable {
    public var suggestions: [CameraSuggestion]
    /// Tips considered, those the active cameras already see, and the unseen weight.
    public var tips: Int
    public var alreadySeen: Int
    public var unseenWeight: Double
    public var candidateViews: Int
    public var parameters: SitingParameters
    public var crs: String
    /// Tips left out because their text named a place wider than ``CameraService/tipScaleMeters``.
    public var leftOutCoarse = 0
}

enum GreedyCoverage {
    /// Greedy choice of up to `count` sets (each a list of element indices) maximising the
    /// covered weight; returns the chosen set indices with their marginal gains.
    static func choose(sets: [[Int32]], weights: [Double], count: Int) -> [(set: Int, gain: Double)] {
        var covered = [Bool](repeating: false, count: weights.count)
        func gain(_ s: Int) -> Double { sets[s].reduce(0) { $0 + (covered[Int($1)] ? 0 : weights[Int($1)]) } }
        // Max-heap of (gain, -index) with lazy re-evaluation.
        var heap = sets.indices.map { (gain: gain($0), set: $0) }
        heap.sort { $0.gain != $1.gain ? $0.gain < $1.gain : $0.set > $1.set }  // best at the end
        var fresh = [Bool](repeating: true, count: sets.count)
        var chosen: [(set: Int, gain: Double)] = []
        while chosen.count < count, let top = heap.popLast() {
            guard top.gain > 0 else { break }
            if !fresh[top.set] {
                fresh[top.set] = true
                let updated = (gain: gain(top.set), set: top.set)
                let position = heap.firstIndex { $0.gain > updated.gain || ($0.gain == updated.gain && $0.set < updated.set) } ?? heap.count
                heap.insert(updated, at: position)
                continue
            }
            chosen.append((top.set, top.gain))
            for e in sets[top.set] { covered[Int(e)] = true }
            for k in heap.indices { fresh[heap[k].set] = false }
        }
        return chosen
    }
}
