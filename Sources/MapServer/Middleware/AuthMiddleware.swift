import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer <token>` to a ``Principal``. No header: anonymous
/// (public role). A header with an unknown, revoked or expired token: 401 — a client that
/// sends a token expects it to count, so it is never silently downgraded to public. A tip
/// reader gets 503 while the access log is backlogged (``AccessLog/isBacklogged``).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator
    /// Audits exact-tip reads; while it is backlogged, tip readers get 503.
    let accessLog: AccessLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError(status: .unauthorized, code: "Unauthorized", description: "Authorization must be 'Bearer <token>'")
            }
            let secret = String(parts[1]).trimmingCharacters(in: .whitespaces)
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
