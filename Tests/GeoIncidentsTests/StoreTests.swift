import Foundation
import Testing
@testable import GeoIncidents

@Suite("Store")
struct StoreTests {
    @Test("migrations are named, applied once, and the file is WAL with spatial metadata")
    func migrations() throws {
        let path = TestSupport.temporaryPath("m.sqlite")
        let first = try GeoDatabase.open(path: path)
        #expect(try first.appliedMigrations() == ["001_spatial_metadata", "002_regions", "003_tips", "004_no_tip_triggers",
                                                  "005_access_and_audit", "006_hilbert_covers_position", "007_shared_borders", "008_cameras", "009_tips_rewritten",
                                                  "010_regions_version", "011_tip_communes", "012_tip_cells", "013_public_releases", "014_bulk_loads", "015_text_locations", "016_zalo", "017_incidents", "018_data_identity", "019_tip_changes", "020_study_area_cells", "021_anchor_changes"])
        let again = try GeoDatabase.open(path: path)
        #expect(try again.appliedMigrations().count == 21)
        let mode = try again.reader.sync { try $0.scalarText("PRAGMA journal_mode") }
        #expect(mode == "wal")
        let geometryColumns = try again.reader.sync { try $0.scalarInt("SELECT count(*) FROM geometry_columns WHERE f_table_name IN ('regions','tips')") }
        #expect(geometryColumns == 2)
        let spatialIndex = try again.reader.sync { try $0.scalarInt("SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = 'regions'") }
        #expect(spatialIndex == 1)
    }

    @Test("the data version changes with every write of regions or tips, and not otherwise")
    func dataVersion() throws {
        let database = try TestSupport.rulesDatabase()
        let afterRegions = try database.dataVersion()
        #expect(afterRegions >= 3)  // three region imports
        _ = try TipStore(database: database).list()
        #expect(try database.dataVersion() == afterRegions)
        let tip = NewTip(externalID: "v", source: "s", reportedAt: Timestamp(secondsSinceEpoch: 0), category: .other,
                         channel: .web, location: Coordinate(x: 106.002, y: 10.004))
        _ = try TipStore(database: database).insert([tip], assignments: [Assignment(method: .unassigned)])
        #expect(try database.dataVersion() == afterRegions + 1)
        _ = try TipStore(database: database).insert([tip], assignments: [Assignment(method: .unassigned)])  // duplicate
        #expect(try database.dataVersion() == afterRegions + 1)
    }

    /// The writer stores 64 rows per statement and learns which were new from the ids.
    @Test("multi-row writes: ids, duplicates (stored before or repeated in the batch), missing ids and contacts line up")
    func multiRowWrites() throws {
        let database = try TestSupport.rulesDatabase()
        let store = TipStore(database: database)
        func tip(_ id: String?, source: String = "g", x: Double, contact: String? = nil) -> NewTip {
            NewTip(externalID: id, source: source, reportedAt: Timestamp(secondsSinceEpoch: 1_700_000_000 + Int64(x * 1e6) % 86_400),
                   category: .criminal, channel: .zaloGroup, location: Coordinate(x: 106.0 + x / 1_000, y: 10.004),
                   contact: contact.map { TipsterContact(phone: $0) })
        }
        // Stored first: every third id of the batch below, in both id forms.
        let before = stride(from: 0, to: 150, by: 3).map { tip($0 % 2 == 0 ? "\($0)" : "x\($0)", x: Double($0)) }
        #expect(try store.insert(before, assignments: before.map { _ in Assignment(method: .unassigned) }).inserted == 50)
        var batch: [NewTip] = []
        for k in 0..<150 {
            batch.append(tip(k % 2 == 0 ? "\(k)" : "x\(k)", x: Double(k), contact: k % 5 == 0 ? "09\(k)" : nil))
            if k == 70 { batch.append(tip("70", x: 999, contact: "dup")) }  // repeated within one statement
            if k % 40 == 0 { batch.append(tip(nil, x: Double(k) + 0.5)) }   // no external id: never a duplicate
            if k == 100 { batch.append(tip("100", source: "other group", x: 100.25)) }  // same id, other source: new
        }
        // SQLite's unique index compares bytes: an NFD spelling of a stored NFC id is a new
        // tip, "042" (text) is not 42 (integer), and an id may hold a NUL byte.
        let nfc = "Kh\u{E1}nh-1", nfd = "Kha\u{301}nh-1"
        _ = try store.insert([tip(nfc, x: 500)], assignments: [Assignment(method: .unassigned)])
        batch.insert(contentsOf: [tip(nfc, x: 501, contact: "nfc-dup"), tip(nfd, x: 502, contact: "nfd-new"),
                                  tip("042", x: 503), tip("42", x: 504), tip("a\u{0}b", x: 505, contact: "nul")], at: 3)
        let result = try store.insert(batch, assignments: batch.map { _ in Assignment(method: .unassigned) })
        let expectedNew = batch.map { t -> Bool in
            guard let id = t.externalID else { return true }
            if t.source == "other group" || [nfd, "042", "a\u{0}b"].contains(where: { Array($0.utf8) == Array(id.utf8) }) { return true }
            if Array(id.utf8) == Array(nfc.utf8) { return false }
            if id == "42" { return false }  // stored before as every third id
            let k = Int(id.hasPrefix("x") ? String(id.dropFirst()) : id)!
            if k % 3 == 0 { return false }
            return !(t.location.x == 106.999)  // the repeat of "70" comes second
        }
        #expect(result.ids.map { $0 != nil } == expectedNew)
        #expect(result.inserted == expectedNew.filter { $0 }.count)
        #expect(result.duplicates == batch.count - result.inserted)
        // Each returned id holds that tip (its external id as bytes, source and position),
        // and the returned ids are exactly the new rows.
        let rows = try database.reader.sync { connection -> [Int64: ([UInt8]?, String, Double)] in
            var rows: [Int64: ([UInt8]?, String, Double)] = [:]
            try connection.prepare("SELECT t.id, CAST(t.external_id AS TEXT), s.name, t.lon FROM tips t JOIN tip_sources s ON s.id = t.source_id").forEachRow {
                rows[$0.int64(0)] = ($0.value(1) == .null ? nil : $0.withTextBytes(1) { Array($0) }, $0.text(2), $0.double(3))
            }
            return rows
        }
        for (t, id) in zip(batch, result.ids) {
            guard let id else { continue }
            let row = try #require(rows[id])
            #expect(row.0 == t.externalID.map { Array($0.utf8) } && row.1 == t.source && row.2 == t.location.x)
        }
        let newIDs = Set(result.ids.compactMap { $0 })
        #expect(newIDs.count == result.inserted)
        #expect(Set(rows.keys).subtracting(newIDs).count == before.count + 1)
        // A statement in which every row is already stored.
        let again = try store.insert(before, assignments: before.map { _ in Assignment(method: .unassigned) })
        #expect(again.inserted == 0 && again.ids.allSatisfy { $0 == nil })
        // Contacts went to the new tips that carried one, and only to them.
        let contacts = try database.reader.sync { connection -> [Int64: String] in
            var contacts: [Int64: String] = [:]
            try connection.prepare("SELECT tip_id, phone FROM tipster_contacts").forEachRow { contacts[$0.int64(0)] = $0.text(1) }
            return contacts
        }
        let expectedContacts = Dictionary(uniqueKeysWithValues: zip(batch, result.ids).compactMap { t, id in
            id.flatMap { id in t.contact?.phone.map { (id, $0) } }
        })
        #expect(contacts == expectedContacts)
        #expect(!contacts.values.contains("dup") && !contacts.values.contains("nfc-dup"))
        #expect(contacts.values.contains("nfd-new") && contacts.values.contains("nul"))
        // The writer skips evaluating the CHECK constraints; every stored row still meets them.
        #expect(try database.writer.sync { try $0.scalarText("PRAGMA integrity_check") } == "ok")
    }

    @Test("integrity_check sees a row that breaks the CHECK constraints (so it can vouch for the writer's rows)")
    func integrityCheckSeesChecks() throws {
        let database = try TestSupport.rulesDatabase()
        let tip = NewTip(externalID: "c", source: "s", reportedAt: Timestamp(secondsSinceEpoch: 0), category: .other,
                         channel: .web, location: Coordinate(x: 106.002, y: 10.004))
        _ = try TipStore(database: database).insert([tip], assignments: [Assignment(method: .unassigned)])
        #expect(try database.writer.sync { try $0.scalarText("PRAGMA integrity_check") } == "ok")
        try database.writer.sync { connection in
            try connection.execute("PRAGMA ignore_check_constraints=ON")
            defer { try? connection.execute("PRAGMA ignore_check_constraints=OFF") }
            try connection.execute("UPDATE tips SET category = 'arson', geom = X'00'")
        }
        // (On the read-write connection: SQLite 3.40's check on a read-only one skips CHECKs.)
        let report = try database.writer.sync { try $0.scalarText("PRAGMA integrity_check") }
        #expect(report?.contains("CHECK constraint failed in tips") == true)
        // And ordinary writers are still held to them.
        #expect(throws: GeoIncidentsError.self) { try database.writer.sync { try $0.execute("UPDATE tips SET channel = 'pigeon'") } }
    }

    @Test("the default path: --database, then GEOQ_DATABASE, then ./geoincidents.sqlite")
    func defaultPath() {
        #expect(GeoDatabase.defaultPath(explicit: "a.sqlite", environment: ["GEOQ_DATABASE": "b.sqlite"]) == "a.sqlite")
        #expect(GeoDatabase.defaultPath(explicit: nil, environment: ["GEOQ_DATABASE": "b.sqlite"]) == "b.sqlite")
        #expect(GeoDatabase.defaultPath(explicit: nil, environment: [:]) == "./geoincidents.sqlite")
    }

    @Test("a missing folder is a clear error")
    func missingFolder() {
        let error = #expect(throws: GeoIncidentsError.self) { try GeoDatabase.open(path: "/nonexistent-folder/x.sqlite") }
        #expect(error?.message.contains("/nonexistent-folder") == true)
    }

    @Test("tips are stored as SpatiaLite points that SQL functions read, and bbox filters use the Hilbert index")
    func storedGeometry() throws {
        let database = try TestSupport.rulesDatabase()
        let tip = NewTip(externalID: "x", source: "s", reportedAt: Timestamp(secondsSinceEpoch: 1_700_000_000), category: .fire,
                         channel: .hotline, location: Coordinate(x: 106.0123, y: 10.0045))
        let result = try TipStore(database: database).insert([tip], assignments: [Assignment(communeCode: "10", method: .inside)])
        #expect(result.inserted == 1)
        let xy = try database.reader.sync { c in (try c.scalarText("SELECT ST_X(geom) || ',' || ST_Y(geom) || ',' || ST_SRID(geom) FROM tips")) }
        #expect(xy == "106.0123,10.0045,4326")
        let plan = try database.reader.sync { connection -> String in
            var filter = TipFilter()
            filter.boundingBox = BoundingBox(minX: 106.0, minY: 10.0, maxX: 106.02, maxY: 10.01)
            let (condition, values) = filter.sqlCondition()
            let statement = try connection.prepare("EXPLAIN QUERY PLAN SELECT id FROM tips t WHERE \(condition)")
            try statement.bind(values)
            var details: [String] = []
            try statement.forEachRow { details.append($0.text(3)) }
            return details.joined(separator: "; ")
        }
        // `h` is tip_cells: one key-range search per Hilbert range, no scan anywhere.
        #expect(plan.contains("SEARCH h USING PRIMARY KEY (hilbert>? AND hilbert<?)") && !plan.contains("SCAN"), "\(plan)")
        var inside = TipFilter()
        inside.boundingBox = BoundingBox(minX: 106.01, minY: 10.0, maxX: 106.02, maxY: 10.01)
        #expect(try TipStore(database: database).count(inside) == 1)
        inside.boundingBox = BoundingBox(minX: 106.013, minY: 10.0, maxX: 106.02, maxY: 10.01)
        #expect(try TipStore(database: database).count(inside) == 0)
        // The geometry guard still holds for other writers.
        let bad = #expect(throws: GeoIncidentsError.self) {
            try database.writer.sync { try $0.execute("UPDATE tips SET geom = GeomFromText('POINT(1 2)', 3857)") }
        }
        #expect(bad?.message.contains("CHECK constraint failed") == true)
    }
}
