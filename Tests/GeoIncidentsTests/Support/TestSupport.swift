import Foundation
@testable import GeoIncidents
import GeoIncidentsDemo
import TestScratch

/// Helpers shared by the test suites: fresh databases, fixture and shared-data paths.
enum TestSupport {
    /// A new, empty database in a unique temporary folder (tests run in parallel).
    static func freshDatabase() throws -> GeoDatabase {
        try GeoDatabase.open(path: temporaryPath("test.sqlite"))
    }

    /// A unique path in a new scratch folder (removed when the test process exits).
    static func temporaryPath(_ name: String) -> String {
        TestScratch.folder("geoincidents-tests") + "/" + name
    }

    /// A file under Tests/GeoIncidentsTests/Fixtures.
    static func fixture(_ name: String) -> String {
        Bundle.module.resourcePath! + "/Fixtures/" + name
    }

    /// The repository root (from this file's path).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// `../shared/data` beside the repository (or $GEOINCIDENTS_SHARED/data).
    static var sharedData: String {
        if let shared = ProcessInfo.processInfo.environment["GEOINCIDENTS_SHARED"] { return shared + "/data" }
        return URL(fileURLWithPath: repositoryRoot).deletingLastPathComponent().appendingPathComponent("shared/data").path
    }

    /// Whether the shared real data is present; tests that need it say so when it is not.
    static var hasSharedData: Bool {
        FileManager.default.fileExists(atPath: sharedData + "/vn-admin-2025/communes_2025.geojson")
    }

    /// A database with the rules fixtures (province, communes, neighbourhoods) imported.
    static func rulesDatabase() throws -> GeoDatabase {
        let database = try freshDatabase()
        let regions = RegionStore(database: database)
        _ = try regions.importFile(fixture("rules-province.geojson"), options: RegionImportOptions(level: .province))
        _ = try regions.importFile(fixture("rules-communes.geojson"), options: RegionImportOptions(level: .commune))
        _ = try regions.importFile(fixture("rules-neighbourhoods.geojson"), options: RegionImportOptions(level: .neighbourhood))
        return database
    }

    /// A database with the demo province (regions/demo) and 3,000 demo tips imported.
    static func demoDatabase(tips: Int = 3_000) throws -> GeoDatabase {
        let database = try freshDatabase()
        let regions = RegionStore(database: database)
        for (file, level) in [("province", AdminLevel.province), ("communes", .commune), ("neighbourhoods", .neighbourhood)] {
            _ = try regions.importFile("\(repositoryRoot)/regions/demo/\(file).geojson", options: RegionImportOptions(level: level))
        }
        let path = try write(DemoTips.csv(count: tips, region: DemoRegion.generate()), name: "demo.csv")
        _ = try TipImporter(database: database, index: try regions.boundaryIndex(), options: TipImportOptions()).run(path: path)
        return database
    }

    /// Writes `text` to a new temporary file and returns its path.
    static func write(_ text: String, name: String) throws -> String {
        let path = temporaryPath(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
