import Foundation
import Testing
@testable import GeoIncidents

/// The in-memory tip pages must be the SQL pages, byte for byte, for every filter.
@Suite("Tip page snapshot")
struct TipPageSnapshotTests {
    /// The demo tips, plus tips whose text needs escaping, moved statuses, and one outside
    /// every commune (NULL codes).
    static func database() throws -> GeoDatabase {
        let database = try TestSupport.demoDatabase(tips: 3_000)
        let store = TipStore(database: database)
        let index = try RegionStore(database: database).boundaryIndex()
        for (k, location) in [Coordinate(x: 108.95, y: 11.58), Coordinate(x: 90, y: 0)].enumerated() {
            _ = try store.submit(NewTip(externalID: "x\(k)", source: "Nhóm Zalo \"KP3\"", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000 + Int64(k)),
                                        category: .fire, channel: .hotline, description: "Cháy lớn\nở chợ \\ khu 3", location: location,
                                        accuracyMeters: 12.5),
                                 assignment: try index.assign(location))
        }
        for id in [5, 17, 99] as [Int64] { _ = try store.moveStatus(id: id, to: .verified) }
        // Bytes other tools may leave in a TEXT column: SQL pages repair them to U+FFFD.
        try database.writer.sync { try $0.execute("UPDATE tips SET description = CAST(X'41C342FF' AS TEXT) WHERE id = 7") }
        return database
    }

    @Test("random filters, boxes and cursors give the SQL page's bytes, count and cursor")
    func sameAsSQL() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        let snapshot = try #require(try TipPageSnapshot.read(database, maximumTips: 10_000))
        #expect(snapshot.count == 3_002)
        #expect(snapshot.dataVersion == (try database.dataVersion()))
        let extent = try #require(try store.extent().box)
        let tips = try store.list(limit: 5_000)
        let communes = tips.compactMap(\.assignment.communeCode)
        let provinces = tips.compactMap(\.assignment.provinceCode)
        let neighbourhoods = tips.compactMap(\.assignment.neighbourhoodCode)
        var random = SystemRandomNumberGenerator()
        var checked = 0
        for trial in 0..<150 {
            var filter = TipFilter()
            if trial % 2 == 0 {
                let w = Double.random(in: 0.001...0.2, using: &random) * (extent.maxX - extent.minX)
                let h = Double.random(in: 0.001...0.2, using: &random) * (extent.maxY - extent.minY)
                let x = Double.random(in: extent.minX...extent.maxX, using: &random), y = Double.random(in: extent.minY...extent.maxY, using: &random)
                filter.boundingBox = BoundingBox(minX: x - w / 2, minY: y - h / 2, maxX: x + w / 2, maxY: y + h / 2)
            } else if trial % 10 == 1 {
                // Edges exactly on stored tips (edges are inclusive).
                let a = tips.randomElement(using: &random)!.location, b = tips.randomElement(using: &random)!.location
                filter.boundingBox = BoundingBox(minX: min(a.x, b.x), minY: min(a.y, b.y), maxX: max(a.x, b.x), maxY: max(a.y, b.y))
            }
            if trial % 9 == 2 { filter.provinceCodes = [provinces.randomElement(using: &random)!] }
            if trial % 11 == 4 { filter.neighbourhoodCodes = [neighbourhoods.randomElement(using: &random)!, neighbourhoods.randomElement(using: &random)!] }
            if trial % 13 == 5 { filter.since = tips.randomElement(using: &random)!.reportedAt }
            if trial % 3 == 0 { filter.categories = [TipCategory.allCases.randomElement(using: &random)!, .criminal] }
            if trial % 5 == 0 { filter.statuses = [.verified] }
            if trial % 7 == 0 { filter.channels = [TipChannel.allCases.randomElement(using: &random)!] }
            if trial % 4 == 1 { filter.communeCodes = [communes.randomElement(using: &random)!, "no-such-code"] }
            if trial % 6 == 1 { filter.since = Timestamp(secondsSinceEpoch: 1_735_000_000 + Int64.random(in: 0...20_000_000, using: &random)) }
            if trial % 8 == 3 {
                let from = filter.since?.secondsSinceEpoch ?? 1_735_000_000
                filter.until = Timestamp(secondsSinceEpoch: from + Int64.random(in: 1...20_000_000, using: &random))
            }
            let limit = [1, 10, 100, 1_000][trial % 4]
            let after: Int64? = trial % 3 == 2 ? Int64.random(in: 0...3_000, using: &random) : nil
            let sql = try store.featurePage(filter, afterID: after, limit: limit)
            let memory = try #require(try snapshot.page(filter, afterID: after, limit: limit))
            #expect(memory.features == Array(sql.features.utf8), "\(filter.summary) after \(after ?? -1) limit \(limit)")
            #expect(memory.count == sql.count)
            #expect(memory.lastID == sql.lastID)
            #expect(memory.matched == (try store.count(filter)))
            checked += memory.count
        }
        #expect(checked > 1_000)
        // The repaired description is served as SQL serves it.
        var around = TipFilter()
        around.boundingBox = nil
        let seventh = try #require(try snapshot.page(around, afterID: 6, limit: 1))
        #expect(seventh.features == Array(try store.featurePage(around, afterID: 6, limit: 1).features.utf8))
        #expect(String(decoding: seventh.features, as: UTF8.self).contains("A\u{FFFD}B\u{FFFD}"))
    }

    @Test("a stored time in another form than the store writes: no snapshot (time filters compare text)")
    func nonCanonicalTime() throws {
        let database = try Self.database()
        try database.writer.sync { try $0.execute("UPDATE tips SET reported_at = '2025-03-01 10:00:00Z' WHERE id = 8") }
        #expect(try TipPageSnapshot.read(database, maximumTips: 10_000) == nil)
    }

    @Test("the whole table pages through in id order, every tip once")
    func fullWalk() throws {
        let database = try Self.database()
        let snapshot = try #require(try TipPageSnapshot.read(database, maximumTips: 10_000))
        var after: Int64?
        var seen: [Int64] = []
        while let page = try snapshot.page(TipFilter(), afterID: after, limit: 700), page.count > 0 {
            #expect(page.matched == 3_002)
            seen += try (JSONSerialization.jsonObject(with: Data(("[" + String(decoding: page.features, as: UTF8.self) + "]").utf8)) as! [[String: Any]])
                .map { ($0["id"] as! NSNumber).int64Value }
            after = page.lastID
        }
        #expect(seen.count == 3_002)
        #expect(seen == seen.sorted() && Set(seen).count == seen.count)
    }

    @Test("more tips than allowed: no snapshot; bad boxes are refused as in SQL")
    func limits() throws {
        let database = try Self.database()
        #expect(try TipPageSnapshot.read(database, maximumTips: 100) == nil)
        let snapshot = try #require(try TipPageSnapshot.read(database, maximumTips: 10_000))
        var inverted = TipFilter()
        inverted.boundingBox = BoundingBox(minX: 109, minY: 11, maxX: 108, maxY: 12)
        #expect(throws: GeoIncidentsError.self) { try snapshot.page(inverted, limit: 10) }
    }

    @Test("new tips only: the snapshot catches up by reading them, equal to a full read; a change or a deletion forces a full read")
    func catchUp() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        let index = try RegionStore(database: database).boundaryIndex()
        let base = try #require(try TipPageSnapshot.read(database, maximumTips: 10_000))
        #expect(try base.extended(database, maximumTips: 10_000)?.count == base.count)
        for (k, location) in [Coordinate(x: 108.95, y: 11.58), Coordinate(x: 108.97, y: 11.6), Coordinate(x: 0, y: 0)].enumerated() {
            _ = try store.submit(NewTip(externalID: "new\(k)", source: "Trang mới \(k)", reportedAt: Timestamp(secondsSinceEpoch: 1_750_000_000 + Int64(k)),
                                        category: .traffic, channel: .web, location: location), assignment: try index.assign(location))
        }
        let caughtUp = try #require(try base.extended(database, maximumTips: 10_000))
        let fresh = try #require(try TipPageSnapshot.read(database, maximumTips: 10_000))
        #expect(caughtUp.count == base.count + 3)
        #expect(caughtUp.dataVersion == fresh.dataVersion)
        #expect(caughtUp.sortedKeys == fresh.sortedKeys && caughtUp.keyPositions == fresh.keyPositions)
        #expect(caughtUp.featureBytes == fresh.featureBytes)
        var traffic = TipFilter()
        traffic.categories = [.traffic]
        var box = TipFilter()
        box.boundingBox = BoundingBox(minX: 108.9, minY: 11.5, maxX: 109.0, maxY: 11.65)
        for filter in [TipFilter(), traffic, box] {
            let a = try #require(try caughtUp.page(filter, limit: 5_000)), b = try #require(try fresh.page(filter, limit: 5_000))
            #expect(a.features == b.features && a.matched == b.matched)
        }
        #expect(try caughtUp.extended(database, maximumTips: base.count + 2) == nil)
        _ = try store.moveStatus(id: 3, to: .verified)
        #expect(try caughtUp.extended(database, maximumTips: 10_000) == nil)
        let again = try #require(try TipPageSnapshot.read(database, maximumTips: 10_000))
        try database.writer.sync { try $0.execute("DELETE FROM tips WHERE id = 11") }
        #expect(try again.extended(database, maximumTips: 10_000) == nil)
    }
}
