/// Moran's I, global and local (LISA), with row-standardised weights as esda's defaults.
public enum MoranI {
    /// Global Moran's I with its normality-assumption inference (esda `Moran`: `I`, `EI`,
    /// `VI_norm`, `z_norm`, two-sided `p_norm`).
    public struct Global: Sendable, Hashable {
        public var i: Double
        public var expected: Double
        public var variance: Double
        public var z: Double
        public var p: Double
    }

    /// One unit's local Moran's I_i and its Moran-scatterplot quadrant (esda `Moran_Local`
    /// `Is` and `q`: 1 high-high, 2 low-high, 3 low-low, 4 high-low).
    public struct Local: Sendable, Hashable {
        public var i: Double
        public var quadrant: Int
        /// z-score of I_i under total randomisation (Anselin 1995 / Sokal 1998, esda's
        /// `EI`/`VI`), and its two-sided p-value. Islands get z = 0, p = 1.
        public var z: Double
        public var p: Double
    }

    /// Row-standardised weights as (row, column, weight) in the rows' order. Islands keep an
    /// empty row (weight 0), as libpysal does.
    private static func rowWeights(_ weights: SpatialWeights) -> [Double] {
        (0..<weights.count).map { i in
            let k = weights.cardinality(i)
            return k > 0 ? 1 / Double(k) : 0
        }
    }

    /// Global Moran's I of `values` under row-standardised `weights`.
    public static func global(_ values: [Double], weights: SpatialWeights) -> Global {
        let n = values.count
        precondition(weights.count == n, "weights and values differ in length")
        let nd = Double(n)
        let mean = values.reduce(0, +) / nd
        let z = values.map { $0 - mean }
        let w = rowWeights(weights)
        var numerator = 0.0, s0 = 0.0, s1 = 0.0
        var columnSums = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var lag = 0.0
            for j in weights.neighbours(of: i) {
                lag += w[i] * z[Int(j)]
                s0 += w[i]
                columnSums[Int(j)] += w[i]
                // Symmetric contiguity: w_ij + w_ji, with w_ji = 1/k_j.
                let sum = w[i] + w[Int(j)]
                s1 += sum * sum
            }
            numerator += z[i] * lag
        }
        s1 /= 2
        var s2 = 0.0
        for i in 0..<n {
            let rowSum = Double(weights.cardinality(i)) * w[i]
            let total = rowSum + columnSums[i]
            s2 += total * total
        }
        let denominator = z.reduce(0) { $0 + $1 * $1 }
        let i = nd / s0 * numerator / denominator
        let expected = -1 / (nd - 1)
        let variance = (nd * nd * s1 - nd * s2 + 3 * s0 * s0) / ((nd * nd - 1) * s0 * s0) - expected * expected
        let zScore = (i - expected) / variance.squareRoot()
        return Global(i: i, expected: expected, variance: variance, z: zScore, p: NormalDistribution.twoSidedP(zScore))
    }

    /// Local Moran's I_i = (z_i / m₂) Σ_j w_ij z_j with m₂ = Σz²/(n − 1), as esda.
    public static func local(_ values: [Double], weights: SpatialWeights) -> [Local] {
        let n = values.count
        precondition(weights.count == n, "weights and values differ in length")
        let mean = values.reduce(0, +) / Double(n)
        let z = values.map { $0 - mean }
        // esda uses m₂ = Σz²/(n − 1).
        let m2 = z.reduce(0) { $0 + $1 * $1 } / Double(n - 1)
        let w = rowWeights(weights)
        let nd = Double(n)
        let m2n = z.reduce(0) { $0 + $1 * $1 } / nd
        let m4 = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / nd
        let b2 = m4 / (m2n * m2n)
        return (0..<n).map { i in
            var lag = 0.0
            for j in weights.neighbours(of: i) { lag += w[i] * z[Int(j)] }
            let quadrant = z[i] > 0 ? (lag > 0 ? 1 : 4) : (lag > 0 ? 2 : 3)
            let value = z[i] / m2 * lag
            let k = Double(weights.cardinality(i))
            let wi = k * w[i], wi2 = k * w[i] * w[i]
            let expected = -wi / (nd - 1)
            var variance = wi2 * (nd - b2) / (nd - 1)
            variance += (wi * wi - wi2) * (2 * b2 - nd) / ((nd - 1) * (nd - 2))
            variance -= expected * expected
            let score = variance > 0 ? (value - expected) / variance.squareRoot() : 0
            return Local(i: value, quadrant: quadrant, z: score, p: variance > 0 ? NormalDistribution.twoSidedP(score) : 1)
        }
    }
}
