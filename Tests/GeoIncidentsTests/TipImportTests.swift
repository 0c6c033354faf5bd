import Foundation
import Testing
@testable import GeoIncidents

@Suite("Tip import")
struct TipImportTests {
    func importer(_ database: GeoDatabase, batchSize: Int = 50_000) throws -> TipImporter {
        var options = TipImportOptions()
        options.batchSize = batchSize
        return TipImporter(database: database, index: try RegionStore(database: database).boundaryIndex(), options: options)
    }

    @Test("bad rows are reported with line and reason; good rows are kept")
    func mixedCSV() throws {
        let database = try TestSupport.rulesDatabase()
        let report = try importer(database).run(path: TestSupport.fixture("tips-mixed.csv"))
        #expect(report.rowsRead == 11)
        #expect(report.inserted == 6)
        #expect(report.rejected == 5)
        let problems = report.problems.joined(separator: "\n")
        #expect(problems.contains("tips-mixed.csv:5: field lon: 'abc' is not a number"))
        #expect(problems.contains("tips-mixed.csv:6: field lat: latitude 91.0 is outside -90…90"))
        #expect(problems.contains("tips-mixed.csv:7: field reported_at: 'not-a-date' is not an ISO 8601 date-time"))
        #expect(problems.contains("tips-mixed.csv:8: field category: unknown category 'arson'"))
        #expect(problems.contains("tips-mixed.csv:12: malformed CSV"))
        #expect(report.methods[.unassigned] == 1)
        #expect(report.methods[.nearest] == 1)
        #expect(report.methods[.boundary] == 2)  // t3 on the 9|10 edge, t10 on the province corner vertex of commune 9
        let tips = try TipStore(database: database).list()
        let byID = Dictionary(uniqueKeysWithValues: tips.map { ($0.externalID!, $0) })
        #expect(byID["t2"]?.category == .socialEvil)
        #expect(byID["t2"]?.reportedAt.iso8601 == "2025-03-02T14:00:00Z")  // 21:00 Vietnam time
        #expect(byID["t3"]?.category == .criminal)
        #expect(byID["t3"]?.assignment.communeCode == "9")
        #expect(byID["t3"]?.assignment.neighbourhoodCode == "902")
        #expect(byID["t8"]?.assignment.communeCode == nil)
        #expect(byID["t9"]?.assignment.communeCode == "10")
        #expect(byID["t10"]?.source == "Cổng \"thông tin\"")
        #expect(byID["t1"]?.description == "Trộm xe máy, trước chợ")
    }

    @Test("re-importing the same file adds nothing")
    func idempotent() throws {
        let database = try TestSupport.rulesDatabase()
        _ = try importer(database).run(path: TestSupport.fixture("tips-mixed.csv"))
        let again = try importer(database).run(path: TestSupport.fixture("tips-mixed.csv"))
        #expect(again.inserted == 0)
        #expect(again.duplicates == 6)
        #expect(try TipStore(database: database).count() == 6)
    }

    @Test("files without an id column are still idempotent (content hash)")
    func idempotentWithoutIDs() throws {
        let path = try TestSupport.write("lon,lat,reported_at,category\n106.002,10.004,2025-01-01T10:00:00Z,criminal\n106.003,10.004,2025-01-01T11:00:00Z,fire\n", name: "noid.csv")
        let database = try TestSupport.rulesDatabase()
        #expect(try importer(database).run(path: path).inserted == 2)
        #expect(try importer(database).run(path: path).inserted == 0)
    }

    @Test("the tipster's contact is stored apart and never listed")
    func contactKeptApart() throws {
        let database = try TestSupport.rulesDatabase()
        _ = try importer(database).run(path: TestSupport.fixture("tips-mixed.csv"))
        let stored = try database.reader.sync { try $0.scalarText("SELECT phone FROM tipster_contacts") }
        #expect(stored == "0901234567")
        let listed = try TipStore(database: database).list()
        #expect(!String(describing: listed).contains("0901234567"))
    }

    @Test("field mapping reads other column names")
    func fieldMapping() throws {
        let path = try TestSupport.write("X,Y,when,kind\n106.002,10.004,2025-01-01T10:00:00Z,criminal\n", name: "mapped.csv")
        let database = try TestSupport.rulesDatabase()
        var options = TipImportOptions()
        for mapping in ["lon=X", "lat=Y", "reported_at=when", "category=kind"] { try options.addFieldMapping(mapping) }
        let report = try TipImporter(database: database, index: try RegionStore(database: database).boundaryIndex(), options: options).run(path: path)
        #expect(report.inserted == 1)
        #expect(throws: GeoIncidentsError.self) { var o = TipImportOptions(); try o.addFieldMapping("nonsense") }
    }

    @Test("a missing required column is a clear error naming the file and the header")
    func missingColumn() throws {
        let path = try TestSupport.write("id,lon,reported_at,category\n1,106,2025-01-01,criminal\n", name: "nolat.csv")
        let database = try TestSupport.rulesDatabase()
        let error = try #require(throws: GeoIncidentsError.self) { try importer(database).run(path: path) }
        #expect(error.message.contains("nolat.csv:1: no lat column"))
    }

    @Test("GeoJSON and NDJSON tips, with malformed features reported by line")
    func geojsonAndNDJSON() throws {
        let ndjson = """
            {"type":"Feature","id":"a1","geometry":{"type":"Point","coordinates":[106.002,10.004]},"properties":{"reported_at":"2025-02-01T10:00:00Z","category":"criminal","channel":"zalo_group","source":"Nhóm A"}}
            {"type":"Feature","id":"a2","geometry":{"type":"Point","coordinates":[106.04,10.01]},"properties":{"reported_at":"2025-02-01T11:00:00Z","category":"fire"}}
            {"type":"Feature","id":"a3","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{"reported_at":"2025-02-01T11:00:00Z","category":"fire"}}
            {"type":"Feature","id":"a4","geometry":{"type":"Point","coordinates":[106.04]},"properties":{"reported_at":"2025-02-01T11:00:00Z","category":"fire"}}
            {"type":"Feature","id":"a5","geometry":{"type":"Point","coordinates":[106.04,10.01]},"properties":{"reported_at":"2025-02-01T11:00:00Z","category":"fire"}}

            """
        let database = try TestSupport.rulesDatabase()
        let report = try importer(database).run(path: try TestSupport.write(ndjson, name: "tips.ndjson"))
        #expect(report.inserted == 3)
        #expect(report.rejected == 2)
        #expect(report.problems[0].contains("tips.ndjson:3: field geometry: feature 2: geometry is LineString"))
        #expect(report.problems[1].contains("tips.ndjson:4:"))
        let collection = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[106.062,10.002]},"properties":{"reported_at":"2025-02-02","category":"social_evil"}}]}"#
        let again = try importer(database).run(path: try TestSupport.write(collection, name: "tips.geojson"))
        #expect(again.inserted == 1)
        let tip = try TipStore(database: database).list(limit: 10).first { $0.externalID == "7" }
        #expect(tip?.assignment.communeCode == "30")
    }

    /// A CSV of `count` tips with ids 0…count−1, spread over ten spots of the rules region.
    static func writeTips(_ count: Int, name: String) throws -> String {
        var lines = ["id,lon,lat,reported_at,category"]
        for i in 0..<count { lines.append("\(i),106.00\(i % 10)5,10.004,2025-01-01T10:00:00Z,criminal") }
        return try TestSupport.write(lines.joined(separator: "\n") + "\n", name: name)
    }

    @Test("small batches commit one by one; a cancellation keeps the committed batches")
    func cancellation() throws {
        let path = try Self.writeTips(100, name: "many.csv")
        let database = try TestSupport.rulesDatabase()
        var batches = 0
        let report = try importer(database, batchSize: 10).run(path: path, progress: { _ in batches += 1 }, isCancelled: { batches >= 3 })
        #expect(report.cancelled)
        #expect(report.inserted == 30)
        #expect(try TipStore(database: database).count() == 30)
        let rest = try importer(database, batchSize: 10).run(path: path)
        #expect(rest.inserted == 70)
        #expect(rest.duplicates == 30)
    }

    @Test("rows parsed while the boundary index is still being built are all assigned, in file order")
    func indexArrivesLate() throws {
        let path = try Self.writeTips(250, name: "late-index.csv")
        let database = try TestSupport.rulesDatabase()
        let regions = RegionStore(database: database)
        let expected = try regions.boundaryIndex().assign(Coordinate(x: 106.0055, y: 10.004))
        var options = TipImportOptions()
        options.batchSize = 10  // 25 batches: more than the reader may hold while it waits
        let report = try TipImporter(database: database, options: options, buildingIndex: {
            Thread.sleep(forTimeInterval: 0.3)
            return try regions.boundaryIndex()
        }).run(path: path)
        #expect(report.inserted == 250)
        #expect(report.secondsBuildingIndex >= 0.3)
        let tips = try TipStore(database: database).list(limit: 1_000)
        #expect(tips.map(\.externalID) == (0..<250).map { String($0) })
        #expect(tips[5].assignment == expected)
        #expect(tips.allSatisfy { $0.assignment.communeCode != nil })
    }

    @Test("an index that cannot be built stops the import with its reason and touches nothing")
    func indexFails() throws {
        let database = try TestSupport.freshDatabase()
        let path = try TestSupport.write("id,lon,lat,reported_at,category\n1,106.0,10.0,2025-01-01T10:00:00Z,criminal\n", name: "no-regions.csv")
        var options = TipImportOptions()
        options.bulkIndexing = .always
        let importer = TipImporter(database: database, options: options, buildingIndex: {
            try RegionStore(database: database).boundaryIndex()
        })
        let error = #expect(throws: GeoIncidentsError.self) { try importer.run(path: path) }
        #expect(error?.message.contains("no communes imported") == true)
        #expect(try TipStore(database: database).count() == 0)
        #expect(try database.writer.sync { try TipIndexes.present($0) } == Set(TipIndexes.definitions.map(\.name)))
    }

    @Test("a cancellation while the index is built stores nothing and drops no index")
    func cancelledDuringIndexBuild() throws {
        let database = try TestSupport.rulesDatabase()
        var options = TipImportOptions()
        options.bulkIndexing = .always
        let report = try TipImporter(database: database, options: options, buildingIndex: {
            try RegionStore(database: database).boundaryIndex()
        }).run(path: TestSupport.fixture("tips-mixed.csv"), isCancelled: { true })
        #expect(report.cancelled)
        #expect(report.inserted == 0)
        #expect(try TipStore(database: database).count() == 0)
        #expect(try database.writer.sync { try TipIndexes.present($0) } == Set(TipIndexes.definitions.map(\.name)))
    }

    /// `tip_communes` must hold exactly (commune, time, id) of every assigned tip, and
    /// `tip_cells` (Hilbert key, id, lon, lat) of every tip; both kept by their triggers.
    static func expectCommunesConsistent(_ database: GeoDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let pairs = [("SELECT commune_code, reported_at, id FROM tips WHERE commune_code IS NOT NULL", "SELECT * FROM tip_communes"),
                     ("SELECT hilbert, id, lon, lat FROM tips", "SELECT * FROM tip_cells")]
        for (fromTips, fromTable) in pairs {
            let (missing, extra) = try database.writer.sync { c in
                (try c.scalarInt("SELECT count(*) FROM (\(fromTips) EXCEPT \(fromTable))"),
                 try c.scalarInt("SELECT count(*) FROM (\(fromTable) EXCEPT \(fromTips))"))
            }
            #expect(missing == 0 && extra == 0, "\(fromTable): missing \(missing ?? -1), extra \(extra ?? -1)", sourceLocation: sourceLocation)
        }
        let maintained = try database.writer.sync { c in try ShadowTable.all.allSatisfy { try $0.isMaintained(c) } }
        #expect(maintained, "a shadow table's insert trigger is missing", sourceLocation: sourceLocation)
    }

    @Test("tip_communes and tip_cells follow bulk and row-by-row imports, reassignment, moves, status changes, deletions, and heal after a crash", arguments: [BulkIndexing.always, .never])
    func communeTable(_ bulk: BulkIndexing) throws {
        let database = try TestSupport.rulesDatabase()
        var options = TipImportOptions()
        options.batchSize = 4
        options.bulkIndexing = bulk
        let regions = RegionStore(database: database)
        let report = try TipImporter(database: database, options: options, buildingIndex: { try regions.boundaryIndex() })
            .run(path: TestSupport.fixture("tips-mixed.csv"))
        #expect(report.inserted == 6)
        try Self.expectCommunesConsistent(database)
        let many = try Self.writeTips(120, name: "commune-table.csv")
        _ = try TipImporter(database: database, options: options, buildingIndex: { try regions.boundaryIndex() }).run(path: many)
        try Self.expectCommunesConsistent(database)
        // The commune filter reads the table: the same tips as the column says, time window too.
        let since = try #require(Timestamp.parse("2025-01-01T02:00:00Z"))
        for commune in ["9", "10", "11"] {
            var filter = TipFilter()
            filter.communeCodes = [commune]
            let byColumn = try database.reader.sync { try $0.scalarInt("SELECT count(*) FROM tips WHERE commune_code = ?", [.text(commune)]) }
            #expect(Int64(try TipStore(database: database).count(filter)) == byColumn)
            filter.since = since
            let recent = try database.reader.sync { try $0.scalarInt("SELECT count(*) FROM tips WHERE commune_code = ? AND reported_at >= ?", [.text(commune), .text(since.iso8601)]) }
            #expect(Int64(try TipStore(database: database).count(filter)) == recent)
        }
        // Reassignment, a status change and a deletion go through the triggers.
        try database.writer.sync { try $0.execute("UPDATE tips SET commune_code = '11', reported_at = '2025-02-02T00:00:00Z' WHERE id IN (SELECT id FROM tips LIMIT 7)") }
        try database.writer.sync { try $0.execute("UPDATE tips SET commune_code = NULL WHERE id = (SELECT max(id) FROM tips)") }
        try database.writer.sync { try $0.execute("UPDATE tips SET lon = lon + 0.001, hilbert = hilbert + 1 WHERE id % 4 = 1") }
        try database.writer.sync { try $0.execute("UPDATE tips SET status = 'verified' WHERE id % 3 = 0") }
        try database.writer.sync { try $0.execute("DELETE FROM tips WHERE id % 5 = 0") }
        try Self.expectCommunesConsistent(database)
        // A load of an older version (triggers dropped for the whole load) killed half-way:
        // the next open rebuilds the tables.
        try database.writer.sync { connection in
            for table in ShadowTable.all { try connection.execute("DROP TRIGGER \(table.insertTrigger)") }
            try connection.execute("DELETE FROM tip_communes WHERE tip_id % 2 = 0")
            try connection.execute("DELETE FROM tip_cells WHERE tip_id % 3 = 0")
            try connection.execute("INSERT INTO tips (source_id, external_id, reported_at, received_at, category, channel, lon, lat, hilbert, commune_code, assignment_method, geom) SELECT source_id, 'late', reported_at, received_at, category, channel, lon, lat, hilbert, '9', 'inside', geom FROM tips LIMIT 1")
        }
        let reopened = try GeoDatabase.open(path: database.path)
        try Self.expectCommunesConsistent(reopened)
    }

    /// The rules database with the mixed tips, and commune 9 moved away after they were
    /// assigned: its tips become nearest/unassigned or go to the neighbours on reassignment.
    func movedCommuneDatabase() throws -> GeoDatabase {
        let database = try TestSupport.rulesDatabase()
        _ = try importer(database).run(path: TestSupport.fixture("tips-mixed.csv"))
        let moved = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"9","name":"Khánh Hải","parent_code":"99"},
            "geometry":{"type":"Polygon","coordinates":[[[107,11],[107.01,11],[107.01,11.01],[107,11.01],[107,11]]]}}]}
            """
        _ = try RegionStore(database: database).importFile(try TestSupport.write(moved, name: "moved.geojson"), options: RegionImportOptions(level: .commune))
        return database
    }

    @Test("reassign follows changed boundaries")
    func reassign() throws {
        let database = try movedCommuneDatabase()
        let result = try TipStore(database: database).reassign(using: try RegionStore(database: database).boundaryIndex())
        #expect(result.checked == 6)
        let tips = try TipStore(database: database).list()
        #expect(tips.first { $0.externalID == "t3" }?.assignment.communeCode == "10")
        #expect(tips.first { $0.externalID == "t1" }?.assignment.communeCode == nil)
        #expect(result.changed >= 3)
        // Again over the same boundaries: nothing differs, so nothing is written or logged.
        let counters = { try database.reader.sync { (try $0.dataVersion(), try $0.scalarInt("SELECT count(*) FROM tip_changes") ?? -1) } }
        let before = try counters()
        let again = try TipStore(database: database).reassign(using: try RegionStore(database: database).boundaryIndex())
        #expect(again.checked == 6 && again.changed == 0)
        #expect(try counters() == before)
        #expect(try TipStore(database: database).list().map(\.assignment) == tips.map(\.assignment))
    }

    @Test("reassign leaves a tip moved by another writer between its read and its write as that writer left it")
    func reassignRace() throws {
        let database = try movedCommuneDatabase()
        let store = TipStore(database: database)
        let index = try RegionStore(database: database).boundaryIndex()
        let t3 = try #require(try store.list().first { $0.externalID == "t3" })
        // An officer moves t3 into the moved commune 9 while reassign is between read and write.
        let inside = Coordinate(x: 107.005, y: 11.005)
        let officers = try index.assign(inside)
        #expect(officers.communeCode == "9")
        _ = try store.reassign(using: index, batchSize: 50, progress: { _, _ in }) {
            _ = try store.relocate(id: t3.id, to: inside, assignment: officers)
        }
        let after = try #require(try store.list().first { $0.externalID == "t3" })
        #expect(after.location == inside)
        #expect(after.assignment.communeCode == "9", "the officer's assignment for the new point, not the one computed for the old")
    }

    @Test("crosstab by commune × report group")
    func crosstab() throws {
        let database = try TestSupport.rulesDatabase()
        _ = try importer(database).run(path: TestSupport.fixture("tips-mixed.csv"))
        let table = try TipStore(database: database).crosstab(by: [.commune])
        #expect(table.columns == ["political_security", "criminal", "social_evil", "other"])
        let nine = try #require(table.rows.first { $0.keys == ["9"] })
        #expect(nine.names == ["Khánh Hải"])
        #expect(nine.counts == [0, 3, 0, 0])  // t1, t3, t10
        #expect(table.rows.last?.keys == [nil])  // unassigned last
        #expect(table.totals.last == 6)
        var filter = TipFilter()
        filter.categories = [.fire, .traffic]
        #expect(try TipStore(database: database).crosstab(by: [.category], columns: .total, filter: filter).totals.last == 2)
        filter.since = Timestamp.parse("2025-03-06")
        filter.until = Timestamp.parse("2025-03-05")
        #expect(throws: GeoIncidentsError.self) { try TipStore(database: database).crosstab(by: [.week], filter: filter) }
    }
}
