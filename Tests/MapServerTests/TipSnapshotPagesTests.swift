import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import MapServer

/// Tip pages served from the in-memory snapshot are the pages served from SQL.
@Suite("Tip pages from the in-memory snapshot")
struct TipSnapshotPagesTests {
    /// The body without its `timeStamp` (the one member that differs between two requests).
    static func comparable(_ response: TestResponse) -> String {
        response.text.replacingOccurrences(of: #""timeStamp":"[^"]*""#, with: "", options: .regularExpression)
    }

    @Test("the same bodies, status and links as SQL pages, for boxes, filters and cursors; a write retires the snapshot")
    func sameAsSQL() async throws {
        var fixture = try ServerFixture(tips: 600)
        let sqlOnly = ServerContext(database: fixture.database, tipSnapshotLimit: 0)
        let memoryServer = fixture.server
        let snapshot = try #require(fixture.server.tipSnapshots.buildNow())
        #expect(snapshot.count == 600)
        let uris = [
            "/collections/tips/items?limit=50",
            "/collections/tips/items?limit=50&after=120",
            "/collections/tips/items?bbox=108.9,11.5,109.0,11.6&limit=1000",
            "/collections/tips/items?bbox=108.9,11.5,109.2,11.8&category=criminal,social_evil&limit=20&after=40",
            "/collections/tips/items?commune=99001&status=received&limit=10",
            "/collections/tips/items?datetime=2025-01-01T00:00:00Z/2025-06-01T00:00:00Z&limit=30",
        ]
        var bodies: [String: String] = [:]
        for (name, server) in [("memory", fixture.server), ("sql", sqlOnly)] {
            fixture.server = server
            let analyst = fixture.analyst
            let collected = Mutex<[String]>([])
            try await fixture.test { client in
                for uri in uris {
                    try await client.execute(uri: uri, method: .get, headers: bearer(analyst)) { response in
                        #expect(response.status == .ok, "\(uri)")
                        collected.withLock { $0.append(Self.comparable(response)) }
                    }
                }
            }
            bodies[name] = collected.withLock { $0.joined(separator: "\n") }
        }
        #expect(bodies["memory"] == bodies["sql"])
        #expect(bodies["sql"]!.contains(#""numberMatched":600"#))
        #expect(memoryServer.tipSnapshots.pagesServed == uris.count)
        #expect(sqlOnly.tipSnapshots.pagesServed == 0)
        // A write moves the data version: the next page shows it (the old snapshot is retired).
        _ = try TipStore(database: fixture.database).moveStatus(id: 1, to: .verified)
        fixture.server = memoryServer
        memoryServer.dataChanged()
        let analyst = fixture.analyst
        try await fixture.test { client in
            try await client.execute(uri: "/collections/tips/items?limit=1&status=verified", method: .get, headers: bearer(analyst)) { response in
                #expect(response.text.contains(#""id":1,"#))
                #expect(response.text.contains(#""numberMatched":1,"#))
            }
        }
    }

    @Test("every serving of tip features is logged, cache hits and 304s included")
    func cachedReadsAreAudited() async throws {
        let fixture = try ServerFixture(tips: 100)
        let analyst = fixture.analyst
        try await fixture.test { client in
            var etags: [String] = []
            for _ in 0..<3 {
                try await client.execute(uri: "/collections/tips/items?limit=7", method: .get, headers: bearer(analyst)) { response in
                    #expect(response.status == .ok)
                    etags.append(response.headers[.eTag] ?? "")
                }
            }
            #expect(Set(etags).count == 1 && !etags[0].isEmpty)
            var conditional = bearer(analyst)
            conditional[.ifNoneMatch] = etags[0]
            try await client.execute(uri: "/collections/tips/items?limit=7", method: .get, headers: conditional) { #expect($0.status == .notModified) }
            for _ in 0..<2 {
                try await client.execute(uri: "/collections/tips/items/5", method: .get, headers: bearer(analyst)) { #expect($0.status == .ok) }
            }
        }
        _ = try fixture.server.accessLog.flush()
        let log = try fixture.server.accessLog.recent()
        #expect(log.filter { $0.action == "tips.items" }.map(\.tips) == [7, 7, 7, 7])
        #expect(log.filter { $0.action == "tips.item" }.map(\.tips) == [1, 1])
    }

    @Test("after intake the next build catches up with the new tip, and pages still equal SQL's")
    func catchUpAfterIntake() async throws {
        let fixture = try ServerFixture(tips: 300)
        let sqlOnly = ServerContext(database: fixture.database, tipSnapshotLimit: 0)
        _ = try #require(fixture.server.tipSnapshots.buildNow())
        let location = Coordinate(x: 108.95, y: 11.58)
        _ = try TipStore(database: fixture.database).submit(
            NewTip(externalID: "late", source: "Zalo KP9", reportedAt: Timestamp(secondsSinceEpoch: 1_750_000_000), category: .fire,
                   channel: .zaloGroup, location: location), assignment: try fixture.server.boundaryIndex().assign(location))
        let caughtUp = try #require(fixture.server.tipSnapshots.buildNow())
        #expect(caughtUp.count == 301)
        #expect(caughtUp.dataVersion == (try fixture.database.dataVersion()))
        var fire = TipFilter()
        fire.categories = [.fire]
        let memory = try #require(try caughtUp.page(fire, limit: 1_000))
        #expect(memory.features == Array(try sqlOnly.tips.featurePage(fire, limit: 1_000).features.utf8))
        #expect(String(decoding: memory.features, as: UTF8.self).contains("Zalo KP9"))
    }
}
