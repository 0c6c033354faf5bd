import Foundation
import Testing
@testable import GeoIncidents

@Suite("The public view: releases, withheld cells, fixed grid")
struct PublicViewTests {
    @Test("no margin equation hides exactly one cell; every count under k is withheld")
    func complementarySuppression() {
        // Two rows × two columns with margins: [a b | a+b], [c d | c+d], [a+c b+d | all].
        let counts = [1, 7, 8, 5, 9, 14, 6, 16, 22]
        let equations: [TableSuppression.Equation] = [
            .init(total: 2, parts: [0, 1]), .init(total: 5, parts: [3, 4]), .init(total: 8, parts: [6, 7]),
            .init(total: 6, parts: [0, 3]), .init(total: 7, parts: [1, 4]), .init(total: 8, parts: [2, 5]),
        ]
        let hidden = TableSuppression.withheld(counts, equations: equations, k: 3)
        #expect(hidden[0])
        for (i, n) in counts.enumerated() where n < 3 { #expect(hidden[i]) }
        for e in equations {
            let n = ([e.total] + e.parts).filter { hidden[$0] }.count
            #expect(n != 1, "equation \(e) hides exactly one cell")
        }
        // The classic pattern: a, b, c, d all hidden, margins published.
        #expect(hidden[0] && hidden[1] && hidden[3] && hidden[4])
        #expect(!hidden[2] && !hidden[8])
    }

    @Test("zero is withheld like a small count; k = 0 withholds nothing")
    func zeros() {
        let e = [TableSuppression.Equation(total: 3, parts: [0, 1, 2])]
        #expect(TableSuppression.withheld([0, 5, 5, 10], equations: e, k: 3) == [true, true, false, false])
        #expect(TableSuppression.withheld([0, 5, 5, 10], equations: e, k: 0) == [false, false, false, false])
    }

    @Test("a published month never changes: tips stored after its release are not counted")
    func frozenRelease() throws {
        let database = try TestSupport.demoDatabase(tips: 600)
        let view = PublicView(database: database)
        let release = try view.release(now: Timestamp.parse("2026-12-03T10:00:00Z")!)
        #expect(release.through.description == "2026-11")
        let march = PublicMonth("2025-03")!
        let before = try view.table(march, release: release)
        let grid = try view.hotspots(march, release: release)
        // A late report for March, stored after the release.
        let index = try RegionStore(database: database).boundaryIndex()
        let tip = NewTip(source: "late", reportedAt: Timestamp.parse("2025-03-15T10:00:00Z")!, category: .criminal, channel: .hotline,
                         location: Coordinate(x: 108.95, y: 11.58))
        _ = try TipStore(database: database).insert(Array(repeating: tip, count: 1), assignments: [try index.assign(tip.location)])
        let again = try view.release(now: Timestamp.parse("2026-12-20T10:00:00Z")!)
        #expect(again == release)
        let after = try view.table(march, release: again)
        #expect(after.values == before.values)
        #expect(try view.hotspots(march, release: again).informative == grid.informative)
        // The next month's release counts it for months not yet published only.
        let next = try view.release(now: Timestamp.parse("2027-01-02T10:00:00Z")!)
        #expect(next.through.description == "2026-12")
        #expect(next.maxTipID(for: march) == release.maxTipID(for: march))
        #expect(throws: GeoIncidentsError.self) { try view.table(PublicMonth("2027-01")!, release: next) }
    }

    @Test("the month table withholds every count under k and no margin reveals one")
    func monthTable() throws {
        let database = try TestSupport.demoDatabase(tips: 600)
        let view = PublicView(database: database)
        let release = try view.release(now: Timestamp.parse("2026-12-03T10:00:00Z")!)
        for month in ["2025-01", "2025-04"].compactMap(PublicMonth.init) {
            let table = try view.table(month, release: release)
            let columns = PublicCountTable.columns
            #expect(table.values.contains(nil))
            for v in table.values { if let v { #expect(v >= 3) } }
            // Rows: groups sum to the total.
            for unit in table.units {
                let parts = columns.dropLast().map { table.count(level: unit.level, code: unit.code, column: $0) }
                let total = table.count(level: unit.level, code: unit.code, column: "total")
                #expect((parts + [total]).filter { $0 == nil }.count != 1, "row \(unit.code) \(month) hides one cell")
            }
            // Columns: communes sum to their province.
            for province in table.units where province.level == .province {
                for column in columns {
                    let parts = table.units.filter { $0.parentCode == province.code }.map { table.count(level: .commune, code: $0.code, column: column) }
                    let total = table.count(level: .province, code: province.code, column: column)
                    #expect((parts + [total]).filter { $0 == nil }.count != 1, "province \(province.code) \(column) hides one cell")
                }
            }
        }
    }

    @Test("public grid cells are the fixed 500 m cells; withheld cells carry no count, Gi* sees only published counts")
    func publicGrid() throws {
        let database = try TestSupport.demoDatabase(tips: 600)
        let view = PublicView(database: database)
        let release = try view.release(now: Timestamp.parse("2026-12-03T10:00:00Z")!)
        let grid = try view.hotspots(PublicMonth("2025-02")!, release: release)
        #expect(grid.grid.geometry.cellSize == 500)
        #expect(grid.grid.crs == "EPSG:32648")
        for cell in grid.grid.cells { #expect(cell.count == 0 || cell.count >= 3) }
        let text = try grid.featureCollection(grid.cells(limit: 100_000))
        #expect(!text.contains("density"))
        #expect(text.contains(#""withheldBelow":3"#))
    }
}
