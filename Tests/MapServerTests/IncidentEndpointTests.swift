import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 19 over HTTP: the incidents collection, an incident with its members, and
/// officers' decisions, by role and scope.
@Suite("Incidents over HTTP")
struct IncidentEndpointTests {
    /// Two residents report the same fight minutes apart, 60 m apart, through other groups.
    static let reports = [
        #"{"lon": 108.905, "lat": 11.61, "category": "criminal", "channel": "zalo_group", "source": "Nhóm A", "reported_at": "2026-11-30T21:00:00+07:00", "description": "Đánh nhau trước chợ", "tipster": {"zalo_id": "u-1"}}"#,
        #"{"lon": 108.9055, "lat": 11.6102, "category": "criminal", "channel": "hotline", "source": "Nhóm B", "reported_at": "2026-11-30T21:07:00+07:00", "description": "Có người cầm dao đánh nhau", "tipster": {"zalo_id": "u-2"}}"#,
    ]

    @Test("POST /tips groups the tip at once; /incidents/{id} shows both reports; the collection carries the credibility signal")
    func groupedOnIntake() async throws {
        let fixture = try ServerFixture(tips: 0)
        try await fixture.test { client in
            var ids: [Int] = []
            for body in Self.reports {
                ids.append(try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(body)) { response in
                    #expect(response.status == .created, "\(response.text)")
                    return response.object["id"] as? Int ?? -1
                })
            }
            let incident = try #require(try IncidentStore(database: fixture.database).incident(ofTip: Int64(ids[0])))
            #expect(try IncidentStore(database: fixture.database).incident(ofTip: Int64(ids[1])) == incident)
            try await client.execute(uri: "/incidents/\(incident)", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
                #expect(response.object["independent_reports"] as? Int == 2 && response.object["copies"] as? Int == 0)
                let members = response.object["members"] as? [[String: Any]] ?? []
                #expect(members.compactMap { $0["link"] as? String } == ["first", "corroboration"])
                #expect(!response.text.contains("u-1") && !response.text.contains("u-2"), "no tipster identity")
            }
            try await client.execute(uri: "/collections/incidents/items?min_reports=2", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(features.count == 1)
                let properties = features.first?["properties"] as? [String: Any]
                #expect(properties?["independent_reports"] as? Int == 2 && properties?["counts"] as? String == "incidents")
            }
            try await client.execute(uri: "/collections", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.text.contains("\"incidents\""))
            }
            try await client.execute(uri: "/collections", method: .get) { #expect(!$0.text.contains("\"incidents\"")) }
        }
    }

    @Test("officers decide through PATCH: status moves every tip, split and merge; bad decisions are 400/404/409 and change nothing")
    func decisions() async throws {
        let fixture = try ServerFixture(tips: 0)
        try await fixture.test { client in
            var ids: [Int] = []
            for body in Self.reports {
                ids.append(try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(body)) { $0.object["id"] as? Int ?? -1 })
            }
            let store = IncidentStore(database: fixture.database)
            let incident = try #require(try store.incident(ofTip: Int64(ids[0])))
            let path = "/incidents/\(incident)"
            try await client.execute(uri: path, method: .patch, headers: bearer(fixture.commander), body: json(#"{"status": "dispatched"}"#)) { #expect($0.status == .conflict) }
            try await client.execute(uri: path, method: .patch, headers: bearer(fixture.commander), body: json(#"{"status": "verified"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: path, method: .patch, headers: bearer(fixture.commander), body: json(#"{"status": "dispatched", "note": "tổ tuần tra 2"}"#)) { response in
                #expect(response.status == .ok && response.object["status"] as? String == "dispatched")
            }
            for id in ids { #expect(try TipStore(database: fixture.database).tip(id: Int64(id))?.status == .dispatched) }
            for (body, status) in [("{}", HTTPResponse.Status.badRequest), (#"{"status": "lost"}"#, .badRequest), (#"{"merge": 1.5}"#, .badRequest),
                                   (#"{"split": 999999}"#, .badRequest), (#"{"status": "verified", "merge": 2}"#, .badRequest), (#"{"colour": "red"}"#, .badRequest),
                                   (#"{"status": "received"}"#, .conflict), (#"{"merge": \#(incident)}"#, .badRequest), ("[1,2]", .badRequest), ("\u{FF}", .badRequest)] {
                try await client.execute(uri: path, method: .patch, headers: bearer(fixture.commander), body: json(body)) { response in
                    #expect(response.status == status, "\(body): \(response.status) \(response.text.prefix(160))")
                }
            }
            try await client.execute(uri: path, method: .patch, headers: bearer(fixture.commander), body: json(#"{"split": \#(ids[1])}"#)) { response in
                #expect(response.status == .ok && response.object["tips"] as? Int == 1)
            }
            let other = try #require(try store.incident(ofTip: Int64(ids[1])))
            #expect(other != incident)
            try await client.execute(uri: path, method: .patch, headers: bearer(fixture.analyst), body: json(#"{"merge": \#(other)}"#)) { response in
                #expect(response.status == .ok && response.object["tips"] as? Int == 2)
            }
            // Merging back the incident that is gone: a clear 404, nothing lost.
            try await client.execute(uri: "/incidents/\(other)", method: .patch, headers: bearer(fixture.analyst), body: json(#"{"merge": \#(incident)}"#)) { #expect($0.status == .notFound) }
            #expect(try store.decisions().map(\.action) == ["status", "status", "split", "merge"])
            for bad in ["/incidents/abc", "/incidents/-1", "/incidents/0", "/incidents/9223372036854775807", "/incidents/99999999999999999999"] {
                try await client.execute(uri: bad, method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .notFound, "\(bad)") }
            }
        }
    }

    @Test("analyses count incidents unless asked for tips, and say so in Counting-Unit; corroborating reports count once")
    func countingUnit() async throws {
        let fixture = try ServerFixture(tips: 0)
        try await fixture.test { client in
            for body in Self.reports { try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(body)) { _ in } }
            try await client.execute(uri: "/stats?by=commune&columns=total", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.headers[CountingUnitMiddleware.header] == "incidents")
                #expect(response.text.contains("\"total\":1") || response.text.contains("\"total\": 1"), "\(response.text.prefix(300))")
            }
            try await client.execute(uri: "/stats?by=commune&columns=total&unit=tips", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.headers[CountingUnitMiddleware.header] == "tips")
                #expect(response.text.contains("\"total\":2") || response.text.contains("\"total\": 2"), "\(response.text.prefix(300))")
            }
            try await client.execute(uri: "/stats?unit=messages", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
            // The tips layer: two points, or one per incident.
            let tile = try TileID.covering(BoundingBox(minX: 108.9051, minY: 11.6101, maxX: 108.9051, maxY: 11.6101), zoom: 16)[0]
            let points = { (query: String) in
                try await client.execute(uri: "/tiles/tips/\(tile.z)/\(tile.x)/\(tile.y).mvt\(query)", method: .get, headers: bearer(fixture.analyst)) { response -> Int in
                    #expect(response.status == .ok)
                    return response.body.readableBytes
                }
            }
            let tips = try await points(""), incidents = try await points("?unit=incidents")
            #expect(tips > incidents && incidents > 0, "\(tips) bytes for two tips, \(incidents) for one incident")
            try await client.execute(uri: "/tiles/tips/\(tile.z)/\(tile.x)/\(tile.y).mvt?unit=all", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/stats?unit=tips", method: .get) { #expect($0.status == .badRequest) }    // the public's figures are released ones
        }
    }

    @Test("roles and scope: no token 401, intake 403; a scoped token neither reads nor changes an incident outside its communes")
    func rolesAndScope() async throws {
        let fixture = try ServerFixture(tips: 0)
        try await fixture.test { client in
            // A report in another commune than the scoped token's (99001).
            let outside = #"{"lon": 109.0, "lat": 11.54, "category": "fire", "channel": "hotline", "source": "Nhóm C", "description": "Cháy nhà"}"#
            let id = try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(outside)) { $0.object["id"] as? Int ?? -1 }
            let incident = try #require(try IncidentStore(database: fixture.database).incident(ofTip: Int64(id)))
            try await client.execute(uri: "/incidents/\(incident)", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/incidents/\(incident)", method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/collections/incidents/items", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/incidents/\(incident)", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/incidents/\(incident)", method: .patch, headers: bearer(fixture.scopedAnalyst), body: json(#"{"status": "verified"}"#)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/collections/incidents/items", method: .get, headers: bearer(fixture.scopedAnalyst)) { response in
                #expect(response.status == .ok && (response.object["features"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/collections/incidents/items?commune=99009", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .forbidden) }
            // An incident located in the token's commune but with a report outside it is not
            // there for the token: no count, time or source of the outside report reaches it.
            let inside = try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(Self.reports[0])) { $0.object["id"] as? Int ?? -1 }
            let store = IncidentStore(database: fixture.database)
            let own = try #require(try store.incident(ofTip: Int64(inside)))
            try await client.execute(uri: "/incidents/\(own)", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .ok) }
            try store.merge(own, with: incident, actor: "test")
            try await client.execute(uri: "/incidents/\(own)", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/collections/incidents/items/\(own)", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/collections/incidents/items", method: .get, headers: bearer(fixture.scopedAnalyst)) { response in
                #expect((response.object["features"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/incidents/\(own)", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .ok) }
            #expect(try TipStore(database: fixture.database).tip(id: Int64(id))?.status == .received)
        }
    }

    @Test("the commander's report says how many events the window's tips were and lists the corroborated ones; a token scoped elsewhere does not see them")
    func commandersReport() async throws {
        let fixture = try ServerFixture(tips: 600)
        let elsewhere = try TokenStore(database: fixture.database).create(role: .commander, communes: ["99009"]).secret
        try await fixture.test { client in
            var ids: [Int] = []
            for body in Self.reports {
                ids.append(try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(body)) { $0.object["id"] as? Int ?? -1 })
            }
            let incident = try #require(try IncidentStore(database: fixture.database).incident(ofTip: Int64(ids[0])))
            try await client.execute(uri: "/patrol-needs?f=markdown", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.status == .ok)
                let section = response.text.components(separatedBy: "## Events reported by several residents\n\n").last?.components(separatedBy: "\n\n").first ?? ""
                #expect(section.contains("#\(incident) ") && section.contains("2 independent reports") && section.contains("criminal"), "\(section)")
                #expect(section.contains("were reported independently by two or more residents") && !section.contains("u-1"))
            }
            try await client.execute(uri: "/patrol-needs?f=html", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.text.contains("<h2>Events reported by several residents</h2>") && response.text.contains("#\(incident) "))
            }
            try await client.execute(uri: "/patrol-needs?f=markdown", method: .get, headers: bearer(elsewhere)) { response in
                #expect(!response.text.contains("#\(incident) "), "an incident outside the token's communes is not in its report")
            }
        }
    }

    @Test("incident points in tiles are audited reads, as the collection's pages are; the public gets none")
    func incidentTilesAudited() async throws {
        let fixture = try ServerFixture(tips: 0)
        try await fixture.test { client in
            for body in Self.reports {
                try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.commander), body: json(body)) { #expect($0.status == .created) }
            }
            let tile = try #require(try TileID.covering(BoundingBox(minX: 108.905, minY: 11.61, maxX: 108.905, maxY: 11.61), zoom: 14).first)
            for path in ["/tiles/incidents/\(tile.z)/\(tile.x)/\(tile.y).mvt", "/tiles/all/\(tile.z)/\(tile.x)/\(tile.y).mvt"] {
                try await client.execute(uri: path, method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .ok && response.body.readableBytes > 0, "\(path)")
                }
            }
            try await client.execute(uri: "/tiles/incidents/\(tile.z)/\(tile.x)/\(tile.y).mvt", method: .get) { #expect($0.status == .unauthorized) }
            _ = try fixture.server.accessLog.flush()
            let logged = try fixture.server.accessLog.recent().filter { $0.action == "tiles.incidents" }
            #expect(logged.count == 2, "one audited read per tile request, the combined tile's included")
        }
    }
}
