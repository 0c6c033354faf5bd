import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

@Suite("Roles, privacy and tip intake")
struct RolesAndTipsTests {
    @Test("the role matrix for tip features: public 401, intake 403, analyst without tipster, commander with; scoped tokens see their commune only")
    func roleMatrix() async throws {
        let fixture = try ServerFixture()
        let inCommune = try TipStore(database: fixture.database).count({ var f = TipFilter(); f.communeCodes = [fixture.scopedCommune]; return f }())
        let elsewhere = try #require(try TipStore(database: fixture.database).list(limit: 600).first { $0.assignment.communeCode != fixture.scopedCommune })
        try await fixture.test { client in
            try await client.execute(uri: "/collections/tips/items", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/collections/tips/items", method: .get, headers: bearer("gi_" + String(repeating: "0", count: 64))) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/collections/tips/items", method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/collections/tips/items?limit=5", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
                #expect(response.object["numberMatched"] as? Int == 600)
                #expect(response.headers[.cacheControl] == "private, no-cache")
                let first = (response.object["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any] ?? [:]
                #expect(first["category"] != nil)
                #expect(first["tipster"] == nil)
                #expect(!response.text.contains("phone"))
            }
            try await client.execute(uri: "/collections/tips/items?limit=600", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.headers[.cacheControl] == "no-store")
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(features.allSatisfy { ($0["properties"] as? [String: Any])?.keys.contains("tipster") == true })
            }
            try await client.execute(uri: "/collections/tips/items?limit=600", method: .get, headers: bearer(fixture.scopedAnalyst)) { response in
                #expect(response.object["numberMatched"] as? Int == inCommune)
                let communes = Set((response.object["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["commune_code"] as? String })
                #expect(communes == [fixture.scopedCommune])
            }
            try await client.execute(uri: "/collections/tips/items/\(elsewhere.id)", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/collections/tips/items?commune=99002", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/collections/tips/items/\(elsewhere.id)", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
                #expect((response.object["id"] as? Int).map(Int64.init) == elsewhere.id)
            }
        }
        // Every read of exact locations is in the access log.
        try fixture.server.accessLog.flush()
        let log = try fixture.server.accessLog.recent()
        #expect(log.filter { $0.action.hasPrefix("tips.") }.count >= 4)
        #expect(log.contains { $0.role == .commander && $0.tips == 600 })
        #expect(!log.contains { $0.detail.contains("108.") || $0.detail.contains("11.5") })
    }

    @Test("POST /tips: 201 with Location and assignment; retries with the same Idempotency-Key or external id are safe")
    func intake() async throws {
        let fixture = try ServerFixture(tips: 50)
        let body = #"{"lon": 108.95, "lat": 11.58, "category": "criminal", "channel": "zalo_group", "description": "Tụ tập đánh bạc", "external_id": "zalo-77", "tipster": {"phone": "0900000000"}}"#
        try await fixture.test { client in
            var headers = bearer(fixture.intake)
            headers[TipsController.idempotencyKey] = "retry-1"
            let id = try await client.execute(uri: "/tips", method: .post, headers: headers, body: json(body)) { response -> Int in
                #expect(response.status == .created)
                let id = response.object["id"] as? Int ?? -1
                #expect(response.headers[.location] == "/collections/tips/items/\(id)")
                #expect((response.object["assignment"] as? [String: Any])?["commune_code"] as? String != nil)
                return id
            }
            try await client.execute(uri: "/tips", method: .post, headers: headers, body: json(body)) { response in
                #expect(response.status == .ok)
                #expect(response.object["id"] as? Int == id)
                #expect(response.object["created"] as? Bool == false)
            }
            try await client.execute(uri: "/tips", method: .post, headers: headers, body: json(body.replacingOccurrences(of: "11.58", with: "11.59"))) { #expect($0.status == .conflict) }
            // Same external id without a key: the stored tip is returned, nothing new is written.
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(body)) { response in
                #expect(response.status == .ok)
                #expect(response.object["id"] as? Int == id)
            }
            // A GeoJSON Feature works too.
            let feature = #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [108.96, 11.57]}, "properties": {"category": "traffic"}}"#
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(feature)) { #expect($0.status == .created) }
        }
        #expect(try TipStore(database: fixture.database).count() == 52)
        let stored = try #require(try TipStore(database: fixture.database).contact(tipID: 51))
        #expect(stored.phone == "0900000000")
    }

    @Test("intake rejects bad bodies with 4xx and stores nothing", arguments: [
        (#"{"lon": 108.95, "lat": 91, "category": "criminal"}"#, 400),
        (#"{"lon": NaN, "lat": 11.5, "category": "criminal"}"#, 400),
        (#"{"lon": 108.95, "lat": 11.5"#, 400),
        (#"[1, 2]"#, 400),
        (#"{"lon": 108.95, "lat": 11.5}"#, 400),
        (#"{"lon": 108.95, "lat": 11.5, "category": "arson"}"#, 400),
        (#"{"lon": "108.95", "lat": 11.5, "category": "criminal"}"#, 400),
        (#"{"lon": 108.95, "lat": 11.5, "category": "criminal", "colour": "red"}"#, 400),
        (#"{"lon": 108.95, "lat": 11.5, "category": "criminal", "reported_at": "2999-01-01T00:00:00Z"}"#, 400),
        (#"{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]}, "properties": {}}"#, 400),
    ])
    func badBodies(body: String, status: Int) async throws {
        let fixture = try ServerFixture(tips: 10)
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(body)) { response in
                #expect(response.status.code == status, "\(body): \(response.text)")
                #expect(response.object["code"] is String)
            }
        }
        #expect(try TipStore(database: fixture.database).count() == 10)
    }

    @Test("oversized bodies get 413; roles without intake rights get 401/403")
    func limits() async throws {
        let fixture = try ServerFixture(tips: 10)
        let huge = #"{"lon": 108.95, "lat": 11.5, "category": "criminal", "description": ""# + String(repeating: "x", count: 1_100_000) + #""}"#
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(huge)) { #expect($0.status == .contentTooLarge) }
            let ok = #"{"lon": 108.95, "lat": 11.58, "category": "criminal"}"#
            try await client.execute(uri: "/tips", method: .post, body: json(ok)) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.analyst), body: json(ok)) { #expect($0.status == .forbidden) }
        }
    }

    @Test("PATCH moves the status along the allowed path and records the trail")
    func statusMoves() async throws {
        let fixture = try ServerFixture(tips: 10)
        try await fixture.test { client in
            let headers = bearer(fixture.analyst)
            try await client.execute(uri: "/tips/3", method: .patch, headers: headers, body: json(#"{"status": "dispatched"}"#)) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/tips/3", method: .patch, headers: headers, body: json(#"{"status": "verified", "note": "đã xác minh"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/tips/3", method: .patch, headers: headers, body: json(#"{"status": "dispatched"}"#)) { response in
                #expect(response.object["status"] as? String == "dispatched")
                #expect((response.object["history"] as? [[String: Any]])?.count == 2)
            }
            try await client.execute(uri: "/tips/3", method: .patch, headers: headers, body: json(#"{"status": "flying"}"#)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/tips/999", method: .patch, headers: headers, body: json(#"{"status": "verified"}"#)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/tips/3", method: .patch, headers: bearer(fixture.intake), body: json(#"{"status": "resolved"}"#)) { #expect($0.status == .forbidden) }
        }
        let history = try TipStore(database: fixture.database).statusHistory(id: 3)
        #expect(history.map(\.to) == [.verified, .dispatched])
        #expect(history[0].note == "đã xác minh")
    }

    @Test("revoked tokens stop working")
    func revoked() async throws {
        let fixture = try ServerFixture(tips: 10)
        let tokens = TokenStore(database: fixture.database)
        let (secret, token) = try tokens.create(role: .analyst)
        try tokens.revoke(id: token.id)
        try await fixture.test { client in
            try await client.execute(uri: "/collections/tips/items", method: .get, headers: bearer(secret)) { #expect($0.status == .unauthorized) }
        }
    }
}

@Suite("Tip feature encoding")
struct TipFeatureEncodingTests {
    /// The one writer of a tip feature (`TipStore.appendFeature`), pinned byte for byte on a
    /// tip with every kind of value: quotes, a line break, a backslash, a contact.
    static let expected = #"{"type":"Feature","id":201,"properties":{"external_id":null,"source":"test","reported_at":"2025-02-19T21:20:00Z","received_at":"RECEIVED","category":"fire","channel":"hotline","status":"received","description":"Cháy \"lớn\"\nở chợ \\ khu 3","accuracy_m":null,"located_by":"gps","province_code":"99","commune_code":"COMMUNE","neighbourhood_code":NEIGHBOURHOOD,"assignment_method":"inside","boundary_distance_m":DISTANCETIPSTER},"geometry":{"type":"Point","coordinates":[108.95,11.58]}}"#

    @Test("pages, the antimeridian merge and the single-tip lookup write the same bytes, tipster included")
    func sameBytes() throws {
        let fixture = try ServerFixture(tips: 200)
        let store = TipStore(database: fixture.database)
        let at = Coordinate(x: 108.95, y: 11.58)
        let assignment = try fixture.server.boundaryIndex().assign(at)
        let id = try store.submit(NewTip(source: "test", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000), category: .fire, channel: .hotline,
                                         description: "Cháy \"lớn\"\nở chợ \\ khu 3", location: at,
                                         contact: TipsterContact(name: "Nguyễn Văn A", phone: "0900")),
                                  assignment: assignment).id
        #expect(id == 201)
        let received = try #require(try store.tip(id: id)).receivedAt.iso8601
        for contacts in [false, true] {
            let tipster = contacts ? #","tipster":{"name":"Nguyễn Văn A","note":null,"phone":"0900","zalo_id":null}"# : ""
            let expected = Self.expected.replacingOccurrences(of: "RECEIVED", with: received)
                .replacingOccurrences(of: "COMMUNE", with: assignment.communeCode ?? "")
                .replacingOccurrences(of: "NEIGHBOURHOOD", with: assignment.neighbourhoodCode.map { "\"\($0)\"" } ?? "null")
                .replacingOccurrences(of: "DISTANCE", with: assignment.boundaryDistanceMeters.map { GeoJSONWriter.number(($0 * 10).rounded() / 10) } ?? "null")
                .replacingOccurrences(of: "TIPSTER", with: tipster)
            #expect(try store.feature(id: id, contacts: contacts) == expected)
            let page = try store.featurePage(TipFilter(), afterID: id - 1, limit: 10, contacts: contacts)
            #expect(page.features == expected && page.count == 1 && page.matched == 201)
            // Two halves, one of them empty of this tip: merged by id, counts added.
            var west = TipFilter(), east = TipFilter()
            west.boundingBox = BoundingBox(minX: 108.9, minY: 11.5, maxX: 108.96, maxY: 11.6)
            east.boundingBox = BoundingBox(minX: 170, minY: -10, maxX: 180, maxY: 10)
            let merged = try store.featurePage(across: [east, west], afterID: id - 1, limit: 10, contacts: contacts)
            #expect(merged.features == expected && merged.lastID == id)
        }
        #expect(try store.feature(id: id, communes: ["no-such-commune"]) == nil)
        #expect(try store.feature(id: Int64.min) == nil && store.feature(id: 0) == nil)
    }
}
