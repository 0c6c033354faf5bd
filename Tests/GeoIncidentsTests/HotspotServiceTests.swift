import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

/// Hotspot analyses over a stored database: scope, cache, bad input, emerging hot spots.
@Suite("Hotspot service")
struct HotspotServiceTests {
    @Test("study-area grids include zero cells, keep every tip, and are cached until the data changes")
    func studyAreaAndCache() throws {
        let database = try TestSupport.demoDatabase()
        let service = HotspotService(database: database)
        let grid = try service.grid(TipFilter(), parameters: HotspotParameters())
        #expect(grid.crs == "EPSG:32649")
        #expect(grid.cells.reduce(0) { $0 + $1.count } == 3_000)
        #expect(grid.cells.count > grid.cellsWithTips * 3)  // zeros of the study area take part
        #expect(grid.cells.map { $0.z! } == grid.cells.map { $0.z! }.sorted(by: >))
        #expect(grid.hotCells > 0)
        #expect(grid.cells.filter(\.significant).allSatisfy { ($0.pAdjusted ?? 1) <= 0.05 })
        var nonempty = HotspotParameters()
        nonempty.cells = .nonempty
        let sparse = try service.grid(TipFilter(), parameters: nonempty)
        #expect(sparse.cells.count == sparse.cellsWithTips)
        // Gi* over non-empty cells only overstates significance.
        #expect(sparse.cells[0].z! < grid.cells[0].z!)

        // Cached: same version, same query → the same result without recomputation.
        let again = try service.grid(TipFilter(), parameters: HotspotParameters())
        #expect(again.dataVersion == grid.dataVersion)
        #expect(again.cells == grid.cells)
        // A new tip changes the data version, and the grid follows it.
        let top = try grid.centres(grid.cells.prefix(1))[0]
        var tip = NewTip(source: "test", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000), category: .criminal, channel: .hotline, location: top)
        tip.description = "test"
        let index = try RegionStore(database: database).boundaryIndex()
        _ = try TipStore(database: database).insert([tip], assignments: try index.assign([top]))
        let after = try service.grid(TipFilter(), parameters: HotspotParameters())
        #expect(after.dataVersion > grid.dataVersion)
        #expect(after.cells[0].id == grid.cells[0].id)
        #expect(after.cells[0].count == grid.cells[0].count + 1)
    }

    @Test("scope by commune and category narrows the tips; the study area follows the scope")
    func scoped() throws {
        let database = try TestSupport.demoDatabase()
        let service = HotspotService(database: database)
        var filter = TipFilter()
        filter.communeCodes = ["99001"]
        filter.categories = [.criminal]
        let grid = try service.grid(filter, parameters: HotspotParameters())
        let expected = try TipStore(database: database).count(filter)
        #expect(grid.cells.reduce(0) { $0 + $1.count } == expected)
        let all = try service.grid(TipFilter(), parameters: HotspotParameters())
        #expect(grid.cells.count < all.cells.count / 5)
        var kde = HotspotParameters()
        kde.method = .kde
        kde.bandwidth = 400
        let density = try service.grid(filter, parameters: kde)
        #expect(density.cells[0].density! >= density.cells[1].density!)
        // The whole mass of the kernel: Σ density·cell area ≈ tips whose disc lies inside the area.
        let mass = density.cells.reduce(0) { $0 + $1.density! } * 0.0625
        #expect(mass > 0.8 * Double(expected) && mass < 1.05 * Double(expected))
    }

    @Test("bad input gets a clear error, never a crash or an empty result")
    func badInput() throws {
        let database = try TestSupport.demoDatabase(tips: 300)
        let service = HotspotService(database: database)
        func message(_ filter: TipFilter = TipFilter(), _ change: (inout HotspotParameters) -> Void) -> String {
            var parameters = HotspotParameters()
            change(&parameters)
            do { _ = try service.grid(filter, parameters: parameters); return "" } catch let e as GeoIncidentsError { return e.message } catch { return "\(error)" }
        }
        #expect(message { $0.cellSize = 0 }.contains("cell size must be a positive number"))
        #expect(message { $0.cellSize = -5 }.contains("cell size must be a positive number"))
        #expect(message { $0.cellSize = .nan }.contains("cell size"))
        #expect(message { $0.cellSize = 2 }.contains("cells over the scope (limit 50000000)"))
        #expect(message { $0.crs = "EPSG:999999" }.contains("EPSG:999999"))
        var future = TipFilter()
        future.since = Timestamp.parse("2040-01-01")
        #expect(message(future) { _ in }.contains("no tips match the filter"))
        var inverted = TipFilter()
        inverted.since = Timestamp.parse("2025-03-01")
        inverted.until = Timestamp.parse("2025-02-01")
        #expect(message(inverted) { _ in }.contains("time window is empty"))
        var unknown = TipFilter()
        unknown.communeCodes = ["12345"]
        #expect(message(unknown) { _ in }.contains("commune code 12345 is not in the boundary layer"))
        #expect(message { $0.alpha = 2 }.contains("alpha must be between 0 and 1"))
    }

    @Test("emerging categories follow ArcGIS's definitions")
    func categories() {
        func c(_ hot: String, cold: String? = nil, _ trend: MannKendall.Trend = .none) -> EmergingCategory {
            EmergingCategory.classify(hot: hot.map { $0 == "H" }, cold: (cold ?? String(repeating: ".", count: hot.count)).map { $0 == "C" }, trend: trend)
        }
        #expect(c(".........H") == .newHot)
        #expect(c("........HH") == .consecutiveHot)
        #expect(c("HHHHHHHHHH", .increasing) == .intensifyingHot)
        #expect(c("HHHHHHHHHH") == .persistentHot)
        #expect(c("HHHHHHHHHH", .decreasing) == .diminishingHot)
        #expect(c("HHHHHHHHH.") == .historicalHot)
        #expect(c("H..H....HH") == .sporadicHot)
        #expect(c("...H.....H", cold: ".C........") == .oscillatingHot)
        #expect(c("..........", cold: ".........C") == .newCold)
        #expect(c("..........", cold: "CCCCCCCCCC", .decreasing) == .intensifyingCold)
        #expect(c("..H.......") == .noPattern)
        #expect(c("..........") == .noPattern)
    }

    @Test("weeks start on Monday and months on the 1st, in Vietnam time")
    func slices() throws {
        let monday = try #require(Timestamp.parse("2025-03-03T00:00"))  // Vietnam time
        #expect(TimeSlice.week.start(TimeSlice.week.number(monday.secondsSinceEpoch)) == monday)
        #expect(TimeSlice.week.number(monday.secondsSinceEpoch - 1) == TimeSlice.week.number(monday.secondsSinceEpoch) - 1)
        let sunday = try #require(Timestamp.parse("2025-03-09T23:59"))
        #expect(TimeSlice.week.number(sunday.secondsSinceEpoch) == TimeSlice.week.number(monday.secondsSinceEpoch))
        let march = try #require(Timestamp.parse("2025-03-01"))
        #expect(TimeSlice.month.start(TimeSlice.month.number(march.secondsSinceEpoch + 86_400 * 20)) == march)
        #expect(TimeSlice.month.number(march.secondsSinceEpoch) - TimeSlice.month.number(march.secondsSinceEpoch - 1) == 1)
    }

    @Test("a cluster appearing only in the last months is a new or consecutive hot spot; a steady one is persistent")
    func emergingEndToEnd() throws {
        let database = try TestSupport.freshDatabase()
        let regions = RegionStore(database: database)
        for (file, level) in [("province", AdminLevel.province), ("communes", .commune), ("neighbourhoods", .neighbourhood)] {
            _ = try regions.importFile("\(TestSupport.repositoryRoot)/regions/demo/\(file).geojson", options: RegionImportOptions(level: level))
        }
        let index = try regions.boundaryIndex()
        let steady = Coordinate(x: 108.92, y: 11.59), fresh = Coordinate(x: 109.05, y: 11.54)
        var random = SeededRandom(seed: 21)
        var tips: [NewTip] = []
        let start = try #require(Timestamp.parse("2024-01-01")).secondsSinceEpoch
        for month in 0..<12 {
            let monthStart = start + Int64(month) * 31 * 86_400
            func add(_ centre: Coordinate, _ n: Int) {
                for _ in 0..<n {
                    let p = Coordinate(x: centre.x + random.signedUnit() * 0.0008, y: centre.y + random.signedUnit() * 0.0008)
                    tips.append(NewTip(source: "test", reportedAt: Timestamp(secondsSinceEpoch: monthStart + Int64(random.below(25 * 86_400))), category: .criminal, channel: .zaloGroup, location: p))
                }
            }
            add(steady, 15)
            if month >= 10 { add(fresh, 25) }
            for _ in 0..<20 {  // background
                add(Coordinate(x: 108.85 + random.unit() * 0.25, y: 11.45 + random.unit() * 0.2), 1)
            }
        }
        _ = try TipStore(database: database).insert(tips, assignments: try index.assign(tips.map(\.location)))
        var parameters = HotspotParameters()
        parameters.cellSize = 500
        let result = try HotspotService(database: database).emerging(TipFilter(), parameters: parameters, slice: .month)
        #expect(result.sliceStarts.count == 12)
        let grid = GridGeometry(shape: .square, cellSize: 500)
        func category(at p: Coordinate) throws -> EmergingCategory? {
            let metres = try Projector(targetCRS: result.crs).forward(p)
            let id = grid.cell(x: metres.x, y: metres.y)
            return result.cells.first { $0.id == id }?.category
        }
        #expect(try category(at: steady) == .persistentHot)
        #expect([.consecutiveHot, .newHot].contains(try category(at: fresh)))
        var short = TipFilter()
        short.since = Timestamp.parse("2024-01-01")
        short.until = Timestamp.parse("2024-03-01")
        #expect(throws: GeoIncidentsError.self) { try HotspotService(database: database).emerging(short, parameters: parameters, slice: .month) }
    }
}
