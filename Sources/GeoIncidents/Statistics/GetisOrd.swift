/// How the weights of a local statistic are scaled.
public enum WeightTransform: String, Sendable, Hashable, CaseIterable {
    /// Binary: every neighbour (and the unit itself, for Gi*) weighs 1. esda `transform='B'`.
    case binary
    /// Row-standardised: each row sums to 1. esda `transform='R'`.
    case row
}

/// Getis–Ord local Gi* (the unit itself is part of its neighbourhood, w_ii = 1).
///
/// With n units, x̄ the mean and s = √(mean(x²) − x̄²) (population form):
/// - binary weights, W_i = neighbours + 1, S_i = Σ_j w_ij x_j:
///   z_i = (S_i − x̄·W_i) / (s·√((n·W_i − W_i²)/(n − 1)));
/// - row-standardised weights: z_i = (S_i/W_i − x̄) / s.
///
/// Both are exactly esda's `G_Local(star=True)` `Zs` (checked against esda 2.9.0 to 1e-9 on
/// Columbus and on the peers' 1M-tip grid). p-values are two-sided (ArcGIS's convention);
/// esda's `p_norm` is one-sided.
public enum GetisOrd {
    /// The result of a Gi* run.
    public struct Result: Sendable {
        /// z-scores, one per unit.
        public var z: [Double]
        /// Two-sided p-values.
        public var p: [Double]
        /// The values' mean and population standard deviation.
        public var mean: Double
        public var standardDeviation: Double
    }

    /// Computes Gi* for `values` over `weights`. When every value is equal (s = 0) the
    /// statistic is undefined: z is 0 and p is 1 everywhere.
    public static func localGStar(_ values: [Double], weights: SpatialWeights, transform: WeightTransform = .binary) -> Result {
        let n = values.count
        precondition(weights.count == n, "weights and values differ in length")
        guard n > 1 else { return Result(z: Array(repeating: 0, count: n), p: Array(repeating: 1, count: n), mean: values.first ?? 0, standardDeviation: 0) }
        let nd = Double(n)
        let (mean, s) = moments(values)
        var z = [Double](repeating: 0, count: n)
        var p = [Double](repeating: 1, count: n)
        guard s > 0 else { return Result(z: z, p: p, mean: mean, standardDeviation: 0) }
        values.withUnsafeBufferPointer { x in
            weights.offsets.withUnsafeBufferPointer { offsets in
                weights.neighbours.withUnsafeBufferPointer { neighbours in
                    for i in 0..<n {
                        var total = x[i]
                        let start = Int(offsets[i]), end = Int(offsets[i + 1])
                        for k in start..<end { total += x[Int(neighbours[k])] }
                        let zi = score(total: total, weight: Double(end - start + 1), mean: mean, standardDeviation: s, count: nd, transform: transform)
                        z[i] = zi
                        p[i] = NormalDistribution.twoSidedP(zi)
                    }
                }
            }
        }
        return Result(z: z, p: p, mean: mean, standardDeviation: s)
    }

    /// One unit's z from the sum of its neighbourhood's values (itself included), the
    /// neighbourhood's size `weight` (neighbours + 1), and the values' mean, population
    /// standard deviation and count: the one formula every Gi* path computes with.
    @inline(__always)
    static func score(total: Double, weight w: Double, mean: Double, standardDeviation s: Double, count nd: Double,
                      transform: WeightTransform) -> Double {
        switch transform {
        case .binary: (total - mean * w) / (s * ((nd * w - w * w) / (nd - 1)).squareRoot())
        case .row: (total / w - mean) / s
        }
    }

    /// The values' mean and population standard deviation, summed in order (the same
    /// figures `localGStar` uses).
    static func moments(_ values: [Double]) -> (mean: Double, standardDeviation: Double) {
        var sum = 0.0, sumSquares = 0.0
        for v in values { sum += v; sumSquares += v * v }
        let nd = Double(values.count)
        let mean = sum / nd
        let variance = sumSquares / nd - mean * mean
        return (mean, variance > 0 ? variance.squareRoot() : 0)
    }
}
