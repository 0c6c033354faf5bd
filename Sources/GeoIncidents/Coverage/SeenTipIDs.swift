/// The ids of the tips a camera sees, asked of hundreds of thousands of cluster members in
/// a few milliseconds: a bitmap over the ids' range when it is not much wider than the tips
/// (ids are row ids, near-consecutive), else the seen ids sorted and searched.
/// (A binary search of a million ids per member cost ~45 ms in `coverage gaps` at 1M tips.)
struct SeenTipIDs {
    private let first: Int64
    /// Bit `id - first` is set when `id` is seen; empty when the range is too wide.
    private let bits: [UInt64]
    /// The seen ids, ascending, when there is no bitmap.
    private let sorted: [Int64]

    /// The ids of `ids` (ascending) whose `seen` flag is set.
    init(ids: [Int64], seen: [Bool]) {
        precondition(ids.count == seen.count)
        let low = ids.first ?? 0, (span, overflow) = (ids.last ?? 0).subtractingReportingOverflow(low)
        guard !overflow, span < 64 * Int64(ids.count) + 65_536 else {
            first = 0
            bits = []
            sorted = zip(ids, seen).compactMap { $1 ? $0 : nil }
            return
        }
        first = low
        var words = [UInt64](repeating: 0, count: Int(span / 64) + 1)
        for (id, flag) in zip(ids, seen) where flag {
            let offset = Int(id - low)
            words[offset >> 6] |= 1 << UInt64(offset & 63)
        }
        bits = words
        sorted = []
    }

    /// Whether `id` is one of the seen tips.
    func contains(_ id: Int64) -> Bool {
        guard !bits.isEmpty else { return sorted.sortedIndex(of: id) != nil }
        guard id >= first else { return false }
        let (offset, overflow) = id.subtractingReportingOverflow(first)
        guard !overflow, offset < Int64(bits.count) * 64 else { return false }
        return bits[Int(offset >> 6)] & (1 << UInt64(offset & 63)) != 0
    }
}
