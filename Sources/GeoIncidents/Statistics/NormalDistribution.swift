import Foundation

/// The standard normal distribution, as the p-values of z-scores need it.
enum NormalDistribution {
    /// Two-sided p-value of a z-score: P(|Z| ≥ |z|).
    static func twoSidedP(_ z: Double) -> Double {
        guard z.isFinite else { return z.isNaN ? .nan : 0 }
        return erfc(abs(z) / 2.0.squareRoot())
    }

    /// The z-score whose two-sided p-value is `p` (for critical values), by bisection on erfc.
    static func twoSidedCriticalZ(_ p: Double) -> Double {
        var low = 0.0, high = 40.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if twoSidedP(mid) > p { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}
