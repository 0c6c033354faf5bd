import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 18's hotline desk: the page, and the look-ups it calls (`POST /locate`, `GET /places`).
@Suite("Hotline desk")
struct DeskTests {
    @Test("POST /locate proposes the place a tip would get, with names and a suggested category; officers only; bad input named")
    func locate() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            try await client.execute(uri: "/locate", method: .post, headers: bearer(fixture.intake),
                                     body: json(#"{"text": "thanh niên mang hung khí đánh nhau ở khu phố 1 phường Khánh Hải"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.object["status"] as? String == "located")
                #expect(response.object["category"] as? String == "criminal")
                let candidates = response.object["candidates"] as? [[String: Any]] ?? []
                #expect(candidates.count == 1)
                #expect(candidates.first?["commune_code"] as? String == "99001" && candidates.first?["located_by"] as? String == "neighbourhood")
                #expect((candidates.first?["label"] as? String ?? "").contains("Khánh Hải"))
                #expect((candidates.first?["accuracy_m"] as? Double ?? 0) > 0 && candidates.first?["lon"] is Double)
            }
            try await client.execute(uri: "/locate", method: .post, headers: bearer(fixture.commander), body: json(#"{"text": "xin chào"}"#)) { response in
                #expect(response.status == .ok && response.object["status"] as? String == "not_found")
                #expect((response.object["candidates"] as? [Any])?.isEmpty == true && response.object["category"] is NSNull)
            }
            try await client.execute(uri: "/locate", method: .post, body: json(#"{"text": "phường Khánh Hải"}"#)) { #expect($0.status == .unauthorized) }
            for (body, status) in [(#"{"text": 3}"#, HTTPResponse.Status.badRequest), (#"{"txt": "a"}"#, .badRequest), ("[]", .badRequest), ("", .badRequest),
                                   (#"{"text": "a", "province": 7}"#, .badRequest), (#"{"text": "\#(String(repeating: "á", count: 3_000))"}"#, .badRequest),
                                   (#"{"text": "phường Khánh Hải", "province": "zz"}"#, .badRequest)] {
                try await client.execute(uri: "/locate", method: .post, headers: bearer(fixture.analyst), body: json(body)) { response in
                    #expect(response.status == status, "\(body.prefix(40)): \(response.text)")
                }
            }
        }
    }

    @Test("GET /places lists a commune's registered places; a scoped token only its own communes")
    func places() async throws {
        let fixture = try ServerFixture(tips: 20)
        var filter = TipFilter()
        filter.communeCodes = ["99001"]
        let tip = try #require(try TipStore(database: fixture.database).list(filter, afterID: 0, limit: 1).first)
        _ = try PlaceStore(database: fixture.database).add([RegisteredPlace(communeCode: "99001", name: "Chợ Khánh Hải", kind: "chợ", shape: .point(tip.location))])
        try await fixture.test { client in
            try await client.execute(uri: "/places?commune=99001", method: .get, headers: bearer(fixture.intake)) { response in
                let places = response.object["places"] as? [[String: Any]] ?? []
                #expect(response.status == .ok && places.count == 1 && places.first?["name"] as? String == "Chợ Khánh Hải")
            }
            try await client.execute(uri: "/places?commune=99002", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/places", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/places?commune=99001", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/desk", method: .get) { response in
                #expect(response.status == .ok && response.text.contains("/desk/desk.js") && response.text.contains("lang=\"vi\""))
            }
            try await client.execute(uri: "/desk/desk.js", method: .get) { response in
                #expect(response.status == .ok && response.text.contains("/locate") && response.text.contains("Idempotency-Key"))
            }
        }
    }
}

extension DeskTests {
    @Test("a confirmed proposal keeps its level: located_by commune with its accuracy is not a GPS fix; bad combinations are named")
    func confirmedProposal() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            let point = try await client.execute(uri: "/locate", method: .post, headers: bearer(fixture.intake), body: json(#"{"text": "phường Khánh Hải"}"#)) { response in
                let c = (response.object["candidates"] as? [[String: Any]])?.first
                return (c?["lon"] as? Double ?? 0, c?["lat"] as? Double ?? 0, c?["accuracy_m"] as? Double ?? 0, c?["located_by"] as? String)
            }
            #expect(point.3 == "commune")
            let id = try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                              body: json(#"{"lon": \#(point.0), "lat": \#(point.1), "accuracy_m": \#(point.2), "located_by": "commune", "category": "criminal", "location_text": "phường Khánh Hải"}"#)) { response -> Int in
                #expect(response.status == .created, "\(response.text)")
                #expect(response.object["located_by"] as? String == "commune")
                return response.object["id"] as? Int ?? -1
            }
            try await client.execute(uri: "/collections/tips/items/\(id)", method: .get, headers: bearer(fixture.analyst)) { response in
                let properties = response.object["properties"] as? [String: Any]
                #expect(properties?["located_by"] as? String == "commune" && properties?["commune_code"] as? String == "99001")
            }
            for body in [#"{"lon": \#(point.0), "lat": \#(point.1), "located_by": "commune", "category": "criminal"}"#,
                         #"{"location_text": "phường Khánh Hải", "accuracy_m": 100, "located_by": "commune", "category": "criminal"}"#,
                         #"{"lon": \#(point.0), "lat": \#(point.1), "accuracy_m": 100, "located_by": "ambiguous", "category": "criminal"}"#,
                         #"{"lon": \#(point.0), "lat": \#(point.1), "accuracy_m": 100, "located_by": 3, "category": "criminal"}"#] {
                try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(body)) { response in
                    #expect(response.status == .badRequest, "\(body): \(response.text)")
                    #expect(response.text.contains("located_by"), "\(response.text)")
                }
            }
        }
    }
}
