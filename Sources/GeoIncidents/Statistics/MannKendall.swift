/// The Mann–Kendall trend test (original form, with the tie correction of the variance and
/// the continuity correction of z), as `pymannkendall.original_test`.
public struct MannKendall: Sendable, Hashable {
    /// The direction a significant trend points.
    public enum Trend: String, Sendable, Hashable {
        case increasing, decreasing, none = "no trend"
    }

    /// Σ_{k<j} sign(x_j − x_k).
    public var s: Int
    /// Var(S) with the tie correction.
    public var varianceS: Double
    /// Continuity-corrected z.
    public var z: Double
    /// Two-sided p-value.
    public var p: Double
    /// Kendall's tau: S / (n(n−1)/2).
    public var tau: Double

    /// Runs the test on a series in time order. Series shorter than 2 get S = 0, p = 1.
    public init(_ series: [Double]) {
        let n = series.count
        var s = 0
        for k in 0..<max(0, n - 1) {
            let a = series[k]
            for j in (k + 1)..<n {
                let b = series[j]
                s += b > a ? 1 : b < a ? -1 : 0
            }
        }
        let nd = Double(n)
        var ties = 0.0
        var sorted = series.sorted()
        sorted.append(.nan)
        var run = 1
        for i in 1..<sorted.count where n > 0 {
            if sorted[i] == sorted[i - 1] { run += 1 } else {
                let t = Double(run)
                ties += t * (t - 1) * (2 * t + 5)
                run = 1
            }
        }
        let variance = (nd * (nd - 1) * (2 * nd + 5) - ties) / 18
        let z: Double
        if s > 0, variance > 0 { z = (Double(s) - 1) / variance.squareRoot() }
        else if s < 0, variance > 0 { z = (Double(s) + 1) / variance.squareRoot() }
        else { z = 0 }
        self.s = s
        self.varianceS = variance
        self.z = z
        self.p = NormalDistribution.twoSidedP(z)
        self.tau = n > 1 ? Double(s) / (nd * (nd - 1) / 2) : 0
    }

    /// The trend at significance `alpha` (two-sided).
    public func trend(alpha: Double = 0.05) -> Trend {
        guard p <= alpha else { return .none }
        return z > 0 ? .increasing : .decreasing
    }
}
