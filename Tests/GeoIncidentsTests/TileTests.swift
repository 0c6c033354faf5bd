import Foundation
import Testing
@testable import GeoIncidents

@Suite("Vector tiles and packages")
struct TileTests {
    static let z14 = try! TileID(z: 14, x: 13152, y: 7662)
    /// The z15 tile with the most demo tips inside z14 (points are drawn from zoom 15).
    static func z15(_ database: GeoDatabase) throws -> TileID {
        try TileID.covering(z14.bounds.expanded(by: -1e-9), zoom: 15).max { a, b in
            var fa = TipFilter(), fb = TipFilter()
            (fa.boundingBox, fb.boundingBox) = (a.bounds, b.bounds)
            return try TipStore(database: database).count(fa) < TipStore(database: database).count(fb)
        }!
    }

    @Test("tile arithmetic: bounds, pixels and covering agree")
    func tileMath() throws {
        let tile = Self.z14
        let b = tile.bounds
        let nw = tile.pixel(Coordinate(x: b.minX, y: b.maxY)), se = tile.pixel(Coordinate(x: b.maxX, y: b.minY))
        #expect(abs(nw.x) < 1e-6 && abs(nw.y) < 1e-6 && abs(se.x - 4096) < 1e-6 && abs(se.y - 4096) < 1e-6)
        #expect(try TileID.covering(b.expanded(by: -1e-9), zoom: 14) == [tile])
        #expect(try TileID.covering(BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85), zoom: 2).count == 16)
        #expect(throws: GeoIncidentsError.self) { try TileID(z: 3, x: 8, y: 0) }
        #expect(throws: GeoIncidentsError.self) { try TileID(z: 23, x: 0, y: 0) }
    }

    @Test("MVT 2.1 as an independent decoder reads it: layers, ids, properties, points at their pixels, closed clockwise rings")
    func encoding() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let tile = try Self.z15(database)
        let bytes = try service.tile(.tips, tile, access: .full)
        let layers = try MVTDecoder.decode(bytes)
        #expect(layers.map(\.name) == ["tips"] && layers[0].version == 2 && layers[0].extent == 4096)
        var filter = TipFilter()
        filter.boundingBox = tile.bounds
        let records = try TipStore(database: database).list(filter, limit: 10_000)
        #expect(layers[0].features.count == records.count && records.count > 5)
        // At z14 the same tips are counted on the grid, and every one is counted.
        let counts = try MVTDecoder.decode(try service.tile(.tips, Self.z14, access: .full))[0].features
        var z14 = TipFilter()
        z14.boundingBox = Self.z14.bounds
        let inZ14 = try TipStore(database: database).count(z14)
        let counted = counts.reduce(0) { $0 + (Int($1.properties["count"] ?? "") ?? 0) }
        #expect(counts.allSatisfy { $0.id == nil } && counted == inZ14)
        for (feature, record) in zip(layers[0].features, records) {
            #expect(feature.id == UInt64(record.id) && feature.type == 1)
            #expect(feature.properties["category"] == record.category.rawValue)
            let p = tile.pixel(record.location)
            #expect(feature.parts[0][0] == (Int64(p.x.rounded(.down)), Int64(p.y.rounded(.down))))
        }
        let communes = try MVTDecoder.decode(try service.tile(.communes, Self.z14, access: .full))[0]
        #expect(!communes.features.isEmpty)
        for feature in communes.features {
            #expect(feature.type == 3 && feature.properties["code"] != nil && feature.properties["name"] != nil)
            let exterior = feature.parts[0].map { (Int32($0.0), Int32($0.1)) }
            #expect(MVTWriter.area(exterior) > 0, "exterior rings are clockwise on screen")
            for part in feature.parts { for (x, y) in part { #expect(x >= -64 && x <= 4160 && y >= -64 && y <= 4160, "clipped to the buffer") } }
        }
    }

    @Test("commune labels: one point per commune, its point on surface, in exactly one tile of a zoom (never a name repeated per tile)")
    func communeLabels() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let (features, _) = try RegionStore(database: database).features(level: .commune, bbox: nil, limit: 10_000)
        let box = features.reduce(BoundingBox?.none) { box, f in
            let b = TileService.box(f.area.polygons.flatMap { $0.rings[0] })
            return box.map { BoundingBox(minX: min($0.minX, b.minX), minY: min($0.minY, b.minY), maxX: max($0.maxX, b.maxX), maxY: max($0.maxY, b.maxY)) } ?? b
        }!
        var seen: [String: Int] = [:]
        for tile in try TileID.covering(box, zoom: 12) {
            let layers = try MVTDecoder.decode(try service.tile(.communes, tile, access: .full))
            #expect(layers.map(\.name).allSatisfy { ["communes", TileLayer.communeLabels].contains($0) })
            for label in layers.first(where: { $0.name == TileLayer.communeLabels })?.features ?? [] {
                #expect(label.type == 1 && label.properties["name"] != nil)
                let code = label.properties["code"] ?? ""
                seen[code, default: 0] += 1
                // The point is the commune's point on surface (a point inside it).
                let inside = features.first { $0.region.code == code }?.area.pointOnSurface.map { tile.pixel($0) }
                #expect(inside.map { (Int64($0.x.rounded(.down)), Int64($0.y.rounded(.down))) == label.parts[0][0] } == true, "\(code)")
            }
        }
        #expect(seen.count == features.count && seen.values.allSatisfy { $0 == 1 }, "\(seen.filter { $0.value != 1 })")
    }

    @Test("roles: the public gets counts on a grid without small counts, no clusters, no cameras; tiles of other places are untouched by a new tip")
    func rolesAndVersions() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let publicAccess = TileAccess(readsTips: false, suppressBelow: 3)
        let z12 = try TileID(z: 12, x: 3288, y: 1915)
        let counts = try MVTDecoder.decode(try service.tile(.tips, z12, access: publicAccess))
        #expect(counts.first?.features.isEmpty == false)
        for feature in counts.first?.features ?? [] {
            #expect((Int(feature.properties["count"] ?? "0") ?? 0) >= 3 && feature.id == nil && feature.properties["category"] == nil)
        }
        let all = try MVTDecoder.decode(try service.tile(.tips, z12, access: TileAccess(readsTips: true)))
        func total(_ layers: [MVTDecoder.Layer]) -> Int { layers.first?.features.reduce(0) { $0 + (Int($1.properties["count"] ?? "0") ?? 0) } ?? 0 }
        let (everything, shown) = (total(all), total(counts))
        #expect(everything > shown, "counts under 3 are left out for the public")
        #expect(try service.tile(.clusters, Self.z14, access: publicAccess).isEmpty)
        #expect(try service.tile(.cameras, Self.z14, access: publicAccess).isEmpty)
        let far = try TileID(z: 14, x: 13152 + 3, y: 7662 - 3)
        let (here, there) = (try service.version(.tips, Self.z14, access: .full), try service.version(.tips, far, access: .full))
        let center = Self.z14.bounds.center
        let csv = try TestSupport.write("lon,lat,reported_at,category\n\(center.x),\(center.y),2025-06-01T10:00:00+07:00,criminal\n", name: "one.csv")
        _ = try TipImporter(database: database, index: try RegionStore(database: database).boundaryIndex(), options: TipImportOptions()).run(path: csv)
        #expect(try service.version(.tips, Self.z14, access: .full) != here)
        #expect(try service.version(.tips, far, access: .full) == there)
        #expect(try service.version(.hotspots, far, access: .full) != there, "other layers follow the data version")
    }

    @Test("hotspot tiles draw the grid of GET /hotspots' defaults (over the study area): the same cells, significant empty cells included")
    func hotspotTilesMatchTheGrid() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let grid = try HotspotService(input: AnalysisInput(database: database)).grid(TipFilter(), parameters: HotspotParameters())
        let informative = grid.exported(.informative)
        #expect(informative.contains { $0.count == 0 && $0.significant }, "the demo has significant empty cells")
        // Every z12 tile over the province draws the grid's informative cells (a cell near a
        // tile edge in each tile it touches), significant empty cells among them.
        let box = try #require(try RegionStore(database: database).extent(level: .commune))
        var drawn = 0, emptySignificant = 0
        for tile in try TileID.covering(box, zoom: 12) {
            let layers = try MVTDecoder.decode(try service.tile(.hotspots, tile, access: .full))
            for feature in layers.first(where: { $0.name == "hotspots" })?.features ?? [] {
                drawn += 1
                if feature.properties["count"] == "0", feature.properties["bin"] != "0" { emptySignificant += 1 }
            }
        }
        #expect(drawn >= informative.count)
        #expect(emptySignificant > 0, "nonempty-cell tiles would draw no empty cell")
    }

    @Test("a package travels with its MapLibre style: the package as its one source, the Gi* bins in the map's colours, force layers only in force packages")
    func packageStyle() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let box = try #require(try RegionStore(database: database).extent(level: .commune))
        for (access, name) in [(TileAccess(readsTips: false, suppressBelow: 3), "public"), (TileAccess.full, "force")] {
            let path = TestSupport.temporaryPath("\(name).mbtiles")
            _ = try TilePackage.build(TilePackage.Options(name: name, bounds: box, minZoom: 10, maxZoom: 10, access: access), service: service, path: path)
            let data = try Data(contentsOf: URL(fileURLWithPath: TilePackage.stylePath(for: path)))
            let style = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let sources = style["sources"] as? [String: [String: Any]] ?? [:]
            #expect(sources["package"]?["url"] as? String == "mbtiles://\(name).mbtiles")
            let layers = style["layers"] as? [[String: Any]] ?? []
            for (bin, colour) in TileLayer.hotspotBinColours {
                #expect(layers.contains { $0["id"] as? String == "hotspots-bin\(bin)" && ($0["paint"] as? [String: Any])?["fill-color"] as? String == colour })
            }
            #expect(layers.contains { $0["source-layer"] as? String == "cameras" } == (name == "force"))
        }
    }

    @Test("MBTiles 1.3 package: metadata, TMS rows, gzip tiles, resumable, readable back")
    func package() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let path = TestSupport.temporaryPath("demo.mbtiles")
        let area = try #require(RegionStore(database: database).region(level: .commune, code: "99001")?.boundingBox)
        let options = TilePackage.Options(name: "demo", bounds: BoundingBox(minX: area[0], minY: area[1], maxX: area[2], maxY: area[3]),
                                          minZoom: 10, maxZoom: 14, access: .full)
        let first = try TilePackage.build(options, service: service, path: path)
        #expect(first.total > 10 && first.written > 0 && first.written + first.empty == first.total && first.resumed == 0)
        let again = try TilePackage.build(options, service: service, path: path)
        #expect(again.resumed == first.total && again.written == 0)
        let reader = try MBTilesReader(path: path)
        #expect(reader.forForceOnly)
        let inside = try #require(try TileID.covering(options.bounds, zoom: 14).first { try reader.tile($0) != nil })
        let data = try #require(try reader.tile(inside))
        #expect(data.prefix(2) == [0x1f, 0x8b], "gzip")
        #expect(try reader.tile(try TileID(z: 3, x: 0, y: 0)) == nil)
        #expect(throws: GeoIncidentsError.self) { try TilePackage.build(TilePackage.Options(name: "x", bounds: options.bounds, minZoom: 9, maxZoom: 8, access: .full), service: service, path: path) }
        #expect(throws: GeoIncidentsError.self) { try MBTilesReader(path: "/nonexistent.mbtiles") }
    }
}

@Suite("Vector tiles: privacy and cache edges")
struct TilePrivacyTests {
    @Test("public counts never come finer than the zoom-12 grid (about 150 m), however deep the zoom")
    func publicResolution() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let publicAccess = TileAccess(readsTips: false, suppressBelow: 3)
        var hotspot = TipFilter()
        hotspot.boundingBox = TileTests.z14.bounds
        let densest = try TipStore(database: database).points(hotspot).coordinates.first!
        for z in [13, 16, 18] {
            let tile = try TileID.covering(BoundingBox(minX: densest.x, minY: densest.y, maxX: densest.x, maxY: densest.y), zoom: z)[0]
            let features = try MVTDecoder.decode(try service.tile(.tips, tile, access: publicAccess)).first?.features ?? []
            // A zoom-12 cell is 64 units of 4096 there; at zoom z it spans 64·2^(z−12) units.
            let span = 64 << (z - 12)
            #expect(features.count <= max(1, (4096 / span + 1) * (4096 / span + 1)), "z\(z): \(features.count) count points")
            for f in features { #expect(Int(f.properties["count"] ?? "0")! >= 3 && f.id == nil) }
        }
    }

    @Test("a status change refreshes point tiles; an unprojectable camera sees nothing and crashes nothing")
    func statusAndInfinity() throws {
        let database = try TestSupport.demoDatabase()
        let service = TileService(database: database)
        let tile = try TileTests.z15(database)
        let before = try service.version(.tips, tile, access: .full)
        var inTile = TipFilter()
        inTile.boundingBox = tile.bounds
        let id = try #require(TipStore(database: database).list(inTile, limit: 1).first?.id)
        _ = try TipStore(database: database).moveStatus(id: id, to: .verified)
        #expect(try service.version(.tips, tile, access: .full) != before)
        let views = CameraViews(apexes: [Coordinate(x: .infinity, y: 0), Coordinate(x: 0, y: 0)], headings: [0, 0], fovs: [360, 360], ranges: [50, 50])
        #expect(views.covered([Coordinate(x: .infinity, y: .infinity), Coordinate(x: 10, y: 10), Coordinate(x: 1e300, y: 5)]) == [false, true, false])
    }

    @Test("a package resumes only with the same options; a force package records its communes")
    func packageIdentity() throws {
        let database = try TestSupport.demoDatabase(tips: 300)
        let service = TileService(database: database)
        let path = TestSupport.temporaryPath("identity.mbtiles")
        let box = try #require(RegionStore(database: database).region(level: .commune, code: "99001")?.boundingBox)
        var options = TilePackage.Options(name: "k", bounds: BoundingBox(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3]), minZoom: 12, maxZoom: 13, access: .full)
        options.communes = ["99001"]
        _ = try TilePackage.build(options, service: service, path: path)
        #expect(try MBTilesReader(path: path).communes == ["99001"])
        var relabel = options
        relabel.access = TileAccess(readsTips: false, suppressBelow: 3)
        #expect(throws: GeoIncidentsError.self) { try TilePackage.build(relabel, service: service, path: path) }
        #expect(try MBTilesReader(path: path).forForceOnly, "the failed resume left the package as it was")
        var wider = options
        wider.maxZoom = 14
        #expect(throws: GeoIncidentsError.self) { try TilePackage.build(wider, service: service, path: path) }
        var huge = options
        huge.bounds = BoundingBox(minX: 102, minY: 8, maxX: 110, maxY: 23)  // all of Vietnam
        (huge.minZoom, huge.maxZoom) = (0, 18)
        #expect(throws: GeoIncidentsError.self) { try TilePackage.build(huge, service: service, path: TestSupport.temporaryPath("huge.mbtiles")) }
    }
}

@Suite("The incidents tile layer")
struct IncidentTileTests {
    @Test("one point per incident at its best-located report with its independent reports; none for the public, none outside a scope, none below zoom 12")
    func incidentPoints() throws {
        let (database, _) = try IncidentTests.scenario(events: 150)
        let store = IncidentStore(database: database)
        _ = try store.rebuild()
        var query = IncidentQuery()
        (query.minimumIndependentReports, query.pinsFinerThanMeters, query.limit) = (3, TipStore.pinScaleMeters, 10)
        let incident = try #require(try store.list(query).first)
        let tile = try #require(try TileID.covering(BoundingBox(minX: incident.lon, minY: incident.lat, maxX: incident.lon, maxY: incident.lat), zoom: 15).first)
        let service = TileService(database: database)
        let layers = try MVTDecoder.decode(try service.tile(.incidents, tile, access: .full))
        #expect(layers.map(\.name) == ["incidents"])
        let features = layers.first?.features ?? []
        let point = try #require(features.first { $0.id == UInt64(incident.id) })
        #expect(point.properties["independent_reports"] == String(incident.independentReports) && point.properties["reports"] == String(incident.tips))
        #expect(point.properties["status"] == incident.status.rawValue && point.properties["copies"] == String(incident.copies))
        #expect(point.type == 1 && point.parts.first?.first.map { $0.0 >= 0 && $0.0 < 4096 && $0.1 >= 0 && $0.1 < 4096 } == true)
        // Every feature is an incident whose best-located report lies in the tile, once.
        var inTile = IncidentQuery()
        (inTile.boxes, inTile.pinsFinerThanMeters, inTile.limit) = ([tile.bounds], TipStore.pinScaleMeters, 100_000)
        #expect(Set(features.compactMap(\.id)) == Set(try store.list(inTile).map { UInt64($0.id) }) && features.count == Set(features.compactMap(\.id)).count)
        // The public gets no incidents; a token scoped elsewhere none of these; zoom 11 none.
        #expect(try service.tile(.incidents, tile, access: TileAccess(readsTips: false, suppressBelow: 3)).isEmpty)
        #expect(try service.tile(.incidents, tile, access: TileAccess(readsTips: true, communes: ["00000"])).isEmpty)
        let z11 = try TileID(z: 11, x: tile.x >> 4, y: tile.y >> 4)
        #expect(try service.tile(.incidents, z11, access: .full).isEmpty)
        // A category filter keeps the incidents with a member of that category.
        var other = TipFilter()
        other.categories = TipCategory.allCases.filter { !incident.categories.contains($0.rawValue) }
        let filtered = try MVTDecoder.decode(try service.tile(.incidents, tile, access: .full, filter: other)).first?.features ?? []
        #expect(!filtered.contains { $0.id == UInt64(incident.id) })
    }
}
