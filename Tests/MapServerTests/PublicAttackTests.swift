import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// An attacker without a token, with scripts: the requests of the attacks that used to
/// locate a tip (issue 15), and the checks that they now learn nothing (docs/privacy.md).
@Suite("Public endpoints against an attacker")
struct PublicAttackTests {
    static let months = (1...6).map { "2025-0\($0)" }

    @Test("parameters that bisect space, time, units or categories are refused for the public", arguments: [
        "/stats?bbox=108.9,11.5,109.0,11.6", "/stats?datetime=2025-03-01T00:00:00Z/2025-03-02T00:00:00Z", "/stats?since=2025-03-01",
        "/stats?category=criminal", "/stats?status=received", "/stats?channel=hotline", "/stats?by=neighbourhood", "/stats?by=week",
        "/stats?columns=category", "/stats?neighbourhood=9900101", "/stats?period=2099-01", "/stats?period=2025-13", "/stats?period=2025-01/2025-03",
        "/hotspots?cell=100", "/hotspots?crs=%2Bproj=merc%20%2Bunits=mm", "/hotspots?method=kde", "/hotspots?datetime=2025-03-01T00:00:00Z",
        "/hotspots?category=criminal", "/hotspots?cells=nonempty", "/hotspots?period=2025-01/2025-02", "/hotspots?commune=99001",
        "/hotspots?period=1900-01", "/stats?period=0001-01/2025-01",
    ])
    func refused(uri: String) async throws {
        let fixture = try ServerFixture(tips: 100)
        try await fixture.test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest, "\(uri): \(response.text)")
                #expect(response.object["description"] is String)
            }
        }
    }

    @Test("no row or column of a public table hides exactly one cell, and every published count is at least k")
    func marginsRevealNothing() async throws {
        let fixture = try ServerFixture(tips: 600)
        try await fixture.test { client in
            for month in Self.months {
                for (uri, parentLevel) in [("/stats?by=commune&province=99&period=\(month)", "province"), ("/stats?by=province&period=\(month)", "nation")] {
                    try await client.execute(uri: uri, method: .get) { response in
                        #expect(response.status == .ok, "\(uri): \(response.text)")
                        let rows = response.object["rows"] as? [[String: Any]] ?? []
                        let totals = response.object["totals"] as? [String: Any] ?? [:]
                        #expect(!rows.isEmpty)
                        let columns = ["political_security", "criminal", "social_evil", "other"]
                        for row in rows {
                            let counts = row["counts"] as? [String: Any] ?? [:]
                            let cells = columns.map { counts[$0] as? Int } + [row["total"] as? Int]
                            #expect(cells.filter { $0 == nil }.count != 1, "\(uri) row \(row) hides one cell")
                            for case let n? in cells { #expect(n >= 3) }
                        }
                        for column in columns + ["total"] {
                            let parts = rows.map { column == "total" ? $0["total"] as? Int : ($0["counts"] as? [String: Any])?[column] as? Int }
                            let whole = totals[column] as? Int
                            #expect((parts + [whole]).filter { $0 == nil }.count != 1, "\(uri) column \(column) of the \(parentLevel) hides one cell")
                            if let whole, parts.allSatisfy({ $0 != nil }) { #expect(parts.reduce(0) { $0 + $1! } == whole) }
                        }
                    }
                }
            }
        }
    }

    @Test("a new tip, even one dated in a published month, changes no public answer, ETag, health or metrics")
    func watchingLearnsNothing() async throws {
        let fixture = try ServerFixture(tips: 300)
        let watched = ["/stats", "/stats?by=commune&period=2025-03", "/hotspots", "/hotspots?period=2025-03", "/tiles/tips/14/13152/7662.mvt",
                       "/tiles/hotspots/14/13152/7662.mvt", "/tiles/tips/10/822/478.mvt", "/health"]
        try await fixture.test { client in
            var before: [String: (String, String?)] = [:]
            for uri in watched {
                try await client.execute(uri: uri, method: .get) { before[uri] = ($0.text, $0.headers[.eTag]); #expect($0.status == .ok, "\(uri)") }
            }
            for reported in ["2025-03-10T20:00:00+07:00", Timestamp.now().iso8601] {
                try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                         body: json(#"{"lon": 108.95, "lat": 11.58, "category": "criminal", "reported_at": "\#(reported)"}"#)) {
                    #expect($0.status == .created, "\($0.text)")
                }
            }
            for uri in watched {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.text == before[uri]?.0, "\(uri) changed after a write")
                    #expect(response.headers[.eTag] == before[uri]?.1, "\(uri) ETag changed after a write")
                }
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.object["dataVersion"] == nil) }
            try await client.execute(uri: "/metrics", method: .get) { #expect(!$0.text.contains("geoincidents_tips_stored") && !$0.text.contains("geoincidents_data_version")) }
            try await client.execute(uri: "/metrics", method: .get, headers: bearer(fixture.analyst)) { #expect($0.text.contains("geoincidents_tips_stored 302")) }
        }
    }

    @Test("no public geometry is finer than a 500 m cell, and bbox only selects the same cells")
    func noFineGeometry() async throws {
        let fixture = try ServerFixture(tips: 600)
        try await fixture.test { client in
            var byCell: [String: NSDictionary] = [:]
            try await client.execute(uri: "/hotspots?period=2025-02&limit=100000", method: .get) { response in
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(!features.isEmpty)
                for f in features {
                    let ring = ((f["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first ?? []
                    let lons = ring.map { $0[0] }, lats = ring.map { $0[1] }
                    let width = (lons.max()! - lons.min()!) * 111_320 * cos(lats[0] * .pi / 180), height = (lats.max()! - lats.min()!) * 110_570
                    #expect(width > 480 && height > 480, "a public cell of \(width) × \(height) m")
                    let p = f["properties"] as? [String: Any] ?? [:]
                    if let n = p["count"] as? Int { #expect(n >= 3) } else { #expect(p["withheld"] as? Bool == true) }
                    #expect(p["density_km2"] == nil)
                    byCell["\(p["ix"]!),\(p["iy"]!)"] = p as NSDictionary
                }
            }
            // Two overlapping boxes: every cell comes back with the same numbers as in the whole map.
            for box in ["108.90,11.50,108.97,11.62", "108.95,11.55,109.02,11.66"] {
                try await client.execute(uri: "/hotspots?period=2025-02&limit=100000&bbox=\(box)", method: .get) { response in
                    for f in response.object["features"] as? [[String: Any]] ?? [] {
                        let p = f["properties"] as? [String: Any] ?? [:]
                        #expect(byCell["\(p["ix"]!),\(p["iy"]!)"] == p as NSDictionary)
                    }
                }
            }
        }
    }

    @Test("requests that used to trap the process answer 4xx or 200", arguments: [
        ("/collections/tips/items/-9223372036854775808", 404), ("/collections/tips/items/9223372036854775807", 404),
        ("/clusters?eps=1e-14", 400), ("/clusters?eps=1e300", 400), ("/clusters?min_points=100000", 400),
        ("/hotspots?cell=100&cells=nonempty&crs=%2Bproj=merc%20%2Bdatum=WGS84%20%2Bto_meter=1e-6%20%2Btype=crs", 400),
        ("/hotspots?crs=EPSG:4326", 400), ("/hotspots?crs=EPSG:2227", 400), ("/clusters?border_distance=0", 200),
        ("/hotspots?method=count&cells=nonempty&datetime=2025-01-01T00:00:00Z/2025-01-03T00:00:00Z", 0),
        ("/hotspots?method=gistar&cells=nonempty&datetime=2025-01-01T00:00:00Z/2025-01-03T00:00:00Z", 0),
        ("/hotspots?method=kde&cell=100&bandwidth=20000", 400), ("/hotspots?limit=5000000", 400), ("/hotspots?cell=1", 400),
        ("/hotspots?crs=garbage", 400), ("/hotspots?crs=%2Bproj=merc%20%2Bto_meter=1e-300", 400),
        ("/tiles/tips/40/1/1.mvt", 404), ("/tiles/tips/14/-1/0.mvt", 404), ("/tiles/tips/14/99999999999999999999/0.mvt", 404),
    ])
    func formerTraps(uri: String, status: Int) async throws {
        let fixture = try ServerFixture(tips: 100)
        try await fixture.test { client in
            try await client.execute(uri: uri, method: .get, headers: bearer(fixture.commander)) { response in
                // 0: any answer but a server error (a trap would end the test process).
                if status == 0 { #expect(response.status.code < 500, "\(uri): \(response.text)") } else {
                    #expect(response.status.code == status, "\(uri): \(response.text)")
                }
            }
            try await client.execute(uri: "/tips/-9223372036854775808", method: .patch, headers: bearer(fixture.commander), body: json(#"{"status":"verified"}"#)) {
                #expect($0.status == .notFound)
            }
        }
    }
}
