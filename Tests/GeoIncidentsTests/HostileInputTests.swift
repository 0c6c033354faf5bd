import Foundation
import Testing
@testable import GeoIncidents

/// Inputs that used to trap (a trap on request input takes the whole server down).
@Suite("Hostile numbers never trap")
struct HostileInputTests {
    @Test("radix sort of equal keys")
    func equalKeys() {
        let (order, sorted) = RadixSort.sort([7, 7, 7])
        #expect(order == [0, 1, 2])
        #expect(sorted == [7, 7, 7])
    }

    @Test("a grid grids points beyond Int32 cells into no cell", arguments: [GridShape.square, .hex])
    func hugeCoordinates(shape: GridShape) {
        let g = GridGeometry(shape: shape, cellSize: 1e-3)
        #expect(g.cell(x: 1e15, y: 5) == .none)
        #expect(g.cell(x: .nan, y: 5) == .none)
        #expect(g.cell(x: -.infinity, y: 5) == .none)
        #expect(g.cell(x: 0.0015, y: 0.0015) != .none)
        #expect(g.rows(minY: -1e300, maxY: 1e300).map { $0.count <= 2_000_000_001 } ?? true)
        #expect(g.rows(minY: .nan, maxY: 1) == nil)
    }

    @Test("a hotspot grid in a CRS of micrometres is an answer or an error, not a trap")
    func tinyUnits() throws {
        var p = HotspotParameters()
        p.cells = .nonempty
        p.crs = "+proj=merc +datum=WGS84 +to_meter=1e-6 +type=crs"
        p.cellSize = 100
        let points = [Coordinate(x: 108.95, y: 11.58), Coordinate(x: 108.96, y: 11.59)]
        do {
            let grid = try Hotspots.grid(points: points, studyArea: nil, parameters: p)
            #expect(grid.tipsNotProjected == 2 || grid.cells.count <= 2)
        } catch is GeoIncidentsError {}
        p.method = .count
        p.crs = "EPSG:32649"
        let same = try Hotspots.grid(points: points, studyArea: nil, parameters: p)
        #expect(same.cells.count == 2)
    }

    @Test("DBSCAN with a tiny eps or far points throws a named error", arguments: [1e-14, 0.001, 0])
    func tinyEps(eps: Double) {
        #expect(throws: GeoIncidentsError.self) {
            try DBSCAN.run([Coordinate(x: 0, y: 0), Coordinate(x: 1e6, y: 1e6)], eps: eps, minPoints: 2)
        }
        #expect(throws: GeoIncidentsError.self) { try ClusterParameters(epsMeters: eps).validate() }
    }

    @Test("DBSCAN over a key space that would wrap 64 bits throws")
    func wideExtent() {
        #expect(throws: GeoIncidentsError.self) {
            try DBSCAN.run([Coordinate(x: -4e12, y: -4e12), Coordinate(x: 4e12, y: 4e12)], eps: 0.02, minPoints: 2)
        }
    }

    @Test("tip ids at the ends of Int64", arguments: [Int64.min, -1, 0, Int64.max])
    func extremeIDs(id: Int64) throws {
        let database = try TestSupport.freshDatabase()
        #expect(try TipStore(database: database).tip(id: id) == nil)
    }

    @Test("a border search with a reach of 0 m ends (border_distance=0 once spun two cores forever); a flat boundary or an infinite point does not trap")
    func zeroReach() throws {
        let border = [[Coordinate(x: 0, y: 0), Coordinate(x: 1_000, y: 0)]]
        let proximity = BorderProximity(lines: [border], reach: 0)
        let hull = [Coordinate(x: 500, y: 50), Coordinate(x: 510, y: 60), Coordinate(x: 500, y: 70)]
        #expect(proximity.nearest(toHull: hull, searchingUpTo: 5_000)?.item == 0)
        #expect(proximity.nearest(toHull: hull, searchingUpTo: 10) == nil)
        #expect(proximity.nearest(toHull: hull, searchingUpTo: 0) == nil)
        #expect(proximity.nearest(toHull: hull, searchingUpTo: .nan) == nil)
        #expect(proximity.nearest(to: Coordinate(x: .infinity, y: -.infinity)) == nil)
        #expect(proximity.nearest(to: Coordinate(x: .nan, y: 0)) == nil)
        let database = try TestSupport.demoDatabase(tips: 300)
        let report = try ClusterService(database: database).clusters(TipFilter(), parameters: ClusterParameters(borderDistanceMeters: 0))
        #expect(report.clusters.allSatisfy { ($0.nearestBorder?.distanceMeters ?? 0) >= 0 })
    }

    @Test("metric work refuses a CRS in degrees, feet or micrometres", arguments: [
        "EPSG:4326", "EPSG:2227", "+proj=longlat +datum=WGS84 +type=crs", "+proj=utm +zone=48 +units=us-ft +type=crs",
        "+proj=merc +datum=WGS84 +to_meter=1e-6 +type=crs",
    ])
    func nonMetricCRS(crs: String) {
        #expect(throws: GeoIncidentsError.self) { _ = try Projector(targetCRS: crs) }
    }

    @Test("metric work accepts projected CRSs in metres", arguments: ["EPSG:32648", "EPSG:3405", "+proj=utm +zone=49 +datum=WGS84 +type=crs", "EPSG:3857"])
    func metricCRS(crs: String) throws {
        _ = try Projector(targetCRS: crs)
    }

    @Test("the projection cache keeps at most its capacity")
    func boundedProjections() throws {
        let cache = ProjectionCache(capacity: 4)
        for zone in 40...50 { _ = try cache.pool(for: "EPSG:326\(zone)") }
        #expect(cache.count == 4)
    }
}

@Suite("Caches bounded in bytes")
struct CacheBoundTests {
    @Test("a cost-bounded cache evicts by total cost and never keeps a value over the budget")
    func costBound() {
        let cache = LRUCache<Int, [UInt8]>(capacity: 100, maximumCost: 1_000) { $0.count }
        for i in 0..<10 { cache.store([UInt8](repeating: 0, count: 300), for: i) }
        #expect(cache.totalCost <= 1_000)
        #expect(cache.value(for: 9) != nil)
        #expect(cache.value(for: 0) == nil)
        cache.store([UInt8](repeating: 0, count: 2_000), for: 99)
        #expect(cache.value(for: 99) == nil)
        #expect(cache.totalCost <= 1_000)
    }
}
