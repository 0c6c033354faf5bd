import Foundation
import HTTPTypes
import Hummingbird

/// Which web pages on other origins may call MapServer (`--cors-origins`,
/// `MAPSERVER_CORS_ORIGINS`): none (the default), every origin (`*`), or a list. Tokens travel
/// in the `Authorization` header, never in cookies, so credentials mode is never allowed: a
/// page can use a token only if it already holds it, and no page can make a browser send one
/// on its own.
struct CrossOriginPolicy: Sendable, Equatable {
    enum Origins: Sendable, Equatable {
        case none
        case all
        case list([String])
    }

    var origins: Origins = .none

    /// Parses `*`, or origins separated by commas (`https://map.example.vn,http://localhost:5173`).
    static func parse(_ text: String) throws -> CrossOriginPolicy {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return CrossOriginPolicy() }
        if trimmed == "*" { return CrossOriginPolicy(origins: .all) }
        let list = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for origin in list {
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.path.isEmpty, url.query == nil else {
                throw ServerConfiguration.Problem(description: "--cors-origins: '\(origin.prefix(80))' is not an origin such as https://map.example.vn (scheme, host, optional port; no path)")
            }
        }
        return CrossOriginPolicy(origins: .list(list))
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, or nil.
    func allowed(_ origin: String) -> String? {
        switch origins {
        case .none: return nil
        case .all: return "*"
        case .list(let list): return list.contains(origin) ? origin : nil
        }
    }
}

/// CORS for pages on other origins (``CrossOriginPolicy``): preflight `OPTIONS` answered 204
/// with the methods and headers MapServer takes, and the allowed origin on every answer.
struct CrossOriginMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let policy: CrossOriginPolicy

    static let allowedHeaders = "Authorization, X-Esri-Authorization, Content-Type, Accept, Idempotency-Key, If-None-Match"
    static let exposedHeaders = "ETag, Link, Location, Retry-After, Content-Crs"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], policy.origins != .none else { return try await next(request, context) }
        let allowed = policy.allowed(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers: HTTPFields = [.allow: MethodsMiddleware.allowed, .cacheControl: "no-store"]
            if let allowed {
                headers[.accessControlAllowOrigin] = allowed
                headers[.accessControlAllowMethods] = MethodsMiddleware.allowed
                headers[.accessControlAllowHeaders] = Self.allowedHeaders
                headers[.accessControlMaxAge] = "600"
            }
            if case .list = policy.origins { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if let allowed {
            response.headers[.accessControlAllowOrigin] = allowed
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        }
        if case .list = policy.origins { response.headers[values: .vary].append("Origin") }
        return response
    }
}
