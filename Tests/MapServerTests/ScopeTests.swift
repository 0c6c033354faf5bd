import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

@Suite("Commune-scoped tokens stay in their communes")
struct ScopeTests {
    @Test("a commune-scoped commander asking for the province's patrol needs gets its commune's borders only")
    func patrolNeedsNarrowed() async throws {
        let fixture = try ServerFixture(tips: 3_000)
        let scoped = try TokenStore(database: fixture.database).create(role: .commander, communes: [fixture.scopedCommune]).secret
        try await fixture.test { client in
            var all = 0
            var tipsByBorder: [String: Int] = [:]
            try await client.execute(uri: "/patrol-needs?province=99&days=3660&limit=100000", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.status == .ok, "\(response.text)")
                let features = response.object["features"] as? [[String: Any]] ?? []
                all = features.count
                for f in features {
                    let p = f["properties"] as? [String: Any] ?? [:]
                    tipsByBorder["\(p["code_a"]!)|\(p["code_b"]!)", default: 0] += p["tips"] as? Int ?? 0
                }
            }
            let unscoped = tipsByBorder
            try await client.execute(uri: "/patrol-needs?province=99&days=3660&limit=100000", method: .get, headers: bearer(scoped)) { response in
                #expect(response.status == .ok || response.status == .notFound, "\(response.text)")
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(features.count < all)
                var scopedTips = 0, sameBorders = 0
                var seen = Set<String>()
                for f in features {
                    let p = f["properties"] as? [String: Any] ?? [:]
                    #expect(p["code_a"] as? String == fixture.scopedCommune || p["code_b"] as? String == fixture.scopedCommune, "\(p)")
                    let key = "\(p["code_a"]!)|\(p["code_b"]!)"
                    scopedTips += p["tips"] as? Int ?? 0
                    if seen.insert(key).inserted { sameBorders += unscoped[key] ?? 0 }
                }
                // Only the commune's own tips are counted, not the neighbours' across the border.
                #expect(scopedTips < sameBorders, "scoped \(scopedTips) vs both sides \(sameBorders)")
            }
        }
    }
}

@Suite("Exact positions in analyses are audited")
struct AnalysisAuditTests {
    @Test("coverage gaps and camera sites on tips are written to the access log on every serving")
    func audited() async throws {
        let fixture = try CameraEndpointTests.fixture()
        try await fixture.test { client in
            for uri in ["/coverage/gaps", "/coverage/gaps", "/cameras/suggest?candidates=tips&count=2"] {
                try await client.execute(uri: uri, method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .ok, "\(uri): \($0.text)") }
            }
        }
        try fixture.server.accessLog.flush()
        let actions = try fixture.server.accessLog.recent(limit: 50).map(\.action)
        #expect(actions.filter { $0 == "coverage.gaps" }.count == 2)
        #expect(actions.contains("cameras.suggest.tips"))
    }
}

@Suite("Collection extents follow the token's scope")
struct ScopedExtentTests {
    @Test("a commune-scoped analyst sees the extent of its commune's tips, not of every tip")
    func tipsExtent() async throws {
        let fixture = try ServerFixture(tips: 3_000)
        @Sendable func bbox(_ object: [String: Any]) -> [Double] {
            (((object["extent"] as? [String: Any])?["spatial"] as? [String: Any])?["bbox"] as? [[Double]])?.first ?? []
        }
        try await fixture.test { client in
            let all = try await client.execute(uri: "/collections/tips", method: .get, headers: bearer(fixture.analyst)) { bbox($0.object) }
            let scoped = try await client.execute(uri: "/collections/tips", method: .get, headers: bearer(fixture.scopedAnalyst)) { bbox($0.object) }
            #expect(all.count == 4 && scoped.count == 4)
            #expect(scoped != all)
            let commune = try #require(RegionStore(database: fixture.database).region(level: .commune, code: fixture.scopedCommune)?.boundingBox)
            #expect(scoped[0] >= commune[0] - 1e-9 && scoped[1] >= commune[1] - 1e-9 && scoped[2] <= commune[2] + 1e-9 && scoped[3] <= commune[3] + 1e-9)
        }
    }
}
