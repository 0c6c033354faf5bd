import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

@Suite("Cameras: registry and sectors")
struct CameraTests {
    @Test("CSV import: valid rows stored, each bad row named with its line and reason, ids upserted, omnidirectional assumed")
    func importCSV() throws {
        let database = try TestSupport.demoDatabase(tips: 10)
        let store = CameraStore(database: database)
        let csv = """
            id,lon,lat,heading,field_of_view,range_m,status,kind,owner,installed
            cam-1,108.99,11.56,90,60,80,active,cctv,Công an xã Khánh Hải,2024-05-01
            cam-2,108.98,11.57,,,50,active,traffic,,
            cam-3,108.97,11.55,400,60,80,active,cctv,,
            cam-4,108.97,11.55,10,60,-5,active,cctv,,
            cam-5,200,11.55,10,60,50,active,cctv,,
            cam-6,108.97,11.55,10,0,50,active,cctv,,
            cam-7,108.97,11.55,10,60,50,broken,cctv,,
            ,108.97,11.55,10,60,50,active,cctv,,
            cam-8,108.97,abc,10,60,50,active,cctv,,
            cam-9,108.96,11.54,359.5,360,120,offline,alpr,,
            """
        let path = try TestSupport.write(csv, name: "cameras.csv")
        let version = try database.dataVersion()
        let report = try store.importFile(path)
        #expect(report.added == 3 && report.replaced == 0)
        #expect(report.assumedDirection == 1)
        #expect(report.rejected == [
            "cameras.csv:4: heading: 400.0 is outside 0…360 (degrees clockwise from north)",
            "cameras.csv:5: range_m: -5.0 is outside 0 (exclusive)…2000 metres",
            "cameras.csv:6: lon: 200.0 is outside -180…180",
            "cameras.csv:7: field_of_view: 0.0 is outside 0 (exclusive)…360 degrees",
            "cameras.csv:8: status: 'broken' is not active or offline",
            "cameras.csv:9: id: missing",
            "cameras.csv:10: lat: 'abc' is not a number",
        ])
        #expect(try database.dataVersion() > version)
        let cameras = try store.list()
        #expect(cameras.map(\.code) == ["cam-1", "cam-2", "cam-9"])
        #expect(cameras[0].owner == "Công an xã Khánh Hải" && cameras[0].installed == "2024-05-01" && cameras[0].communeCode != nil)
        #expect(cameras[1].isOmnidirectional && cameras[1].directionAssumed && cameras[1].kind == .traffic)
        #expect(cameras[2].isOmnidirectional && !cameras[2].directionAssumed && cameras[2].status == .offline)
        #expect(try store.list(activeOnly: true).count == 2)
        // Re-importing replaces by id; remove deletes; unknown ids are named.
        let again = try store.importFile(try TestSupport.write("id,lon,lat,range_m\ncam-1,108.991,11.561,90\n", name: "again.csv"))
        #expect(again.added == 0 && again.replaced == 1)
        #expect(try store.list().first?.rangeMeters == 90 && store.list().first?.headingDegrees == nil)
        try store.remove(code: "cam-2")
        #expect(try store.list().count == 2)
        #expect(throws: GeoIncidentsError.self) { try store.remove(code: "cam-2") }
        #expect(throws: GeoIncidentsError.self) { try store.importFile(try TestSupport.write("name,x\n", name: "bad.csv")) }
        #expect(throws: GeoIncidentsError.self) { try store.add(Camera(code: "x", position: Coordinate(x: 108.9, y: 11.5), rangeMeters: 0)) }
    }

    @Test("GeoJSON import, with a default range for points without one")
    func importGeoJSON() throws {
        let database = try TestSupport.freshDatabase()
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":17,"geometry":{"type":"Point","coordinates":[-122.41,37.77]},"properties":{"kind":"cctv"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[-122.42,37.78]},"properties":{"id":"a","direction":"45","range_m":"60"}},
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"id":"b"}}
            ]}
            """
        let report = try CameraStore(database: database).importFile(try TestSupport.write(text, name: "osm.geojson"), defaultRange: 50)
        #expect(report.added == 2 && report.rejected.count == 1 && report.rejected[0].contains("not a Point"))
        let cameras = try CameraStore(database: database).list()
        #expect(Set(cameras.map(\.code)) == ["17", "a"])
        #expect(cameras.first { $0.code == "17" }?.rangeMeters == 50)
        #expect(cameras.first { $0.code == "a" }?.directionAssumed == true, "a heading without a field of view is still omnidirectional")
    }

    @Test("sector containment equals GEOS ST_Covers on the sector polygons, edges and vertices included")
    func sectorsMatchGEOS() throws {
        let database = try TestSupport.freshDatabase()
        let apexes = [Coordinate(x: 500_000, y: 1_200_000), Coordinate(x: 500_300, y: 1_200_050), Coordinate(x: 499_800, y: 1_199_900),
                      Coordinate(x: 500_100, y: 1_199_700)]
        let views = CameraViews(apexes: apexes, headings: [90, 359.5, 0, 200], fovs: [60, 200, 360, 12.5], ranges: [100, 150, 80, 300])
        var random = SeededRandom(seed: 9)
        var points: [Coordinate] = []
        for _ in 0..<3_000 { points.append(Coordinate(x: 499_600 + random.unit() * 1_000, y: 1_199_350 + random.unit() * 900)) }
        for c in 0..<views.count {
            points += views.ring(c)  // every vertex
            let ring = views.ring(c)
            for k in 0..<(ring.count - 1) { points.append(Coordinate(x: (ring[k].x + ring[k + 1].x) / 2, y: (ring[k].y + ring[k + 1].y) / 2)) }
        }
        try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT ST_Covers(GeomFromText(?), MakePoint(?, ?))")
            for c in 0..<views.count {
                let wkt = "POLYGON((" + views.ring(c).map { "\($0.x) \($0.y)" }.joined(separator: ",") + "))"
                var mismatches = 0
                for p in points {
                    try statement.bind([.text(wkt), .double(p.x), .double(p.y)])
                    _ = try statement.step()
                    let geos = statement.int(0) == 1
                    statement.reset()
                    if geos != views.contains(c, p) { mismatches += 1 }
                }
                #expect(mismatches == 0, "camera \(c): \(mismatches) points differ from GEOS")
            }
        }
        #expect(views.covered(points).filter { $0 }.count == points.filter { p in (0..<views.count).contains { views.contains($0, p) } }.count)
    }

    @Test("W4 at 10k: 706 tips covered by the bench's 2,000 cameras, as PostGIS, shapely and geopandas")
    func peersW4() throws {
        let database = try TestSupport.freshDatabase()
        let report = try CameraStore(database: database).importFile(TestSupport.fixture("cameras/w4_cameras.csv"))
        #expect(report.added == 2_000 && report.rejected.isEmpty)
        let projected = try CameraCoverage.project(try ReferenceFixtures.tips10k(), crs: "EPSG:32648")
        let covered = try CameraCoverage.covered(projected: projected, cameras: try CameraStore(database: database).list(activeOnly: true), crs: "EPSG:32648")
        #expect(covered.filter { $0 }.count == 706)
    }
}

@Suite("Cameras on real data")
struct RealCameraTests {
    @Test("OpenStreetMap cameras (no direction: all round, 50 m) against San Francisco incidents: covered count equals shapely's",
          .enabled(if: TestSupport.hasSharedData, "../shared/data is absent: real-data tests skipped"))
    func sanFrancisco() throws {
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("cameras/sf_osm_coverage.json")))) as! [String: Any]
        let database = try TestSupport.freshDatabase()
        let store = CameraStore(database: database)
        let report = try store.importFile(TestSupport.sharedData + "/cctv-osm-us-west/surveillance_nodes_us_west.geojson", defaultRange: 50)
        #expect(report.rejected.isEmpty, "\(report.rejected.prefix(3))")
        #expect(report.added == reference["cameras"] as! Int && report.assumedDirection == report.added)
        let cameras = try store.list()
        #expect(Set(cameras.map(\.kind)) == [.alpr, .cctv, .traffic, .other])
        let reader = try CSVReader(path: TestSupport.sharedData + "/crime-sf-2017-07/sf_incidents_2017-07-11_to_31.csv")
        _ = try reader.next()
        var incidents: [Coordinate] = []
        while try reader.next() {
            guard let x = Double(reader.string(9)), let y = Double(reader.string(10)), x > -125, x < -120, y > 36, y < 39 else { continue }
            incidents.append(Coordinate(x: x, y: y))
        }
        #expect(incidents.count == reference["incidents"] as! Int)
        let covered = try CameraCoverage.covered(projected: try CameraCoverage.project(incidents, crs: "EPSG:32610"), cameras: cameras, crs: "EPSG:32610")
        #expect(covered.filter { $0 }.count == reference["covered"] as! Int)
    }
}
