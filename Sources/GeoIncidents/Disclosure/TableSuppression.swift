/// Primary and complementary cell suppression of a table of counts with additive margins,
/// as statistical agencies protect published tables (the "no equation with a single hidden
/// cell" rule of τ-ARGUS's modular method, in its simplest greedy form).
///
/// - Primary: every count below `k`, zero included, is withheld, so a withheld cell never
///   tells "1 or 2 tips here" apart from "none".
/// - Complementary: each margin equation `total = Σ parts` must hide either none of its
///   members or at least two; otherwise the one hidden member is the total minus the others.
///   The smallest published part (or the total when every part is hidden) is withheld next,
///   until no equation hides exactly one member. A published count is at least `k`, so a
///   complementary cell hides at least `k`, and the hidden sum of an equation never pins a
///   small cell.
public enum TableSuppression {
    /// A margin: `cells[total] = Σ cells[parts]`.
    public struct Equation: Sendable, Hashable {
        public var total: Int
        public var parts: [Int]

        public init(total: Int, parts: [Int]) {
            (self.total, self.parts) = (total, parts)
        }
    }

    /// Which cells to withhold: `true` for every withheld cell.
    public static func withheld(_ counts: [Int], equations: [Equation], k: Int) -> [Bool] {
        var hidden = counts.map { k > 0 && $0 < k }
        guard k > 0 else { return hidden }
        var changed = true
        while changed {
            changed = false
            for equation in equations {
                let members = [equation.total] + equation.parts
                guard members.reduce(0, { $0 + (hidden[$1] ? 1 : 0) }) == 1 else { continue }
                let candidates = equation.parts.filter { !hidden[$0] }
                let next = candidates.min { (counts[$0], $0) < (counts[$1], $1) } ?? equation.total
                guard !hidden[next] else { continue }
                hidden[next] = true
                changed = true
            }
        }
        return hidden
    }
}
