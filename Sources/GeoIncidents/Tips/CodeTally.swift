/// Counts of interned unit codes (indices into a `UnitTips` code table) for one group of
/// tips after another: a dense counter per code plus the list of codes touched, so counting
/// costs no hashing and starting the next group costs only the codes the last one touched.
struct CodeTally {
    private var counts: [Int]
    private var touched: [Int32] = []

    /// A tally for codes `0..<codeCount`.
    init(codeCount: Int) {
        counts = [Int](repeating: 0, count: codeCount)
    }

    /// Counts one tip of `code`; a negative code (no unit) is not counted.
    mutating func add(_ code: Int32) {
        guard code >= 0 else { return }
        if counts[Int(code)] == 0 { touched.append(code) }
        counts[Int(code)] += 1
    }

    /// The codes counted since the last drain with their counts, in first-seen order, and
    /// the tally emptied for the next group.
    mutating func drain() -> [(code: Int32, count: Int)] {
        defer { touched.removeAll(keepingCapacity: true) }
        return touched.map { code in
            defer { counts[Int(code)] = 0 }
            return (code, counts[Int(code)])
        }
    }
}
