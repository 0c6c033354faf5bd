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
                                                  "005_access_and_audit", "006_hilbert_covers_position", "007_shared_borders", "008_cameras", "009_tips_rewritten"])
        let again = try GeoDatabase.open(path: path)
        #expect(try again.appliedMigrations().count == 9)
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
        #expect(plan.contains("tips_hilbert"))
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
