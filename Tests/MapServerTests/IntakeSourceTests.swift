import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer
import TestScratch

/// Issue 15: an intake token sees only its own writes. Its tips are stored under a source
/// bound to the token, so (source, external id) replays never reach another source's tips,
/// and a field device cannot pre-register pairs that a later import would then skip.
@Suite("Intake: sources bound to the token, NFC ids")
struct IntakeSourceTests {
    /// A stored demo tip's position in `commune` (or anywhere).
    static func position(in commune: String? = nil, _ fixture: ServerFixture) throws -> Coordinate {
        var filter = TipFilter()
        filter.communeCodes = commune.map { [$0] } ?? []
        return try #require(try TipStore(database: fixture.database).list(filter, limit: 1).first).location
    }

    static func body(_ at: Coordinate, _ extra: String) -> ByteBuffer {
        json(#"{"lon": \#(at.x), "lat": \#(at.y), "category": "criminal", "channel": "zalo_group"\#(extra)}"#)
    }

    @Test("a scoped intake token naming another source's external id gets 400, never that tip's id or commune; its own namespace replays its own tip")
    func scopedReplayDoesNotLeak() async throws {
        let fixture = try ServerFixture(tips: 300)
        let inA = try Self.position(in: "99001", fixture)
        let inB = try Self.position(in: "99002", fixture)
        // A tip an import stored in commune B.
        let imported = try TipStore(database: fixture.database).submit(
            NewTip(externalID: "m-1", source: "zalo-export", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000), category: .criminal,
                   channel: .zaloGroup, location: inB),
            assignment: try fixture.server.boundaryIndex().assign(inB))
        let scoped = try TokenStore(database: fixture.database).create(role: .intake, communes: ["99001"])
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(scoped.secret),
                                     body: Self.body(inA, #", "external_id": "m-1", "source": "zalo-export""#)) { response in
                #expect(response.status == .badRequest, "\(response.text)")
                #expect(response.object["id"] == nil)
                #expect(!response.text.contains("99002") && !response.text.contains("\"id\""))
            }
            // Without a source the tip goes to the token's own namespace: a new tip, then its own replay.
            let id = try await client.execute(uri: "/tips", method: .post, headers: bearer(scoped.secret),
                                              body: Self.body(inA, #", "external_id": "m-1""#)) { response -> Int in
                #expect(response.status == .created)
                #expect((response.object["assignment"] as? [String: Any])?["commune_code"] as? String == "99001")
                return response.object["id"] as? Int ?? -1
            }
            #expect(id != Int(imported.id))
            try await client.execute(uri: "/tips", method: .post, headers: bearer(scoped.secret),
                                     body: Self.body(inA, #", "external_id": "m-1""#)) { response in
                #expect(response.status == .ok)
                #expect(response.object["id"] as? Int == id)
            }
        }
        let stored = try #require(try TipStore(database: fixture.database).tip(id: imported.id))
        #expect(stored.source == "zalo-export")
    }

    @Test("an intake token cannot pre-register (source, external id) pairs: the import that follows stores its row")
    func noPreRegistration() async throws {
        let fixture = try ServerFixture(tips: 10)
        let at = try Self.position(fixture)
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                     body: Self.body(at, #", "external_id": "row-5", "source": "hotline-export""#)) { response in
                #expect(response.status == .badRequest, "\(response.text)")
            }
        }
        let csv = TestScratch.folder("intake-source") + "/intake.csv"
        try "id,lon,lat,reported_at,category\nrow-5,\(at.x),\(at.y),2025-03-01T08:00:00+07:00,criminal\n".write(toFile: csv, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: csv) }
        var options = TipImportOptions()
        options.source = "hotline-export"
        let report = try TipImporter(database: fixture.database, index: try fixture.server.boundaryIndex(), options: options).run(path: csv)
        #expect(report.inserted == 1 && report.duplicates == 0)
    }

    @Test("intake tips are stored under the token's source; two intake tokens' external ids never collide")
    func perTokenNamespace() async throws {
        let fixture = try ServerFixture(tips: 10)
        let at = try Self.position(fixture)
        let tokens = TokenStore(database: fixture.database)
        let (first, firstToken) = try tokens.create(role: .intake, label: "zalo bot")
        let (second, _) = try tokens.create(role: .intake, label: "hotline desk")
        try await fixture.test { client in
            var ids: [Int] = []
            for token in [first, second] {
                ids.append(try await client.execute(uri: "/tips", method: .post, headers: bearer(token), body: Self.body(at, #", "external_id": 42"#)) { response in
                    #expect(response.status == .created)
                    return response.object["id"] as? Int ?? -1
                })
            }
            #expect(Set(ids).count == 2)
            // Naming its own source is allowed (it is the same).
            try await client.execute(uri: "/tips", method: .post, headers: bearer(first),
                                     body: Self.body(at, #", "external_id": 42, "source": "api:token-\#(firstToken.id)""#)) { response in
                #expect(response.status == .ok)
                #expect(response.object["id"] as? Int == ids[0])
            }
        }
        let sources = Set(try TipStore(database: fixture.database).list(limit: 100).suffix(2).map(\.source))
        #expect(sources.count == 2 && sources.allSatisfy { $0.hasPrefix("api:token-") })
    }

    @Test("a commander may name a source, but not another token's")
    func commanderSources() async throws {
        let fixture = try ServerFixture(tips: 10)
        let at = try Self.position(fixture)
        let intakeID = try #require(try TokenStore(database: fixture.database).authenticate(secret: fixture.intake)).id
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander),
                                     body: Self.body(at, #", "external_id": "c-1", "source": "hotline 113""#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander),
                                     body: Self.body(at, #", "external_id": "c-1", "source": "api:token-\#(intakeID)""#)) { #expect($0.status == .badRequest) }
        }
        #expect(try TipStore(database: fixture.database).list(limit: 100).last?.source == "hotline 113")
    }

    @Test("source and external id are NFC: the same tip sent decomposed and precomposed is stored once")
    func nfc() async throws {
        let fixture = try ServerFixture(tips: 10)
        let at = try Self.position(fixture)
        let precomposed = "tin-Hải-Đồng"
        let decomposed = precomposed.decomposedStringWithCanonicalMapping
        let source = "Nhóm Zalo Phường Khánh Hải"
        #expect(Array(decomposed.utf8) != Array(precomposed.utf8))
        try await fixture.test { client in
            // Intake: the external id.
            let id = try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                              body: Self.body(at, #", "external_id": "\#(decomposed)""#)) { response -> Int in
                #expect(response.status == .created)
                return response.object["id"] as? Int ?? -1
            }
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                     body: Self.body(at, #", "external_id": "\#(precomposed)""#)) { response in
                #expect(response.status == .ok)
                #expect(response.object["id"] as? Int == id)
            }
            // Commander: the source too.
            let commanded = try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander),
                                                     body: Self.body(at, #", "external_id": "7", "source": "\#(source.decomposedStringWithCanonicalMapping)""#)) { response -> Int in
                #expect(response.status == .created)
                return response.object["id"] as? Int ?? -1
            }
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander),
                                     body: Self.body(at, #", "external_id": "7", "source": "\#(source)""#)) { response in
                #expect(response.status == .ok)
                #expect(response.object["id"] as? Int == commanded)
            }
        }
        let store = TipStore(database: fixture.database)
        #expect(try store.count() == 12)
        let stored = try store.list(limit: 100).suffix(2)
        #expect(stored.map { Array(($0.externalID ?? "").utf8) }.first == Array(precomposed.utf8))
        #expect(stored.map { Array($0.source.utf8) }.last == Array(source.precomposedStringWithCanonicalMapping.utf8))
    }
}
