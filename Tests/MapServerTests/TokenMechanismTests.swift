import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 21: the token reaches MapServer the ways GIS clients can send one — Bearer, HTTP
/// Basic with the token as the password (QGIS 3.22 authcfg, GDAL, OWSLib), the ESRI header
/// (ArcGIS Pro) — with one lookup, expiry, revocation and audit; never a query parameter.
@Suite("Tokens from real clients")
struct TokenMechanismTests {
    static func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test("Basic (token as password, or as user with no password), X-Esri-Authorization and Bearer open the tips; each read is audited under the token")
    func mechanisms() async throws {
        let fixture = try ServerFixture(tips: 20)
        let esri: HTTPFields = [AuthMiddleware.esriAuthorization: "Bearer \(fixture.analyst)"]
        try await fixture.test { client in
            for headers in [bearer(fixture.analyst), Self.basic("qgis", fixture.analyst), Self.basic(fixture.analyst, ""), esri] {
                try await client.execute(uri: "/collections/tips/items?limit=5", method: .get, headers: headers) { response in
                    #expect(response.status == .ok, "\(headers): \(response.text.prefix(120))")
                    #expect((response.object["features"] as? [Any])?.count == 5)
                }
            }
        }
        try fixture.server.accessLog.flush()
        let reads = try fixture.server.accessLog.recent().filter { $0.action.hasPrefix("tips.") }
        #expect(reads.count == 4 && reads.allSatisfy { $0.role == .analyst && $0.tokenID != nil })
    }

    @Test("wrong, revoked or malformed credentials are 401 whatever the mechanism; a token in the query string is not a token")
    func refusals() async throws {
        let fixture = try ServerFixture(tips: 10)
        let tokens = TokenStore(database: fixture.database)
        let (revoked, token) = try tokens.create(role: .analyst)
        try tokens.revoke(id: token.id)
        try await fixture.test { client in
            for headers: HTTPFields in [Self.basic("qgis", revoked), Self.basic("qgis", "gi_" + String(repeating: "0", count: 64)),
                                        [.authorization: "Basic !!!not-base64!!!"], [.authorization: "Basic"], [.authorization: "Digest abc"],
                                        [.authorization: "Basic " + String(repeating: "QUFB", count: 1_000)],
                                        [AuthMiddleware.esriAuthorization: "Bearer \(revoked)"], [AuthMiddleware.esriAuthorization: "Basic abc"],
                                        [.authorization: "Basic " + Data([0xff, 0xfe, 0x3a, 0x41]).base64EncodedString()]] {
                try await client.execute(uri: "/collections/tips/items", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(headers)")
                    #expect(response.headers[.wwwAuthenticate] != nil)
                }
            }
            try await client.execute(uri: "/collections/tips/items?token=\(fixture.analyst)", method: .get) { #expect($0.status != .ok) }
        }
    }
}
