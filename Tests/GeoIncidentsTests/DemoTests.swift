import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

@Suite("Demo province")
struct DemoTests {
    @Test("the committed regions/demo files are exactly what the generator writes")
    func committedFilesMatchGenerator() throws {
        let folder = TestSupport.temporaryPath("demo")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try DemoRegion.write(to: folder)
        for file in ["province.geojson", "communes.geojson", "neighbourhoods.geojson"] {
            let generated = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)"))
            let committed = try Data(contentsOf: URL(fileURLWithPath: "\(TestSupport.repositoryRoot)/regions/demo/\(file)"))
            #expect(generated == committed, "regions/demo/\(file) differs from `geoq demo generate`")
        }
    }

    @Test("the demo imports cleanly: a valid partition, every tip kept, edge cases as designed")
    func importsCleanly() throws {
        let database = try TestSupport.freshDatabase()
        let regions = RegionStore(database: database)
        let folder = "\(TestSupport.repositoryRoot)/regions/demo"
        for (file, level) in [("province", AdminLevel.province), ("communes", .commune), ("neighbourhoods", .neighbourhood)] {
            let report = try regions.importFile("\(folder)/\(file).geojson", options: RegionImportOptions(level: level))
            #expect(report.repaired.isEmpty)
            #expect(report.warnings.isEmpty)
        }
        #expect(try regions.counts() == [.province: 1, .commune: 20, .neighbourhood: 122])
        #expect(try RegionCheck(database: database).run().isEmpty)
        let tips = try TestSupport.write(DemoTips.csv(count: 3_000, region: DemoRegion.generate()), name: "demo.csv")
        let report = try TipImporter(database: database, index: try regions.boundaryIndex(), options: TipImportOptions()).run(path: tips)
        #expect(report.inserted == 3_000)
        #expect(report.rejected == 0)
        #expect(report.methods[.nearest] == 1)  // ~50 m off the coast
        #expect(report.methods[.unassigned] == 2)  // several km away, kept
        #expect((report.methods[.boundary] ?? 0) >= 2)  // on shared vertices
        let listed = try TipStore(database: database).list(limit: 5_000)
        #expect(listed.filter { $0.assignment.communeCode != nil }.allSatisfy { $0.assignment.neighbourhoodCode?.hasPrefix($0.assignment.communeCode!) == true })
        #expect(try regions.find("khanh hai").first?.code == "99001")
    }
}
