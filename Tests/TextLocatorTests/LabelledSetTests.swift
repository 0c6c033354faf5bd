import Foundation
import Testing
@testable import TextLocator

/// The locator against the labelled set (Fixtures/README.md): accuracy ≥ 0.97, precision of
/// `located` ≥ 0.995, false locations on place-free texts ≤ 0.5 %.
@Suite struct LabelledSetTests {
    @Test func meetsTheGoals() throws {
        let table = try CSVTable(contentsOf: Shared.fixtures.appendingPathComponent("labelled-tips.csv").path)
        let (id, text, province, status, communes) = try (table.column("id"), table.column("text"), table.column("province"),
                                                         table.column("expected_status"), table.column("expected_communes"))
        var right = 0, located = 0, locatedRight = 0, placeFree = 0, falseLocations = 0
        var wrong: [String] = []
        for (_, f) in table.rows {
            let truth = Set(f[communes].split(separator: ";").map(String.init))
            let r = try Shared.locator.locate(f[text], provinceHint: f[province])
            let ok: Bool
            switch f[status] {
            case "not_found": ok = r.status == .notFound
            default: ok = (r.status == .located && truth.contains(r.communeCode!)) || (r.status == .ambiguous && truth.isSubset(of: r.candidates))
            }
            if ok { right += 1 } else { wrong.append("\(f[id]): \(r.status.rawValue) \(r.candidates.prefix(5))") }
            if r.status == .located { located += 1; if truth.contains(r.communeCode!) { locatedRight += 1 } }
            if f[id].hasPrefix("place_free") { placeFree += 1; if r.status == .located { falseLocations += 1 } }
        }
        let accuracy = Double(right) / Double(table.rows.count)
        let precision = Double(locatedRight) / Double(max(located, 1))
        let falseRate = Double(falseLocations) / Double(max(placeFree, 1))
        #expect(table.rows.count >= 1_000)
        #expect(placeFree >= 150)
        #expect(accuracy >= 0.97, "accuracy \(accuracy); first misses: \(wrong.prefix(10))")
        #expect(precision >= 0.995, "precision \(precision)")
        #expect(falseRate <= 0.005, "false-location rate \(falseRate)")
    }
}
