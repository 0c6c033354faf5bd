import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

@Suite("Borders, clusters and patrol needs over HTTP")
struct BorderEndpointTests {
    @Test("GET /borders: the stored commune borders as named CRS84 lines, for everyone; filters and bad levels")
    func borders() async throws {
        let fixture = try ServerFixture(tips: 50)
        let stored = try RegionStore(database: fixture.database).storedBorders(level: .commune)
        try await fixture.test { client in
            try await client.execute(uri: "/borders", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(features.count == stored.count)
                let first = try #require(features.first?["properties"] as? [String: Any])
                #expect(first["code_a"] as? String == stored[0].codeA && first["name_a"] is String && first["province_a"] as? String == "99")
                let geometry = try #require(features.first?["geometry"] as? [String: Any])
                #expect(["LineString", "MultiLineString"].contains(geometry["type"] as? String ?? ""))
            }
            try await client.execute(uri: "/borders?commune=99001", method: .get) { response in
                let features = response.object["features"] as? [[String: Any]] ?? []
                let pairs = features.compactMap { $0["properties"] as? [String: Any] }.map { ($0["code_a"] as? String ?? "", $0["code_b"] as? String ?? "") }
                #expect(!pairs.isEmpty && pairs.allSatisfy { $0.0 == "99001" || $0.1 == "99001" })
                #expect(pairs.count == stored.filter { $0.codeA == "99001" || $0.codeB == "99001" }.count)
            }
            try await client.execute(uri: "/borders?level=province", method: .get) { response in
                #expect((response.object["features"] as? [[String: Any]])?.isEmpty == true, "one demo province: no province borders")
            }
            try await client.execute(uri: "/borders?level=neighbourhood", method: .get) { #expect($0.status == .badRequest) }
        }
    }

    @Test("GET /clusters: analysts and commanders only, never cached, logged; border=true keeps border clusters")
    func clusters() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/clusters", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/clusters", method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .forbidden) }
            let all = try await client.execute(uri: "/clusters?min_points=5", method: .get, headers: bearer(fixture.analyst)) { response -> [[String: Any]] in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                return (response.object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
            }
            let direct = try ClusterService(database: fixture.database).clusters(TipFilter(), parameters: ClusterParameters(minPoints: 5))
            #expect(all.count == direct.clusters.count && !all.isEmpty)
            #expect(all.map { $0["key"] as? Int ?? -1 } == direct.clusters.map { Int($0.key) })
            let border = try await client.execute(uri: "/clusters?min_points=5&border=true", method: .get, headers: bearer(fixture.commander)) { response in
                (response.object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
            }
            #expect(border.count == direct.borderClusters.count && border.allSatisfy { $0["border"] as? Bool == true })
            // A commune-scoped analyst sees clusters of its commune's tips only.
            let scoped = try await client.execute(uri: "/clusters?min_points=3", method: .get, headers: bearer(fixture.scopedAnalyst)) { response in
                (response.object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
            }
            for p in scoped {
                let communes = (p["communes"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                #expect(communes == [fixture.scopedCommune])
            }
            try await client.execute(uri: "/clusters?eps=0", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/clusters?epsilon=5", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
        }
        _ = try fixture.server.accessLog.flush()
        let logged = try fixture.server.accessLog.recent().filter { $0.action == "clusters" }
        #expect(logged.count == 3)
        #expect(logged.allSatisfy { $0.tips > 0 && $0.tokenID != nil })
    }

    @Test("GET /patrol-needs: commanders only; GeoJSON lines equal the library's ranking; the HTML report")
    func patrolNeeds() async throws {
        let fixture = try ServerFixture(tips: 3_000)
        try await fixture.test { client in
            try await client.execute(uri: "/patrol-needs", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/patrol-needs", method: .get) { #expect($0.status == .unauthorized) }
            let features = try await client.execute(uri: "/patrol-needs?limit=5", method: .get, headers: bearer(fixture.commander)) { response -> [[String: Any]] in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                return response.object["features"] as? [[String: Any]] ?? []
            }
            var incidents = TipFilter()
            incidents.unit = .incidents    // what the server counts unless asked for tips
            let direct = try PatrolService(database: fixture.database).patrolNeeds(incidents, parameters: PatrolParameters())
            #expect(features.count == 5)
            for (feature, need) in zip(features, direct.needs) {
                let p = try #require(feature["properties"] as? [String: Any])
                #expect(p["code_a"] as? String == need.codeA && p["code_b"] as? String == need.codeB)
                #expect(p["tips"] as? Int == need.tips && p["previous_tips"] as? Int == need.previousTips)
                #expect(p["name_a"] is String && p["trend"] is String)
            }
            try await client.execute(uri: "/patrol-needs?f=html&limit=3", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.text.contains("<h2>3. ") && !response.text.contains("<h2>4. "))
            }
            try await client.execute(uri: "/patrol-needs?level=province", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("no shared province borders"))
            }
            try await client.execute(uri: "/patrol-needs?stretch=1", method: .get, headers: bearer(fixture.commander)) { #expect($0.status == .badRequest) }
        }
    }
}
