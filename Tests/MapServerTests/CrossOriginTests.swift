import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 21: web maps on another origin (CORS with preflight), OPTIONS and HEAD on every route.
@Suite("Cross-origin, OPTIONS and HEAD")
struct CrossOriginTests {
    static func fixture(_ origins: String) throws -> ServerFixture {
        var fixture = try ServerFixture(tips: 20)
        fixture.server = ServerContext(database: fixture.database, crossOrigin: try CrossOriginPolicy.parse(origins))
        return fixture
    }

    @Test("a listed origin gets its preflight and its answers marked; another origin gets nothing; a token still decides what is read")
    func listedOrigins() async throws {
        let fixture = try Self.fixture("https://map.example.vn, http://localhost:5173")
        try await fixture.test { client in
            let preflight: HTTPFields = [.origin: "https://map.example.vn", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "authorization"]
            try await client.execute(uri: "/collections/tips/items", method: .options, headers: preflight) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://map.example.vn")
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
                #expect(response.headers[.accessControlAllowMethods]?.contains("GET") == true && response.headers[.accessControlAllowCredentials] == nil)
            }
            var other = preflight
            other[.origin] = "https://evil.example"
            try await client.execute(uri: "/collections/tips/items", method: .options, headers: other) { response in
                #expect(response.status == .noContent && response.headers[.accessControlAllowOrigin] == nil)
            }
            var get = bearer(fixture.analyst)
            get[.origin] = "http://localhost:5173"
            try await client.execute(uri: "/collections/tips/items?limit=2", method: .get, headers: get) { response in
                #expect(response.status == .ok && response.headers[.accessControlAllowOrigin] == "http://localhost:5173")
                #expect(response.headers[values: .vary].contains("Origin"))
            }
            try await client.execute(uri: "/collections/tips/items", method: .get, headers: [.origin: "http://localhost:5173"]) { response in
                #expect(response.status == .unauthorized && response.headers[.accessControlAllowOrigin] == "http://localhost:5173")
            }
        }
        #expect(throws: ServerConfiguration.Problem.self) { try CrossOriginPolicy.parse("https://a.vn/path") }
        #expect(throws: ServerConfiguration.Problem.self) { try CrossOriginPolicy.parse("javascript:alert(1)") }
    }

    @Test("without a policy no CORS header is sent; OPTIONS answers 204 with Allow; HEAD answers every GET with its headers and no body")
    func methods() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            try await client.execute(uri: "/collections", method: .get, headers: [.origin: "https://map.example.vn"]) { response in
                #expect(response.status == .ok && response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/collections/communes/items", method: .options) { response in
                #expect(response.status == .noContent && response.headers[.allow]?.contains("HEAD") == true)
            }
            for uri in ["/collections", "/collections/communes/items?limit=3", "/tiles/communes/10/816/482.mvt", "/api", "/map", "/desk"] {
                let get = try await client.execute(uri: uri, method: .get) { ($0.status, $0.headers[.contentType], $0.body.readableBytes) }
                try await client.execute(uri: uri, method: .head) { response in
                    #expect(response.status == get.0, "\(uri)")
                    #expect(response.headers[.contentType] == get.1 && response.body.readableBytes == 0, "\(uri)")
                    #expect(response.headers[.contentLength] == nil || response.headers[.contentLength] == String(get.2), "\(uri)")
                }
            }
            try await client.execute(uri: "/collections/tips/items", method: .head) { #expect($0.status == .unauthorized && $0.body.readableBytes == 0) }
            // Allow names exactly the methods the path takes (from the OpenAPI document).
            try await client.execute(uri: "/tips", method: .options) { #expect($0.status == .noContent && $0.headers[.allow] == "POST, OPTIONS") }
            try await client.execute(uri: "/tips/7", method: .options) { #expect($0.headers[.allow] == "PATCH, OPTIONS") }
            try await client.execute(uri: "/tiles/tips/3/1/2.mvt", method: .options) { #expect($0.headers[.allow] == "GET, HEAD, OPTIONS") }
            try await client.execute(uri: "/no/such/route", method: .options) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/collections", method: .delete) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, HEAD, OPTIONS")
            }
            try await client.execute(uri: "/tips", method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .methodNotAllowed) }
            // An unknown output format is a 400, not JSON anyway.
            try await client.execute(uri: "/collections?f=xml", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/collections?f=json", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/no/such/route", method: .head) { #expect($0.status == .notFound) }
        }
    }
}
