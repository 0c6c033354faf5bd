import Foundation
import Testing
@testable import GeoIncidents

@Suite("Stored shared borders")
struct SharedBorderStoreTests {
    @Test("stored borders equal the derived ones, are read back without re-deriving, and follow layer changes")
    func storedFollowLayer() throws {
        let database = try TestSupport.demoDatabase(tips: 10)
        let regions = RegionStore(database: database)
        let derived = try regions.sharedBorders(level: .commune)
        let stored = try regions.storedBorders(level: .commune)
        #expect(stored.count == derived.count)
        for (a, b) in zip(stored, derived) {
            #expect(a.codeA == b.codeA && a.codeB == b.codeB)
            #expect(abs(a.lengthMeters - b.lengthMeters) < 1e-6)
            #expect(a.lines == b.lines, "the SpatiaLite MULTILINESTRING round trip keeps every coordinate")
        }
        // Read back from the table: a row changed behind the store's back shows.
        try database.writer.sync { try $0.execute("UPDATE shared_borders SET length_m = -1 WHERE id = (SELECT min(id) FROM shared_borders)") }
        #expect(try regions.storedBorders(level: .commune).first?.lengthMeters == -1)
        // GEOS reads the stored lines as valid WGS84 multilinestrings.
        let valid = try database.reader.sync { try $0.scalarInt("SELECT count(*) FROM shared_borders WHERE ST_IsValid(geom) AND ST_SRID(geom) = 4326 AND GeometryType(geom) = 'MULTILINESTRING'") }
        #expect(valid == Int64(derived.count))
        // Retiring a commune changes the layer: its borders go.
        try database.writer.sync { try $0.execute("UPDATE regions SET valid_to = '2026-01-01' WHERE level = 'commune' AND code = '99008'") }
        let after = try regions.storedBorders(level: .commune)
        #expect(!after.contains { $0.codeA == "99008" || $0.codeB == "99008" })
        #expect(after.count < derived.count)
        #expect(after.allSatisfy { $0.lengthMeters > 0 })
        // An edit in place (same count, same largest id) changes the layer too: 99001 takes
        // the retired 99008's shape, and its borders follow.
        try database.writer.sync { try $0.execute("""
            UPDATE regions SET geom = (SELECT geom FROM regions WHERE level = 'commune' AND code = '99008')
            WHERE level = 'commune' AND code = '99001' AND valid_to IS NULL
            """) }
        let pairs = { (borders: [SharedBorder]) in Set(borders.filter { $0.codeA == "99001" || $0.codeB == "99001" }.map { "\($0.codeA)|\($0.codeB)" }) }
        #expect(pairs(try regions.storedBorders(level: .commune)) == pairs(try regions.sharedBorders(level: .commune)))
        #expect(pairs(try regions.storedBorders(level: .commune)) != pairs(after))
        // Other parameters re-derive too.
        let loose = try regions.storedBorders(level: .commune, parameters: SharedBorderParameters(minimumLengthMeters: 5_000))
        #expect(loose.count < after.count)
        #expect(loose.allSatisfy { $0.lengthMeters >= 5_000 })
    }

    @Test("province borders are the commune borders between provinces; one province has none")
    func provinceBorders() throws {
        #expect(try RegionStore(database: try TestSupport.demoDatabase(tips: 10)).storedBorders(level: .province).isEmpty)
        let database = try TestSupport.demoDatabase(tips: 10)
        let regions = RegionStore(database: database)
        // Move four communes into a second province: the borders between the two provinces
        // are exactly the commune borders that cross, summed per province pair.
        try database.writer.sync { try $0.execute("UPDATE regions SET parent_code = '98' WHERE level = 'commune' AND code IN ('99001', '99002', '99006', '99007')") }
        let moved: Set<String> = ["99001", "99002", "99006", "99007"]
        let crossing = try regions.storedBorders(level: .commune).filter { moved.contains($0.codeA) != moved.contains($0.codeB) }
        let provinces = try regions.storedBorders(level: .province)
        #expect(provinces.count == 1)
        #expect(provinces.first?.codeA == "98" && provinces.first?.codeB == "99")
        #expect(abs((provinces.first?.lengthMeters ?? 0) - crossing.reduce(0) { $0 + $1.lengthMeters }) < 1e-6)
        #expect(provinces.first?.lines.count == crossing.reduce(0) { $0 + $1.lines.count })
    }

    @Test("bad parameters and levels are named")
    func badInput() throws {
        let regions = RegionStore(database: try TestSupport.demoDatabase(tips: 10))
        #expect(throws: GeoIncidentsError.self) { try regions.storedBorders(level: .commune, parameters: SharedBorderParameters(toleranceMeters: -5)) }
        #expect(throws: GeoIncidentsError.self) { try regions.storedBorders(level: .neighbourhood) }
        #expect(throws: GeoIncidentsError.self) { try regions.storedBorders(level: .commune, parameters: SharedBorderParameters(minimumLengthMeters: .nan)) }
    }
}
