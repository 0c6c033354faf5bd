import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer <token>` to a ``Principal``. No header: anonymous
/// (public role). A header with an unknown, revoked or expired token: 401 — a client that
/// sends a token expects it to count, so it is never silently downgraded to public.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: Authenticator

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
    private let cache = TTLCache<String, Principal>(seconds: 10)

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
