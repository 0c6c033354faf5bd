import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

@Suite("Seen tip ids of coverage gaps")
struct SeenTipIDsTests {
    @Test("contains exactly the seen ids, by bitmap (near-consecutive ids) and by search (ids spread wide)")
    func sameAsSet() {
        var random = SeededRandom(seed: 29)
        let shapes: [(String, [Int64])] = [
            ("empty", []),
            ("one", [42]),
            ("consecutive", Array(1...5_000)),
            ("gaps", (1...5_000).map { Int64($0) * 7 - 3 }),
            ("negative and zero", Array(-2_000...2_000)),
            ("spread wide", (0..<3_000).map { Int64($0) * 1_000_003 }),
            ("the extremes", [.min, -1, 0, 1, .max]),
            ("near the top", ((Int64.max - 4_000)...Int64.max).map { $0 }),
        ]
        for (name, ids) in shapes {
            let seen = ids.map { _ in Bool.random(using: &random) }
            let reference = Set(zip(ids, seen).compactMap { $1 ? $0 : nil })
            let lookup = SeenTipIDs(ids: ids, seen: seen)
            var asked = ids
            for id in ids.prefix(200) { asked += [id &- 1, id &+ 1] }
            asked += [.min, .max, 0, -1, 1, Int64.max - 64, Int64.min + 64]
            for id in asked { #expect(lookup.contains(id) == reference.contains(id), "\(name): \(id)") }
        }
    }
}
