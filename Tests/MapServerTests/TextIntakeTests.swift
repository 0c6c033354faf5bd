import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 17 over HTTP: `POST /tips` with a `location_text` instead of lon/lat, and the
/// unresolved tips an officer lists and places.
@Suite("Intake by location text")
struct TextIntakeTests {
    static func withKey(_ headers: HTTPFields, _ key: String) -> HTTPFields {
        var headers = headers
        headers[HTTPField.Name("Idempotency-Key")!] = key
        return headers
    }

    @Test("a named commune or neighbourhood is stored on a point inside it with its accuracy; a place-free text is kept (202), never a point")
    func postText() async throws {
        let fixture = try ServerFixture(tips: 50)
        let before = try TipStore(database: fixture.database).count()
        try await fixture.test { client in
            let first = try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                     body: json(#"{"location_text": "nhóm thanh niên mang hung khí ở KP 1, P. Khánh Hải", "province": "99", "category": "criminal"}"#)) { response -> Int in
                #expect(response.status == .created, "\(response.text)")
                #expect(response.object["located_by"] as? String == "neighbourhood")
                let assignment = response.object["assignment"] as? [String: Any]
                #expect(assignment?["commune_code"] as? String == "99001" && assignment?["neighbourhood_code"] as? String == "9900101")
                #expect((response.object["accuracy_m"] as? Double ?? 0) > 100)
                return response.object["id"] as? Int ?? -1
            }
            // Listings say how it was located (the page path and the single-tip path alike).
            try await client.execute(uri: "/collections/tips/items/\(first)", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect((response.object["properties"] as? [String: Any])?["located_by"] as? String == "neighbourhood", "\(response.text)")
            }
            try await client.execute(uri: "/collections/tips/items?limit=10000", method: .get, headers: bearer(fixture.analyst)) { response in
                let features = response.object["features"] as? [[String: Any]] ?? []
                let mine = features.first { $0["id"] as? Int == first }
                #expect((mine?["properties"] as? [String: Any])?["located_by"] as? String == "neighbourhood")
                #expect((features.first?["properties"] as? [String: Any])?["located_by"] as? String == "gps")
            }
            // An officer puts it on the point they confirmed: a GPS tip now, with a trail.
            let areas = try RegionStore(database: fixture.database).areas(level: .commune, codes: ["99001", "99002"])
            let inOther = try #require(areas["99002"]?.pointOnSurface)
            let inScope = try #require(areas["99001"]?.pointOnSurface)
            for (body, token, status) in [(#"{"lon": 108.9, "lat": 11.5, "status": "verified"}"#, fixture.analyst, HTTPResponse.Status.badRequest),
                                          (#"{"lon": 108.9}"#, fixture.analyst, .badRequest), (#"{"lon": "108.9", "lat": 11.5}"#, fixture.analyst, .badRequest),
                                          (#"{"lon": 1e308, "lat": 11.5}"#, fixture.analyst, .badRequest),
                                          (#"{"lon": \#(inOther.x), "lat": \#(inOther.y)}"#, fixture.scopedAnalyst, .forbidden),
                                          (#"{"lon": \#(inScope.x), "lat": \#(inScope.y)}"#, fixture.intake, .forbidden)] {
                try await client.execute(uri: "/tips/\(first)", method: .patch, headers: bearer(token), body: json(body)) { response in
                    #expect(response.status == status, "\(body): \(response.text)")
                }
            }
            try await client.execute(uri: "/tips/\(first)", method: .patch, headers: bearer(fixture.scopedAnalyst),
                                     body: json(#"{"lon": \#(inScope.x), "lat": \#(inScope.y), "note": "xác minh tại chỗ"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.object["located_by"] as? String == "gps")
                let trail = response.object["location_history"] as? [[String: Any]] ?? []
                #expect(trail.count == 1 && trail.first?["from_located_by"] as? String == "neighbourhood" && trail.first?["note"] as? String == "xác minh tại chỗ")
            }
            // A GeoJSON Feature without geometry, located by its text.
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                     body: json(#"{"type": "Feature", "geometry": null, "properties": {"location_text": "phuong khanh hai", "category": "fire"}}"#)) { response in
                #expect(response.status == .created, "\(response.text)")
                #expect(response.object["located_by"] as? String == "commune")
            }
            let unresolved = try await client.execute(uri: "/tips", method: .post, headers: Self.withKey(bearer(fixture.intake), "k1"),
                                                      body: json(#"{"location_text": "đánh nhau", "category": "criminal"}"#)) { response -> Int in
                #expect(response.status == .accepted, "\(response.text)")
                #expect(response.object["located_by"] as? String == "unlocated" && response.object["id"] == nil)
                return response.object["unresolved_id"] as? Int ?? -1
            }
            // A retry with the same Idempotency-Key keeps one unresolved tip.
            try await client.execute(uri: "/tips", method: .post, headers: Self.withKey(bearer(fixture.intake), "k1"),
                                     body: json(#"{"location_text": "đánh nhau", "category": "criminal"}"#)) { response in
                #expect(response.status == .ok && response.object["created"] as? Bool == false, "\(response.text)")
            }
            for body in [#"{"location_text": "phường Khánh Hải", "province": "7x", "category": "criminal"}"#,
                         #"{"location_text": 5, "category": "criminal"}"#, #"{"category": "criminal"}"#,
                         #"{"location_text": "phường Khánh Hải", "category": "criminal", "external_id": ""}"#,
                         #"{"location_text": "\#(String(repeating: "a", count: 5_000))", "category": "criminal"}"#] {
                try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(body)) { response in
                    #expect(response.status == .badRequest, "\(body.prefix(80)): \(response.text)")
                }
            }
            // Listing and placing: analysts and commanders without a scope only; no contact.
            try await client.execute(uri: "/tips/unresolved", method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/tips/unresolved", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/tips/unresolved", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/tips/unresolved", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
                let items = response.object["unresolved"] as? [[String: Any]] ?? []
                #expect(items.count == 1 && items.first?["id"] as? Int == unresolved && items.first?["location_text"] as? String == "đánh nhau")
            }
            for (body, status) in [(#"{"lon": 500, "lat": 1}"#, HTTPResponse.Status.badRequest), (#"{"commune": "00097"}"#, .badRequest),
                                   (#"{"lon": 108.95, "lat": 11.55, "commune": "99001"}"#, .badRequest), (#"{"colour": 1}"#, .badRequest)] {
                try await client.execute(uri: "/tips/unresolved/\(unresolved)", method: .patch, headers: bearer(fixture.analyst), body: json(body)) { response in
                    #expect(response.status == status, "\(body): \(response.text)")
                }
            }
            try await client.execute(uri: "/tips/unresolved/9223372036854775807", method: .patch, headers: bearer(fixture.analyst),
                                     body: json(#"{"commune": "99001"}"#)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/tips/unresolved/\(unresolved)", method: .patch, headers: bearer(fixture.analyst),
                                     body: json(#"{"commune": "99003"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
            try await client.execute(uri: "/tips/unresolved/\(unresolved)", method: .patch, headers: bearer(fixture.analyst),
                                     body: json(#"{"commune": "99003"}"#)) { #expect($0.status == .conflict) }
        }
        #expect(try TipStore(database: fixture.database).count() == before + 3)
    }
}
