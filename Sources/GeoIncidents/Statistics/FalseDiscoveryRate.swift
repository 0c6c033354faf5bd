/// Benjamini–Hochberg false discovery rate control and ArcGIS-style confidence bins.
public enum FalseDiscoveryRate {
    /// BH-adjusted p-values (as `scipy.stats.false_discovery_control(p, method='bh')`):
    /// p_(k)·n/k, made monotone from the largest rank down and capped at 1. NaN stays NaN
    /// and does not count towards n.
    public static func adjust(_ p: [Double]) -> [Double] {
        // p ≥ 0, so its bit pattern orders like its value; NaN sorts last and is dropped.
        let order = RadixSort.order(p.map { RadixSort.ascendingKey($0) }).lazy.map(Int.init).filter { !p[$0].isNaN }
        return adjust(p, ascending: Array(order))
    }

    /// BH-adjusted p-values when the order of `p` ascending is already known (`ascending`
    /// lists the indices of the non-NaN values, smallest p first). With `sizes`, value i
    /// stands for `sizes[i]` tests of equal p (a block of ranks; every member of it gets the
    /// same adjusted value, the one its last rank gives).
    static func adjust(_ p: [Double], ascending ranked: [Int], sizes: [Int]? = nil) -> [Double] {
        let total = sizes.map { sizes in ranked.reduce(0) { $0 + sizes[$1] } } ?? ranked.count
        let n = Double(total)
        var adjusted = [Double](repeating: .nan, count: p.count)
        var running = 1.0, rank = total
        for i in ranked.reversed() {
            running = min(running, p[i] * n / Double(rank))
            adjusted[i] = running
            rank -= sizes?[i] ?? 1
        }
        return adjusted
    }

    /// The order of two-sided p-values ascending, from the order of their z-scores
    /// descending (`zDescending`): p falls as |z| grows, so merging the positive scores from
    /// the top with the negative ones from the bottom gives it in O(n).
    static func ascendingP(z: [Double], zDescending order: [Int32]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(order.count)
        var top = 0, bottom = order.count - 1
        while bottom >= 0 && z[Int(order[bottom])].isNaN { bottom -= 1 }
        while top <= bottom {
            let a = Int(order[top]), b = Int(order[bottom])
            if z[a] >= -z[b] { result.append(a); top += 1 } else { result.append(b); bottom -= 1 }
        }
        return result
    }

    /// Confidence bins −3…+3 as ArcGIS's Hot Spot Analysis reports them: ±3 at 99 %, ±2 at
    /// 95 %, ±1 at 90 % confidence, signed by z; 0 otherwise. With `fdr`, each level is
    /// tested on BH-adjusted p-values (ArcGIS's "Apply False Discovery Rate correction"):
    /// pass the adjusted values as `p` then.
    public static func bins(z: [Double], p: [Double]) -> [Int8] {
        zip(z, p).map(bin)
    }

    /// One unit's bin (see `bins(z:p:)`).
    static func bin(z zi: Double, p qi: Double) -> Int8 {
        guard zi.isFinite, !qi.isNaN else { return 0 }
        let level: Int8 = qi <= 0.01 ? 3 : qi <= 0.05 ? 2 : qi <= 0.10 ? 1 : 0
        return zi > 0 ? level : zi < 0 ? -level : 0
    }
}
