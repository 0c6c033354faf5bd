import Foundation
import Testing
@testable import GeoIncidents

/// Polygon contiguity and hot spot communes.
@Suite("Hot spot communes")
struct CommuneHotspotTests {
    static var columbusPath: String { TestSupport.sharedData + "/columbus-crime/columbus.shp" }

    @Test("contiguity built from the Columbus polygons equals libpysal's queen weights (columbus.gal)",
          .enabled(if: FileManager.default.fileExists(atPath: columbusPath)))
    func columbusQueen() throws {
        let polygons = try ShapefileReader.polygons(Self.columbusPath)
        #expect(polygons.count == 49)
        // Each shapefile record is one unit; its parts are rings of one polygon.
        let weights = PolygonContiguity.neighbours(polygons.map { [$0] }, tolerance: 0)
        let reference = try ReferenceFixtures.columbusWeights("queen")
        for i in 0..<49 {
            #expect(Array(weights.neighbours(of: i)) == Array(reference.neighbours(of: i)), "polygon \(i)")
        }
        // And Moran's I on the geometry-built weights is esda's 0.500189.
        let crime = try ReferenceFixtures.csv("columbus_local.csv").map { Double($0["CRIME"]!)! }
        #expect(abs(MoranI.global(crime, weights: weights).i - 0.5001885571828611) < 1e-12)
    }

    @Test("local Moran z under total randomisation equals esda's EI/VI")
    func localMoranZ() throws {
        let rows = try ReferenceFixtures.csv("columbus_local.csv")
        let local = MoranI.local(rows.map { Double($0["CRIME"]!)! }, weights: try ReferenceFixtures.columbusWeights("queen"))
        for (i, row) in rows.enumerated() {
            #expect(abs(local[i].z - Double(row["lisa_z"]!)!) < 1e-9, "polygon \(i)")
        }
    }

    @Test("segments touching, crossing, collinear and apart")
    func segmentDistance() {
        let o = Coordinate(x: 0, y: 0), a = Coordinate(x: 10, y: 0)
        #expect(SegmentDistance.segmentToSegment(o, a, Coordinate(x: 5, y: -5), Coordinate(x: 5, y: 5)) == 0)
        #expect(SegmentDistance.segmentToSegment(o, a, Coordinate(x: 5, y: 0), Coordinate(x: 5, y: 5)) == 0)  // T-junction
        #expect(SegmentDistance.segmentToSegment(o, a, Coordinate(x: 10, y: 0), Coordinate(x: 20, y: 0)) == 0)  // shared end
        #expect(SegmentDistance.segmentToSegment(o, a, Coordinate(x: 11, y: 0), Coordinate(x: 20, y: 0)) == 1)  // collinear gap
        #expect(SegmentDistance.segmentToSegment(o, a, Coordinate(x: 3, y: 2), Coordinate(x: 8, y: 2)) == 2)
    }

    @Test("a sliver gap is bridged by the tolerance and not without it")
    func sliverTolerance() {
        func square(_ x0: Double, _ x1: Double) -> [[[Coordinate]]] {
            [[[Coordinate(x: x0, y: 0), Coordinate(x: x1, y: 0), Coordinate(x: x1, y: 1_000), Coordinate(x: x0, y: 1_000), Coordinate(x: x0, y: 0)]]]
        }
        let units = [square(0, 1_000), square(1_030, 2_000), square(2_500, 3_000)]  // a 30 m gap, then a 500 m gap
        #expect(PolygonContiguity.neighbours(units, tolerance: 0).linkCount == 0)
        let tolerant = PolygonContiguity.neighbours(units, tolerance: 50)
        #expect(Array(tolerant.neighbours(of: 0)) == [1])
        #expect(Array(tolerant.neighbours(of: 1)) == [0])
        #expect(tolerant.cardinality(2) == 0)
    }

    @Test("hot spot communes of the demo: Moran's I matches a direct computation, ranks by Gi*")
    func demoCommunes() throws {
        let database = try TestSupport.demoDatabase()
        let service = HotspotService(database: database)
        let result = try service.communes(TipFilter(), parameters: CommuneHotspotParameters())
        #expect(result.units.count == 20)
        #expect(result.tipsMatched == result.units.reduce(0) { $0 + $1.count })
        #expect(result.units.map(\.z) == result.units.map(\.z).sorted(by: >))
        #expect(result.islands.isEmpty || result.links > 0)
        // Every neighbour relation is symmetric and counted once per direction.
        #expect(result.links == result.units.reduce(0) { $0 + $1.neighbours })
        var perPopulation = CommuneHotspotParameters()
        perPopulation.perPopulation = true
        let rates = try service.communes(TipFilter(), parameters: perPopulation)
        for unit in rates.units { #expect(abs(unit.value - Double(unit.count) * 1_000 / Double(unit.population!)) < 1e-9) }
        var filter = TipFilter()
        filter.neighbourhoodCodes = ["x"]
        #expect(throws: GeoIncidentsError.self) { try service.communes(filter, parameters: CommuneHotspotParameters()) }
    }
}

@Suite("Shared borders")
struct SharedBorderTests {
    @Test("demo communes: every pair sharing an edge once, with the edge's length; corners are not borders")
    func demo() throws {
        let database = try TestSupport.demoDatabase(tips: 10)
        let borders = try RegionStore(database: database).sharedBorders(level: .commune)
        // Independent reference from GEOS: the shared part of the two boundaries (the demo is an exact partition).
        let reference: [String: Double] = try database.writer.sync { connection in
            var lengths: [String: Double] = [:]
            let statement = try connection.prepare("""
                SELECT a.code, b.code, ST_Length(ST_Intersection(ST_Boundary(ST_Transform(a.geom, 32649)), ST_Boundary(ST_Transform(b.geom, 32649))))
                FROM regions a JOIN regions b ON a.level = 'commune' AND b.level = 'commune' AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
                """)
            try statement.forEachRow { lengths["\($0.text(0))|\($0.text(1))"] = $0.isNull(2) ? 0 : $0.double(2) }
            return lengths
        }
        let expected = Set(reference.filter { $0.value >= 100 }.map(\.key))
        let ours = Dictionary(uniqueKeysWithValues: borders.map { ("\($0.codeA)|\($0.codeB)", $0.lengthMeters) })
        #expect(Set(ours.keys) == expected)
        for (pair, length) in ours { #expect(abs(length - reference[pair]!) < 1, "\(pair): \(length) vs \(reference[pair]!)") }
        #expect(borders.allSatisfy { CodeOrder.isSmaller($0.codeA, $0.codeB) })
        #expect(throws: GeoIncidentsError.self) { try RegionStore(database: database).sharedBorders(level: .commune, toleranceMeters: -1) }
    }
}
