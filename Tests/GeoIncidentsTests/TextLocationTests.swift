import Foundation
import Testing
@testable import GeoIncidents

/// Tips placed from their location_text (issue 17): the one tip parser, the placer, the
/// unresolved tips kept for an officer, places, and imports of text-located rows.
@Suite("Tips located from text")
struct TextLocationTests {
    /// The demo province (99, communes 99001…, neighbourhoods 99001xx) and 500 demo tips, with
    /// the official code lists installed as `geoq regions import` installs them.
    static func database() throws -> GeoDatabase {
        let database = try TestSupport.demoDatabase(tips: 500)
        try CodeLists(database: database).install(from: TestSupport.repositoryRoot + "/regions/vn-admin-codes")
        return database
    }

    static func draft(_ text: String, hint: String? = nil, id: String? = nil) -> TipDraft {
        TipDraft(externalID: id, source: "test", reportedAt: Timestamp(secondsSinceEpoch: 1_750_000_000), category: .criminal,
                 channel: .zaloPage, description: "đánh nhau", locationText: text, provinceHint: hint)
    }

    @Test("one parser: the same field problems for every channel, text values and JSON numbers alike")
    func parser() throws {
        let parser = TipParser(rules: .init(defaultSource: "f"))
        func problem(_ values: [TipField: TipFieldValue]) -> String? {
            if case .failure(let p) = parser.parse({ values[$0] }) { return p.message } else { return nil }
        }
        let base: [TipField: TipFieldValue] = [.reportedAt: .text("2025-08-01T10:00:00+07:00"), .category: .text("criminal")]
        #expect(problem(base.merging([.lon: .text("abc"), .lat: .text("1")]) { $1 }) == "field lon: 'abc' is not a number")
        #expect(problem(base.merging([.lon: .number(200), .lat: .number(1)]) { $1 })?.hasPrefix("field lon: longitude 200") == true)
        #expect(problem(base.merging([.lon: .number(108)]) { $1 }) == "field lat: missing latitude")
        #expect(problem(base) == "field lon: missing longitude and latitude (or a location_text naming the place)")
        #expect(problem(base.merging([.locationText: .text(String(repeating: "a", count: 5_000))]) { $1 }) == "field location_text: longer than 4096 bytes")
        #expect(problem(base.merging([.locationText: .number(3)]) { $1 }) == "field location_text: must be a string")
        #expect(problem(base.merging([.lon: .number(108.9), .lat: .number(11.5), .accuracy: .number(-1)]) { $1 }) == "field accuracy: -1.0 is not a distance in metres ≥ 0")
        // A text-only row is a draft without a position, its text NFC.
        let nfd = "phu\u{031B}o\u{031B}\u{0300}ng Kha\u{0301}nh Ha\u{0309}i"
        guard case .success(let draft) = parser.parse({ base.merging([.locationText: .text(nfd)]) { $1 }[$0] }) else { Issue.record("refused"); return }
        #expect(draft.position == nil)
        #expect(draft.locationText == "phường Khánh Hải")
        #expect(draft.externalID?.hasPrefix("h:") == true)
        // The content id of a GPS row is what it was before the parsers were merged.
        guard case .success(let gps) = parser.parse({ base.merging([.lon: .text("108.9"), .lat: .text("11.5")]) { $1 }[$0] }) else { Issue.record("refused"); return }
        #expect(gps.externalID == "h:" + ContentHash.hex(["f", gps.reportedAt.iso8601, "108.9", "11.5", "criminal", ""]))
    }

    @Test("a point on the surface lies inside even a crescent, and the covering radius reaches every vertex")
    func pointOnSurface() throws {
        // A C-shaped polygon whose centroid lies in the hole of the C.
        let ring = [(0.0, 0.0), (3, 0), (3, 1), (1, 1), (1, 2), (3, 2), (3, 3), (0, 3), (0, 0)].map { Coordinate(x: $0.0 / 100, y: $0.1 / 100) }
        let area = MultiPolygon(polygons: [try Polygon(rings: [ring])])
        let point = try #require(area.pointOnSurface)
        #expect(point.x > 0 && point.x < 0.01)    // in the C's back, not in its mouth (x 0.01…0.03, y 0.01…0.02)
        let radius = area.coveringRadiusMeters(around: point)
        for vertex in ring { #expect(point.greatCircleMeters(to: vertex) <= radius) }
        #expect(abs(Coordinate(x: 0, y: 0).greatCircleMeters(to: Coordinate(x: 0, y: 1)) - 111_195) < 10)
    }

    @Test("the placer: neighbourhood, commune and place named; ambiguous and place-free texts kept; never a centroid")
    func placer() throws {
        let database = try Self.database()
        let placer = try TipPlacer(database: database)
        let regions = RegionStore(database: database)
        guard case .located(let byNeighbourhood, let a1) = try placer.place(Self.draft("có đánh nhau ở khu phố 1 phường Khánh Hải")) else { Issue.record("not located"); return }
        #expect(byNeighbourhood.locatingMethod == .neighbourhood)
        #expect(a1.communeCode == "99001" && a1.neighbourhoodCode == "9900101" && a1.provinceCode == "99" && a1.method == .named)
        let neighbourhood = try #require(try regions.areas(level: .neighbourhood, codes: ["9900101"])["9900101"])
        #expect(try regions.boundaryIndex().assign(byNeighbourhood.location).neighbourhoodCode == "9900101")
        #expect(byNeighbourhood.accuracyMeters == neighbourhood.coveringRadiusMeters(around: byNeighbourhood.location).rounded(.up))

        guard case .located(let byCommune, let a2) = try placer.place(Self.draft("phuong khanh hai")) else { Issue.record("not located"); return }
        #expect(byCommune.locatingMethod == .commune && a2.communeCode == "99001" && a2.neighbourhoodCode == nil)
        #expect(try regions.boundaryIndex().assign(byCommune.location).communeCode == "99001")
        #expect(byCommune.accuracyMeters! > byNeighbourhood.accuracyMeters!)

        guard case .unresolved(let none) = try placer.place(Self.draft("đánh nhau, mất điện thoại")) else { Issue.record("invented a place"); return }
        #expect(none.method == .unlocated && none.candidates.isEmpty)
        guard case .unresolved(let several) = try placer.place(Self.draft("xã Tân Thành")) else { Issue.record("guessed"); return }
        #expect(several.method == .ambiguous && several.candidates.count > 1)
        guard case .unresolved(let elsewhere) = try placer.place(Self.draft("P. Phúc Xá, Q. Ba Đình, Hà Nội")) else { Issue.record("placed outside the store"); return }
        #expect(elsewhere.method == .unlocated && elsewhere.candidates == ["00097"])    // the legacy ward went to Hồng Hà
        #expect(throws: TipFieldProblem.self) { try placer.place(Self.draft("phường Khánh Hải", hint: "7x")) }

        let inside = try #require(try regions.areas(level: .commune, codes: ["99002"])["99002"]?.pointOnSurface)
        let line = [Coordinate(x: inside.x - 0.005, y: inside.y), Coordinate(x: inside.x + 0.005, y: inside.y)]
        try PlaceStore(database: database).add([RegisteredPlace(communeCode: "99002", name: "Chợ Văn Hải", aliases: ["chợ VH"], shape: .line(line))])
        guard case .located(let byPlace, let a3) = try TipPlacer(database: database).place(Self.draft("trộm xe ở cho VH")) else { Issue.record("place not found"); return }
        #expect(byPlace.locatingMethod == .place && a3.communeCode == "99002")
        #expect(abs(byPlace.location.x - inside.x) < 1e-9 && byPlace.location.y == inside.y)
        #expect(byPlace.accuracyMeters! > 500 && byPlace.accuracyMeters! < 560)    // half of ~1,090 m
    }

    @Test("unresolved tips are kept once, listed without contacts, and resolved once into tips with their contact")
    func unresolved() throws {
        let database = try Self.database()
        let store = UnresolvedTipStore(database: database)
        var draft = Self.draft("xã Tân Thành", id: "m-1")
        draft.contact = TipsterContact(phone: "0900000000")
        let kept = UnresolvedTip(draft: draft, method: .ambiguous, candidates: ["05923", "06445"], reason: "two")
        let ids = try store.keep([kept, kept])
        #expect(ids[0] != nil && ids[1] == nil)
        #expect(try store.keep([kept]) == [nil])
        let listed = try store.open()
        #expect(listed.count == 1 && listed[0].candidates == ["05923", "06445"] && listed[0].draft.contact == nil)
        let tipID = try store.resolve(id: ids[0]!) { try TipPlacer(database: database).place($0, inCommune: "99003") }
        let tip = try #require(try TipStore(database: database).tip(id: tipID))
        #expect(tip.assignment.communeCode == "99003" && tip.externalID == "m-1")
        #expect(try TipStore(database: database).contact(tipID: tipID)?.phone == "0900000000")
        #expect(try store.open().isEmpty)
        #expect(throws: GeoIncidentsError.self) { try store.resolve(id: ids[0]!) { try TipPlacer(database: database).place($0, inCommune: "99003") } }
        // Stored now as a tip: the same message again is a duplicate, not a second unresolved tip.
        #expect(try store.keep([kept]) == [nil])
        #expect(throws: GeoIncidentsError.self) { try store.resolve(id: 999) { try TipPlacer(database: database).place($0, inCommune: "99003") } }
        #expect(throws: GeoIncidentsError.self) { try TipPlacer(database: database).place(draft, inCommune: String(repeating: "9", count: 100_000)) }

        // Paging, dismissal (the contact goes), and a later GPS copy of a kept tip closing it.
        let more = try store.keep((0..<5).map { k in
            var d = Self.draft("đánh nhau", id: "p-\(k)")
            d.contact = TipsterContact(phone: "09\(k)")
            return UnresolvedTip(draft: d, method: .unlocated, candidates: [], reason: "none")
        }).compactMap { $0 }
        #expect(try store.open(limit: 2).map(\.id) == Array(more.prefix(2)))
        #expect(try store.open(afterID: more[1], limit: 10).map(\.id) == Array(more.dropFirst(2)))
        try store.dismiss(id: more[0], note: "thử")
        #expect(throws: GeoIncidentsError.self) { try store.dismiss(id: more[0]) }
        #expect(throws: GeoIncidentsError.self) { try store.resolve(id: more[0]) { try TipPlacer(database: database).place($0, inCommune: "99003") } }
        var gps = Self.draft("đánh nhau", id: "p-1")
        gps.position = try #require(try RegionStore(database: database).areas(level: .commune, codes: ["99001"])["99001"]?.pointOnSurface)
        let stored = try TipStore(database: database).insert([try #require(gps.gpsTip)], assignments: [.unassigned])
        #expect(stored.inserted == 1)
        #expect(try store.open().map(\.id) == Array(more.dropFirst(2)))
        #expect(try store.tip(id: more[1])?.resolvedTipID == stored.ids[0])
        let contacts = try database.read { try $0.scalarInt("SELECT count(*) FROM unresolved_tips WHERE contact_phone IS NOT NULL") }
        #expect(contacts == 3)
    }

    @Test("an import places text rows, keeps the undecided ones, and a re-import adds nothing")
    func importText() throws {
        let database = try Self.database()
        let before = try TipStore(database: database).count()
        let csv = """
            id,reported_at,category,location_text,province
            a1,2025-08-01T10:00:00+07:00,criminal,"gần chợ, phường Khánh Hải",99
            a2,2025-08-01T10:00:00+07:00,criminal,không có địa chỉ,
            a3,2025-08-01T10:00:00+07:00,criminal,xa Tan Thanh,
            a4,2025-08-01T10:00:00+07:00,criminal,phuong khanh hai,7x
            """
        let path = try TestSupport.write(csv, name: "text.csv")
        let importer = TipImporter(database: database, index: try RegionStore(database: database).boundaryIndex(), options: TipImportOptions())
        let report = try importer.run(path: path)
        #expect(report.inserted == 1 && report.unresolved == 2 && report.rejected == 1)
        #expect(report.locating[.commune] == 1 && report.methods[.named] == 1)
        #expect(report.problems.first?.contains("text.csv:5: field province") == true)
        #expect(try TipStore(database: database).count() == before + 1)
        let again = try importer.run(path: path)
        #expect(again.inserted == 0 && again.unresolved == 0 && again.duplicates == 3)
        #expect(try UnresolvedTipStore(database: database).openCount() == 2)
    }

    @Test("places: all or none, a commune of the store, names and aliases NFC, removable")
    func places() throws {
        let database = try Self.database()
        let store = PlaceStore(database: database)
        let inside = try #require(try RegionStore(database: database).areas(level: .commune, codes: ["99001"])["99001"]?.pointOnSurface)
        let good = RegisteredPlace(communeCode: "99001", name: "Tru\u{031B}o\u{031B}\u{0300}ng", shape: .point(inside))
        let elsewhere = RegisteredPlace(communeCode: "99001", name: "Chợ", shape: .point(Coordinate(x: inside.x + 1, y: inside.y)))
        #expect { try store.add([elsewhere]) } throws: { "\($0)".contains("lies outside commune 99001") }
        let bad = RegisteredPlace(communeCode: "00097", name: "Chợ", shape: .point(Coordinate(x: 105.8, y: 21.0)))
        #expect(throws: GeoIncidentsError.self) { try store.add([good, bad]) }
        #expect(try store.list().isEmpty)
        let ids = try store.add([good])
        #expect(try store.list().map(\.name) == ["Trường"])
        #expect(try store.remove(id: ids[0]))
        #expect(try !store.remove(id: ids[0]))
        let file = try TestSupport.write("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Đường Hùng Vương","commune":"99001","aliases":["HV"]},"geometry":{"type":"LineString","coordinates":[[\(inside.x),\(inside.y)],[\(inside.x + 0.001),\(inside.y)]]}},
            {"type":"Feature","properties":{"name":"Chợ","commune":"99001"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}
            ]}
            """, name: "places.geojson")
        #expect { try store.importFile(file) } throws: { "\($0)".contains("places.geojson:3: feature 1: geometry must be a Point or a LineString") }
        #expect(try store.list().isEmpty)
    }
}

@Suite("Honest analytics with text-located tips")
struct HonestAnalyticsTests {
    @Test("30 tips known only to their commune: no 250 m hot spot, no cluster, no pin, no public cell; they count for their commune and every analysis says it left them out")
    func coarseTipsStayOutOfMetricWork() throws {
        let database = try TextLocationTests.database()
        let store = TipStore(database: database)
        let placer = try TipPlacer(database: database)
        let latest = try #require(try store.points().times.max())
        var tips: [NewTip] = [], assignments: [Assignment] = []
        for k in 0..<30 {
            var draft = TextLocationTests.draft("phường Khánh Hải", id: "c-\(k)")
            draft.reportedAt = Timestamp(secondsSinceEpoch: latest - Int64(k) * 3_600)
            guard case .located(let tip, let assignment) = try placer.place(draft) else {
                Issue.record("not located"); return
            }
            tips.append(tip); assignments.append(assignment)
        }
        let standIn = tips[0].location
        let before = try store.crosstab(by: [.commune]).rows.first { $0.keys == ["99001"] }?.total ?? 0
        _ = try store.insert(tips, assignments: assignments)
        #expect(try store.crosstab(by: [.commune]).rows.first { $0.keys == ["99001"] }?.total == before + 30)
        // Re-assignment after a boundary change leaves the unit their text named: no neighbourhood is invented.
        _ = try store.reassign(using: try RegionStore(database: database).boundaryIndex())
        var named = TipFilter()
        named.communeCodes = ["99001"]
        let stored = try store.list(named, limit: 100_000).filter { $0.locatingMethod == .commune }
        #expect(stored.count == 30 && stored.allSatisfy { $0.assignment.neighbourhoodCode == nil && $0.assignment.method == .named })

        let hotspots = HotspotService(database: database)
        let grid = try hotspots.grid(TipFilter(), parameters: HotspotParameters())
        #expect(grid.tipsMatched == 500)
        #expect(grid.notes.contains { $0.hasPrefix("30 tips located only to a place, neighbourhood or commune wider than the 250 m cell were left out") })
        // With a cell wider than the commune they are precise enough, and counted.
        var wide = HotspotParameters()
        wide.cellSize = 20_000
        #expect(try hotspots.grid(TipFilter(), parameters: wide).tipsMatched == 530)

        let clusters = try ClusterService(database: database).clusters(TipFilter(), parameters: ClusterParameters())
        #expect(clusters.leftOutCoarse == 30 && clusters.tipCount == 500)
        #expect(clusters.summary.first?.0 == "left_out_coarse_location")
        // Patrol needs: the 30 lie in the window and the borders' box; none is placed on a stretch.
        let needs = try PatrolService(database: database).patrolNeeds(TipFilter(), parameters: PatrolParameters())
        #expect(needs.leftOutCoarse == 30)
        #expect(needs.summary.contains { $0.0 == "left_out_coarse_location" && $0.1 == .number(30) })

        // Tiles draw no point at the stand-in, aggregated or as pins.
        var box = TipFilter()
        box.boundingBox = BoundingBox(minX: standIn.x - 1e-6, minY: standIn.y - 1e-6, maxX: standIn.x + 1e-6, maxY: standIn.y + 1e-6)
        #expect(try store.tilePositions(box).isEmpty)
        #expect(try store.tilePoints(box).isEmpty)
        box.categories = [.criminal]
        #expect(try store.tilePositions(box).isEmpty)
        #expect(try store.tilePoints(box).isEmpty)
        // Every tip of the filter coarse: an error that says so, not "no tips".
        var only = TipFilter()
        only.since = Timestamp(secondsSinceEpoch: latest - 29 * 3_600)
        only.communeCodes = ["99001"]
        only.categories = [.criminal]
        only.channels = [.zaloPage]
        #expect { try HotspotService(database: database).grid(only, parameters: HotspotParameters()) } throws: { "\($0)".contains("are known only to a place, neighbourhood or commune wider than the 250 m cell") }
    }
}
