import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

@Suite("Hotspots, stats, caching, health and metrics")
struct AnalysisEndpointTests {
    @Test("public hotspot grids withhold counts under k; analysts see every count")
    func suppression() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let cells = try await client.execute(uri: "/hotspots?period=2025-03&limit=100000", method: .get) { response -> [[String: Any]] in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "public, max-age=60")
                return (response.object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
            }
            #expect(!cells.isEmpty)
            for p in cells {
                if let count = p["count"] as? Int { #expect(count >= 3) } else { #expect(p["withheld"] as? Bool == true) }
            }
            try await client.execute(uri: "/hotspots?cells=nonempty&limit=100000", method: .get, headers: bearer(fixture.analyst)) { response in
                let properties = (response.object["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
                #expect(properties.allSatisfy { $0["count"] is Int })
                #expect(properties.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 600)
            }
            try await client.execute(uri: "/stats?by=commune&period=2025-03", method: .get) { response in
                let rows = response.object["rows"] as? [[String: Any]] ?? []
                #expect(rows.contains { $0["suppressed"] as? Bool == true })
                #expect(rows.allSatisfy { ($0["total"] as? Int).map { $0 >= 3 } ?? true })
            }
            try await client.execute(uri: "/stats?by=neighbourhood&columns=total", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect((response.object["totals"] as? [String: Any])?["total"] as? Int == 600)
            }
        }
    }

    @Test("ETag and If-None-Match give 304 until the data changes (analysts); public answers keep theirs")
    func etags() async throws {
        let fixture = try ServerFixture(tips: 100)
        try await fixture.test { client in
            let uri = "/hotspots?cell=500&limit=5"
            let etag = try await client.execute(uri: uri, method: .get, headers: bearer(fixture.analyst)) { response -> String in
                #expect(response.status == .ok)
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: uri, method: .get, headers: bearer(fixture.analyst).merging([.ifNoneMatch: etag])) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            // Another role sees another representation: another ETag.
            try await client.execute(uri: uri, method: .get, headers: bearer(fixture.commander)) { #expect($0.headers[.eTag] != etag) }
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(#"{"lon": 108.95, "lat": 11.58, "category": "criminal"}"#)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: uri, method: .get, headers: bearer(fixture.analyst).merging([.ifNoneMatch: etag])) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != etag)
            }
        }
    }

    @Test("health and Prometheus metrics")
    func healthAndMetrics() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.object["status"] as? String == "ok") }
            try await client.execute(uri: "/collections", method: .get) { _ in }
            try await client.execute(uri: "/nope", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains(#"geoincidents_http_requests_total{method="GET",route="/collections",status="200"} 1"#))
                #expect(text.contains(#"geoincidents_http_request_duration_seconds_bucket{route="/collections",le="+Inf"} 1"#))
                #expect(text.contains("geoincidents_tips_stored 20"))
                #expect(text.contains("# TYPE geoincidents_http_request_duration_seconds histogram"))
            }
        }
    }
}
