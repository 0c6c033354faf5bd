import Testing
@testable import GeoIncidents

/// The per-tip counters the analyses use instead of hash lookups.
@Suite("Tallies")
struct TallyTests {
    @Test("a category's ordinal is its position in allCases")
    func categoryOrdinal() {
        for (position, category) in TipCategory.allCases.enumerated() { #expect(category.ordinal == position, "\(category)") }
    }

    @Test("a code tally counts each group on its own, skips negative codes and lists codes in first-seen order")
    func codeTally() {
        var tally = CodeTally(codeCount: 5)
        for code: Int32 in [3, -1, 0, 3, 3, 4] { tally.add(code) }
        let first = tally.drain()
        #expect(first.map(\.code) == [3, 0, 4])
        #expect(first.map(\.count) == [3, 1, 1])
        for code: Int32 in [0, 2, 2] { tally.add(code) }
        let second = tally.drain()
        #expect(second.map(\.code) == [0, 2])
        #expect(second.map(\.count) == [1, 2], "the first group's counts are gone")
        #expect(tally.drain().isEmpty)
    }
}
