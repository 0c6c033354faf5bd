import Foundation

/// A small, seedable random number generator (SplitMix64, Steele, Lea & Flood 2014) for the
/// demo data and the tests: the same seed gives the same sequence on every platform and Swift version.
///
/// The helpers below use only integer arithmetic and IEEE-754 operations, so that the demo
/// files do not depend on the standard library's sampling algorithms, which may change.
/// (``gaussian()`` uses `log`, `sqrt` and `cos`; platform libms agree on them to the last
/// bit in practice, and demo coordinates are rounded to 1e-7 degrees afterwards.)
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence depends only on `seed`.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1), with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in [-1, 1).
    public mutating func signedUnit() -> Double {
        2 * unit() - 1
    }

    /// A uniform integer in `0..<bound` (multiply-shift; the bias is below 2⁻³² for any
    /// bound a demo uses). `bound` must be positive.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SeededRandom.below: bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A standard normal deviate (mean 0, standard deviation 1), by the Box–Muller transform.
    public mutating func gaussian() -> Double {
        let u1 = 1 - unit()  // (0, 1]: log never sees 0
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An index into `weights`, each drawn with probability proportional to its weight.
    /// Zero or negative weights are never drawn; all-zero weights give index 0.
    public mutating func pick(weights: [Double]) -> Int {
        let total = weights.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { return 0 }
        let target = unit() * total
        var sum = 0.0
        var last = 0
        for (index, weight) in weights.enumerated() where weight > 0 {
            sum += weight
            last = index
            if target < sum { return index }
        }
        return last
    }
}
