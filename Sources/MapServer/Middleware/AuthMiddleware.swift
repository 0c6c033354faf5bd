import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// Resolves the caller's token to a ``Principal``. The token arrives the ways GIS clients can
/// send one (docs/http-api.md, "Connecting clients"): `Authorization: Bearer <token>`,
/// `Authorization: Basic` with the token as the password (QGIS 3.22's authcfg Basic, GDAL's
/// `GDAL_HTTP_USERPWD`, OWSLib), or `X-Esri-Authorization: Bearer <token>` (ArcGIS Pro) —
/// never a query parameter, which would end up in logs and histories. All three go through
/// the same lookup, expiry, revocation and audit. No credentials: anonymous (public role).
/// Unknown, revoked or expired tokens: 401 — a client that sends a token expects it to count,
/// so it is never silently downgraded to public. A tip reader gets 503 while the access log is
/// backlogged (``AccessLog/isBacklogged``).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator
    /// Audits exact-tip reads; while it is backlogged, tip readers get 503.
    let accessLog: AccessLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let secret = try Self.secret(in: request.headers) {
            guard let token = try await authenticator.principal(secret: secret) else { throw APIError.unauthorized }
            context.principal = token
            // Exact tips are served only while their reads can be audited: fail closed.
            if token.role.readsTips, accessLog.isBacklogged {
                throw APIError(status: .serviceUnavailable, code: "ServiceUnavailable",
                               description: "the access log cannot be written at the moment; try again shortly", retryAfter: 5)
            }
        }
        return try await next(request, context)
    }

    static let esriAuthorization = HTTPField.Name("X-Esri-Authorization")!

    /// The token a request carries, or nil for none; a malformed header is a 401 that says
    /// which forms are accepted.
    static func secret(in headers: HTTPFields) throws -> String? {
        let header: String
        if let authorization = headers[.authorization] { header = authorization }
        else if let esri = headers[esriAuthorization] { header = esri }
        else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        let malformed = APIError(status: .unauthorized, code: "Unauthorized",
                                 description: "send the token as 'Authorization: Bearer <token>', as the password of 'Authorization: Basic', or as 'X-Esri-Authorization: Bearer <token>'")
        guard parts.count == 2 else { throw malformed }
        let value = String(parts[1]).trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            return value
        case "basic" where headers[.authorization] != nil:
            // user:token (the user name is ignored); token: or token alone from clients that
            // put the token in the user field.
            guard value.utf8.count <= 512, let data = Data(base64Encoded: value), let pair = String(data: data, encoding: .utf8) else { throw malformed }
            let fields = pair.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let password = fields.count == 2 ? fields[1] : ""
            return password.isEmpty ? fields[0] : password
        default:
            throw malformed
        }
    }
}

/// Token lookups with a short cache (10 s), so each request does not hit SQLite; a revoked
/// token stops working within that time. Only tokens that exist are cached: a script
/// spraying invalid tokens cannot fill the cache and push real ones out (malformed secrets
/// are refused before any lookup, well-formed unknown ones cost one indexed read each).
final class Authenticator: Sendable {
    private let tokens: TokenStore
    /// At most 10,000 secrets, each trusted for 10 s.
    private let cache = LRUCache<String, Principal>(capacity: 10_000, expiry: .seconds(10))

    init(database: GeoDatabase) { self.tokens = TokenStore(database: database) }

    func principal(secret: String) async throws -> Principal? {
        // Keyed by the secret itself: hashing it per request would cost more than the lookup.
        if let cached = cache.value(for: secret) { return cached }
        guard secret.hasPrefix("gi_"), secret.utf8.count == 67 else { return nil }
        let tokens = self.tokens
        let principal = try await blocking { try tokens.authenticate(secret: secret)?.principal }
        if let principal { cache.store(principal, for: secret) }
        return principal
    }

    /// Secrets cached now (tests).
    var cachedCount: Int { cache.count }
}
