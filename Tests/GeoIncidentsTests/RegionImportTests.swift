import Testing
@testable import GeoIncidents

@Suite("Region import")
struct RegionImportTests {
    @Test("invalid geometry is repaired and reported")
    func repairs() throws {
        let database = try TestSupport.freshDatabase()
        let report = try RegionStore(database: database).importFile(TestSupport.fixture("bowtie.geojson"), options: RegionImportOptions(level: .commune))
        #expect(report.inserted == 2)
        #expect(report.repaired.count == 1)
        #expect(report.repaired[0].contains("feature 1 (code 2)"))
        #expect(report.repaired[0].contains("Self-intersection"))
        // The repaired bowtie is two triangles: a point in one triangle is inside commune 2.
        let index = try RegionStore(database: database).boundaryIndex()
        #expect(try index.assign(Coordinate(x: 106.021, y: 10.005)).communeCode == "2")
        #expect(try index.assign(Coordinate(x: 106.025, y: 10.002)).communeCode == nil)  // between the triangles
    }

    @Test("unusable features are listed with index, code and reason, and nothing is imported")
    func rejectsAllOrNothing() throws {
        let database = try TestSupport.freshDatabase()
        let store = RegionStore(database: database)
        let error = try #require(throws: GeoIncidentsError.self) {
            try store.importFile(TestSupport.fixture("rejected.geojson"), options: RegionImportOptions(level: .commune))
        }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("3 feature(s) rejected; nothing was imported"))
        #expect(error.message.contains("feature 1 (code 2): geometry type LineString is not a Polygon or MultiPolygon"))
        #expect(error.message.contains("feature 2 (code 3): latitude 91.0 is outside -90…90"))
        #expect(error.message.contains("feature 3: no code"))
        #expect(try store.counts().isEmpty)
    }

    @Test("a truncated file is an error naming the file, and nothing is imported")
    func truncated() throws {
        let path = try TestSupport.write(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1","name":"A"},"geometry":{"type":"Polygon","coordinates":[[[1,1],[2,1],[2,2],[1,1]]]}},{"type":"Feat"#, name: "cut.geojson")
        let database = try TestSupport.freshDatabase()
        let error = try #require(throws: GeoIncidentsError.self) {
            try RegionStore(database: database).importFile(path, options: RegionImportOptions(level: .commune))
        }
        #expect(error.message.contains("cut.geojson"))
        #expect(try RegionStore(database: database).counts().isEmpty)
    }

    @Test("replacing the unit with the largest id (whose id SQLite reuses) still changes the layer version")
    func layerVersionFollowsReplacement() throws {
        func square(_ code: String, _ x0: Double) -> String {
            #"{"type":"Feature","properties":{"code":"\#(code)","name":"C\#(code)"},"geometry":{"type":"Polygon","coordinates":[[[\#(x0),10],[\#(x0 + 0.01),10],[\#(x0 + 0.01),10.01],[\#(x0),10.01],[\#(x0),10]]]}}"#
        }
        let first = try TestSupport.write(#"{"type":"FeatureCollection","features":["# + square("1", 106) + "," + square("2", 106.01) + "]}", name: "v1.geojson")
        let moved = try TestSupport.write(#"{"type":"FeatureCollection","features":["# + square("2", 106.02) + "]}", name: "v2.geojson")
        let database = try TestSupport.freshDatabase()
        let store = RegionStore(database: database)
        _ = try store.importFile(first, options: RegionImportOptions(level: .commune))
        let before = try store.layerVersion()
        let maxID = try database.reader.sync { try $0.scalarInt("SELECT max(id) FROM regions") }
        _ = try store.importFile(moved, options: RegionImportOptions(level: .commune))
        #expect(try database.reader.sync { try $0.scalarInt("SELECT max(id) FROM regions") } == maxID)  // the id was reused
        #expect(try store.layerVersion() != before)
        #expect(try store.boundaryIndex().assign(Coordinate(x: 106.025, y: 10.005)).communeCode == "2")
    }

    @Test("re-import replaces in place; --valid-from keeps history")
    func reimport() throws {
        let database = try TestSupport.rulesDatabase()
        let store = RegionStore(database: database)
        let again = try store.importFile(TestSupport.fixture("rules-communes.geojson"), options: RegionImportOptions(level: .commune))
        #expect(again.inserted == 0)
        #expect(again.replaced == 9)
        #expect(try store.counts()[.commune] == 9)
        let versioned = try store.importFile(TestSupport.fixture("rules-communes.geojson"),
                                             options: RegionImportOptions(level: .commune, validFrom: "2025-07-01"))
        #expect(versioned.replaced == 9)
        #expect(try store.list(level: .commune).count == 9)
        #expect(try store.list(level: .commune).allSatisfy { $0.validFrom == "2025-07-01" })
    }

    @Test("name search ignores diacritics and case", arguments: ["khanh hai", "Khánh Hải", "KHANH", "hai"])
    func find(_ text: String) throws {
        let store = RegionStore(database: try TestSupport.rulesDatabase())
        let found = try store.find(text, level: .commune)
        #expect(found.contains { $0.name == "Khánh Hải" && $0.code == "9" })
    }

    @Test("đ folds to d; codes are found exactly")
    func findSpecial() throws {
        let store = RegionStore(database: try TestSupport.rulesDatabase())
        #expect(try store.find("dong hai").first?.name == "Đông Hải")
        #expect(try store.find("12").first?.name == "Bảo An")
        #expect(try store.region(level: .commune, code: "12")?.name == "Bảo An")
        #expect(try store.region(level: .commune, code: "12")?.parentCode == "99")
        #expect(try store.region(level: .neighbourhood, code: "12") == nil)
        #expect(TextFolding.searchKey("  Phường   Đô  Vinh ") == "phuong do vinh")
    }

    @Test("regions check finds the overlap and the gap")
    func check() throws {
        let problems = try RegionCheck(database: try TestSupport.rulesDatabase()).run(level: .commune)
        let overlaps = problems.filter { $0.kind == .overlap }
        #expect(overlaps.count == 1)
        #expect(overlaps.first?.codes == ["40", "41"])
        // 0.01° × 0.02° at latitude 10° ≈ 1,096 m × 2,212 m.
        #expect(abs((overlaps.first?.areaSquareMeters ?? 0) - 2.42e6) < 0.03e6)
        #expect(problems.contains { $0.kind == .gap && $0.codes == ["99"] })
        #expect(!problems.contains { $0.kind == .outsideParent })
    }
}
