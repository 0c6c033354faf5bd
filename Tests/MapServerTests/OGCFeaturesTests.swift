import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

@Suite("OGC API - Features")
struct OGCFeaturesTests {
    @Test("landing page, conformance and the OpenAPI document")
    func landing() async throws {
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let rels = (response.object["links"] as? [[String: Any]] ?? []).compactMap { $0["rel"] as? String }
                #expect(Set(rels).isSuperset(of: ["self", "service-desc", "conformance", "data"]))
            }
            try await client.execute(uri: "/conformance", method: .get) { response in
                let classes = response.object["conformsTo"] as? [String] ?? []
                #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"))
                #expect(classes.contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"))
            }
            try await client.execute(uri: "/api", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/vnd.oai.openapi+json") == true)
                #expect(response.object["openapi"] as? String == "3.0.3")
            }
        }
    }

    @Test("the OpenAPI document is well formed and describes exactly the served endpoints")
    func openAPI() async throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operationIDs = Set<String>()
        for (path, methods) in paths {
            // Every {name} of the template, also inside a segment such as {y}.mvt.
            let placeholders = path.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) }
            for (method, value) in methods {
                let operation = try #require(value as? [String: Any], "\(method) \(path)")
                let id = try #require(operation["operationId"] as? String)
                #expect(operationIDs.insert(id).inserted, "duplicate operationId \(id)")
                let responses = try #require(operation["responses"] as? [String: Any])
                #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(method) \(path) has no success response")
                let parameters = operation["parameters"] as? [[String: Any]] ?? []
                let pathParameters = parameters.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String }
                #expect(Set(pathParameters) == Set(placeholders), "\(method) \(path) path parameters")
                for p in parameters {
                    #expect(["query", "path", "header"].contains(p["in"] as? String ?? ""))
                    #expect(p["schema"] != nil)
                }
            }
        }
        #expect(OpenAPIDocument.operations == [
            "GET /", "GET /api", "GET /borders", "GET /cameras/suggest", "GET /clusters", "GET /collections",
            "GET /collections/cameras/items", "GET /collections/cameras/items/{featureId}", "GET /collections/communes/items", "GET /collections/communes/items/{featureId}", "GET /collections/incidents/items", "GET /collections/incidents/items/{featureId}",
            "GET /collections/neighbourhoods/items", "GET /collections/neighbourhoods/items/{featureId}", "GET /collections/provinces/items",
            "GET /collections/provinces/items/{featureId}", "GET /collections/tips/items", "GET /collections/tips/items/{featureId}",
            "GET /collections/{collectionId}", "GET /collections/{collectionId}/queryables", "GET /conformance", "GET /coverage", "GET /coverage/gaps", "GET /desk", "GET /fonts/{fontstack}/{range}", "GET /health", "GET /hotspots", "GET /incidents/{id}", "GET /map", "GET /metrics",
            "GET /packages", "GET /packages/{name}/{z}/{x}/{y}.mvt", "GET /patrol-needs", "GET /places", "GET /stats", "GET /styles/map.json", "GET /tileMatrixSets", "GET /tileMatrixSets/WebMercatorQuad", "GET /tiles", "GET /tiles/{layer}",
            "GET /tiles/{layer}/metadata.json", "GET /tiles/{layer}/tilejson.json", "GET /tiles/{layer}/{z}/{x}/{y}.mvt", "GET /tips/unresolved",
            "GET /tips/{id}/attachments", "PATCH /incidents/{id}", "PATCH /tips/unresolved/{id}", "PATCH /tips/{id}", "POST /intake/zalo", "POST /locate", "POST /tips",
        ])
        // Every documented GET answers (not 404) on the router.
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            for path in ["/", "/api", "/collections", "/collections/communes", "/collections/communes/items", "/collections/communes/items/99001", "/collections/communes/queryables",
                         "/conformance", "/health", "/hotspots", "/metrics", "/stats", "/borders", "/desk"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .ok, "\(path)") }
            }
            for path in ["/clusters", "/patrol-needs"] {
                try await client.execute(uri: path, method: .get, headers: bearer(fixture.commander)) { #expect($0.status == .ok, "\(path)") }
            }
        }
    }

    @Test("collections by role; items page with keyset next links until every feature is read once")
    func paging() async throws {
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            try await client.execute(uri: "/collections", method: .get) { response in
                let ids = (response.object["collections"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == ["provinces", "communes", "neighbourhoods"])
            }
            try await client.execute(uri: "/collections", method: .get, headers: bearer(fixture.analyst)) { response in
                let ids = (response.object["collections"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.contains("tips"))
            }
            var next: String? = "/collections/neighbourhoods/items?limit=25"
            var seen: [String] = []
            while let uri = next {
                next = try await client.execute(uri: uri, method: .get) { response -> String? in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/geo+json")
                    let object = response.object
                    #expect(object["numberMatched"] as? Int == 122)
                    let features = object["features"] as? [[String: Any]] ?? []
                    #expect(object["numberReturned"] as? Int == features.count)
                    seen += features.compactMap { $0["id"] as? String }
                    let link = (object["links"] as? [[String: Any]] ?? []).first { $0["rel"] as? String == "next" }?["href"] as? String
                    return link.map { URL(string: $0)!.path + "?" + (URL(string: $0)!.query ?? "") }
                }
            }
            #expect(seen.count == 122)
            #expect(Set(seen).count == 122)
            try await client.execute(uri: "/collections/communes/items?bbox=108.85,11.55,108.95,11.65", method: .get) { response in
                let matched = response.object["numberMatched"] as? Int ?? 0
                #expect(matched > 0 && matched < 20)
            }
            try await client.execute(uri: "/collections/communes/items/99001", method: .get) { response in
                #expect(response.object["id"] as? String == "99001")
                #expect((response.object["properties"] as? [String: Any])?["name"] as? String == "Khánh Hải")
            }
        }
    }

    @Test("bad requests are JSON errors with the right status", arguments: [
        ("/collections/communes/items?bbox=109,11.5,108,12", 200),  // crosses the antimeridian: allowed
        ("/collections/communes/items?bbox=108,12,109,11", 400),  // minLat > maxLat
        ("/collections/communes/items?bbox=108,11,109,91", 400),  // latitude 91
        ("/collections/communes/items?bbox=108,11,109", 400),
        ("/collections/communes/items?bbox=108,11,0,109,12,100", 400),
        ("/collections/communes/items?limit=1000000000", 200),  // clamped to the maximum, as the standard says
        ("/collections/communes/items?limit=99999999999999999999999", 200),
        ("/collections/communes/items?limit=0", 400),
        ("/collections/communes/items?limit=-1", 400),
        ("/collections/communes/items?limit=1e3", 400),
        ("/collections/communes/items?datetime=2025-01-01T00:00:00Z/..", 200),  // units have no time: all of them
        ("/collections/communes/items?datetime=yesterday", 400),
        ("/collections/communes/items?colour=red", 400),
        ("/collections/rivers/items", 404),
        ("/collections/communes/items/00000", 404),
        ("/collections/tips/items", 401),
        ("/hotspots?datetime=2025-03-01T00:00:00Z/2025-02-01T00:00:00Z", 400),
        ("/hotspots?datetime=yesterday", 400),
        ("/hotspots?cell=-5", 400),
        ("/hotspots?cell=abc", 400),
        ("/hotspots?category=arson", 400),
        ("/hotspots?cell=10", 400),  // under the public minimum
        ("/stats?by=planet", 400),
        ("/no/such/path", 404),
    ])
    func badRequests(uri: String, status: Int) async throws {
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status.code == status, "\(uri): \(response.text)")
                if status >= 400 {
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(response.object["code"] is String && response.object["description"] is String, "\(uri): \(response.text)")
                }
            }
        }
    }
}

@Suite("OGC strictness (issue 21)")
struct OGCStrictnessTests {
    @Test("a hotspot selection with no tips is an empty FeatureCollection with a note, not a 404")
    func emptyHotspots() async throws {
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            for uri in ["/hotspots?datetime=2001-01-01T00:00:00Z/2001-02-01T00:00:00Z", "/hotspots?datetime=2001-01-01T00:00:00Z/2001-02-01T00:00:00Z&cells=nonempty"] {
                try await client.execute(uri: uri, method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .ok, "\(uri): \(response.text)")
                    #expect(response.object["type"] as? String == "FeatureCollection")
                    #expect((response.object["features"] as? [Any])?.isEmpty == true)
                    if uri.hasSuffix("nonempty") { #expect((response.object["notes"] as? [String])?.first?.contains("no tips") == true, "\(response.text)") }
                }
            }
        }
    }

    @Test("queryables (Part 3): a JSON Schema per collection, declared in /conformance and linked from the collection; tips' need a token")
    func queryables() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            try await client.execute(uri: "/collections/tips/queryables", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/schema+json")
                let properties = response.object["properties"] as? [String: Any]
                #expect(Set(properties?.keys.map { $0 } ?? []) == ["category", "channel", "status", "reported_at", "commune_code", "province_code", "neighbourhood_code"])
                #expect(((properties?["category"] as? [String: Any])?["enum"] as? [String])?.contains("criminal") == true)
            }
            try await client.execute(uri: "/collections/tips/queryables", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/collections/communes/queryables", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/collections/rivers/queryables", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/conformance", method: .get) { response in
                #expect((response.object["conformsTo"] as? [String])?.contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables") == true)
            }
            try await client.execute(uri: "/collections/communes", method: .get) { response in
                let rels = (response.object["links"] as? [[String: Any]] ?? []).compactMap { $0["rel"] as? String }
                #expect(rels.contains("http://www.opengis.net/def/rel/ogc/1.0/queryables"))
            }
        }
    }

    @Test("patrol needs with no tips near the borders: an empty FeatureCollection with a note (the web map shows it as empty, not as an error)")
    func emptyPatrolNeeds() async throws {
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            try await client.execute(uri: "/patrol-needs?since=2001-01-01&until=2001-02-01", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.status == .ok, "\(response.text)")
                #expect((response.object["features"] as? [Any])?.isEmpty == true && (response.object["notes"] as? [String])?.first?.contains("no tips") == true)
            }
        }
    }

    @Test("limit above the maximum is clamped; datetime on collections without time selects everything")
    func clampAndDatetime() async throws {
        let fixture = try ServerFixture(tips: 50)
        try await fixture.test { client in
            try await client.execute(uri: "/collections/communes/items?limit=50000", method: .get) { response in
                #expect(response.status == .ok && response.object["numberReturned"] as? Int == 20)
            }
            try await client.execute(uri: "/collections/tips/items?limit=99999", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok && response.object["numberReturned"] as? Int == 50)
            }
            try await client.execute(uri: "/collections/communes/items?datetime=2025-01-01T00:00:00Z", method: .get) { response in
                #expect(response.status == .ok && response.object["numberReturned"] as? Int == 20)
            }
            // One geometry type per unit layer (GDAL and QGIS type the layer by it): MultiPolygon.
            for collection in ["provinces", "communes", "neighbourhoods"] {
                try await client.execute(uri: "/collections/\(collection)/items?limit=1000", method: .get) { response in
                    let types = Set((response.object["features"] as? [[String: Any]] ?? []).compactMap { ($0["geometry"] as? [String: Any])?["type"] as? String })
                    #expect(types == ["MultiPolygon"], "\(collection): \(types)")
                }
            }
        }
    }
}
