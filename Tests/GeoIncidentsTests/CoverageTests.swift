import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

@Suite("Camera coverage and gaps")
struct CoverageTests {
    static func demo() throws -> GeoDatabase {
        let database = try TestSupport.demoDatabase()
        let path = try TestSupport.write(DemoCameras.csv(region: DemoRegion.generate()), name: "demo-cameras.csv")
        let report = try CameraStore(database: database).importFile(path)
        #expect(report.added == 19 && report.rejected.isEmpty)
        return database
    }

    @Test("tips seen equal a brute force over every active camera; breakdowns add up; offline cameras are left out")
    func figures() throws {
        let database = try Self.demo()
        let service = CameraService(database: database)
        let report = try service.coverage(TipFilter())
        #expect(report.activeCameras == 18 && report.offlineCameras == 1 && report.assumedDirection == 2)
        let tips = try TipStore(database: database).unitTips()
        let active = try CameraStore(database: database).list(activeOnly: true)
        let pool = try ProjectionCache().pool(for: report.crs)
        let views = try CameraViews(cameras: active, pool: pool)
        let metric = try ParallelProjection.forward(tips.points.coordinates, pool: pool)
        let brute = metric.filter { p in (0..<views.count).contains { views.contains($0, p) } }.count
        #expect(report.total.tips == 3_000 && report.total.covered == brute && brute > 30)
        #expect(report.categories.map(\.covered).reduce(0, +) == brute && report.hourBands.map(\.covered).reduce(0, +) == brute)
        #expect(report.communes.map(\.tips.covered).reduce(0, +) == brute)
        #expect(report.communes.map(\.tips.tips).reduce(0, +) == tips.communes.filter { $0 >= 0 }.count, "the two tips far off the coast have no commune")
        // The offline camera at the junction is left out: with it, more tips would be seen.
        let everything = try CameraViews(cameras: try CameraStore(database: database).list(), pool: pool)
        #expect(everything.covered(metric).filter { $0 }.count > brute)
    }

    @Test("covered commune area (GEOS): an omnidirectional camera inside a commune covers its 32-gon; overlaps count once")
    func areas() throws {
        let database = try Self.demo()
        let report = try CameraService(database: database).coverage(TipFilter())
        let dongHai = try #require(report.communes.first { $0.code == "99008" })
        let polygon = 0.5 * 32 * 60 * 60 * sin(2 * Double.pi / 32)  // GT-1: range 60 m, all round
        #expect(abs(dongHai.coveredSquareMeters - polygon) < 1e-6 * polygon)
        #expect(dongHai.areaShare > 0 && dongHai.areaShare < 0.01)
        let khanhHai = try #require(report.communes.first { $0.code == "99001" })
        let sectors = try CameraService(database: database).cameraSectors(crs: report.crs)
        let views = try CameraViews(cameras: sectors.map(\.camera).filter { $0.communeCode == "99001" }, pool: try ProjectionCache().pool(for: report.crs))
        let sum = (0..<views.count).map { abs(Polygon.signedArea(views.ring($0))) }.reduce(0, +)
        #expect(khanhHai.coveredSquareMeters <= sum + 1e-6 && khanhHai.coveredSquareMeters > 0.5 * sum, "the four market cameras overlap")
        #expect(report.communes.filter { $0.cameras == 0 }.allSatisfy { $0.coveredSquareMeters == 0 })
    }

    @Test("gaps: hot cells and border clusters under half seen, most unseen first; no cameras is a clear error")
    func gaps() throws {
        let database = try Self.demo()
        let service = CameraService(database: database)
        let gaps = try service.coverageGaps(TipFilter())
        #expect(gaps.contains { $0.kind == .hotspotCell } && gaps.contains { $0.kind == .borderCluster })
        #expect(gaps.allSatisfy { Double($0.covered) < 0.5 * Double($0.tips) })
        #expect(zip(gaps, gaps.dropFirst()).allSatisfy { $0.uncovered >= $1.uncovered })
        let grid = try service.hotspots.grid(TipFilter(), parameters: HotspotParameters())
        let hot = Set(grid.cells.filter { $0.significant && $0.bin > 0 }.map { "\($0.id.ix),\($0.id.iy)" })
        for gap in gaps where gap.kind == .hotspotCell {
            #expect(hot.contains(gap.id))
            #expect(grid.cells.first { "\($0.id.ix),\($0.id.iy)" == gap.id }?.count == gap.tips)
        }
        let strict = try service.coverageGaps(TipFilter(), maxCoveredShare: 0.01)
        #expect(strict.count < gaps.count && strict.allSatisfy { $0.covered == 0 })
        #expect(throws: GeoIncidentsError.self) { try service.coverageGaps(TipFilter(), maxCoveredShare: 0) }
        #expect(throws: GeoIncidentsError.invalidInput("max covered share must be more than 0 and at most 1, got 0.0")) {
            try service.coverageGaps(TipFilter(), maxCoveredShare: 0)
        }
        let empty = try TestSupport.demoDatabase(tips: 20)
        do {
            _ = try CameraService(database: empty).coverage(TipFilter())
            Issue.record("coverage without cameras must fail")
        } catch let error as GeoIncidentsError {
            #expect(error.message.contains("no active cameras"))
        }
    }
}
