import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// A finished response body kept in ``ServerContext/responses``.
struct CachedResponse: Sendable {
    var body: ByteBuffer
    var contentType: String
    var etag: String
    /// Tip features in the body (exact locations): every serving of it is an audited read.
    var tips: Int = 0
}

/// Building responses: media types, ETags, `If-None-Match` → 304, and `Cache-Control` by role.
enum Responses {
    static let geoJSON = "application/geo+json"
    static let json = "application/json"

    /// A strong ETag from the data version, the caller's visibility and the request URI.
    static func etag(version: Int64, principal: Principal, uri: String) -> String {
        "\"" + String(SHA256.hex("\(version)|\(visibility(principal))|\(uri)").prefix(32)) + "\""
    }

    /// What a caller can see: role and commune scope (two callers with the same visibility
    /// may share cached bodies).
    static func visibility(_ principal: Principal) -> String {
        principal.role.rawValue + ":" + principal.communes.sorted().joined(separator: ",")
    }

    /// Public data may sit in shared caches for a minute; anything a token unlocked is
    /// private and revalidated; tipster data is never stored.
    static func cacheControl(_ principal: Principal, sensitive: Bool = false) -> String {
        if sensitive { return "no-store" }
        return principal.role == .public ? "public, max-age=60" : "private, no-cache"
    }

    /// A 200 with `body`, or a 304 when the client's `If-None-Match` has the ETag.
    static func ok(_ request: Request, body: ByteBuffer, contentType: String, etag: String?, cacheControl: String) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: cacheControl]
        if let etag {
            headers[.eTag] = etag
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
                return Response(status: .notModified, headers: headers)
            }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// Serves a GET from the response cache, or computes, caches and serves it. The key holds
    /// the data version, so writes invalidate by construction.
    static func cached(_ request: Request, context: AppRequestContext, server: ServerContext, contentType: String,
                       sensitive: Bool = false, make: @escaping @Sendable () throws -> String) async throws -> Response {
        try await cached(request, context: context, server: server, contentType: contentType, sensitive: sensitive) { _ in
            Body(bytes: ByteBuffer(string: try make()))
        }
    }

    /// A body made for the response cache, and how many tip features it holds.
    struct Body: Sendable {
        var bytes: ByteBuffer
        var tips = 0
    }

    /// As above, handing `make` the data version the response is cached under, and taking
    /// the body as bytes (large pages are written once, straight into their buffer).
    /// `audit` hears the number of tip features each time the body is served, from the
    /// cache or freshly made: a cached page of exact locations is still an audited read.
    static func cached(_ request: Request, context: AppRequestContext, server: ServerContext, contentType: String,
                       sensitive: Bool = false, audit: (@Sendable (_ tips: Int) -> Void)? = nil,
                       make: @escaping @Sendable (_ version: Int64) throws -> Body) async throws -> Response {
        let version = try await server.dataVersion()
        // The host is part of the key: documents carry absolute links built from it.
        let uri = Links(request).base + request.uri.description
        let key = "\(version)|\(visibility(context.principal))|\(uri)"
        let cacheControl = cacheControl(context.principal, sensitive: sensitive)
        if let hit = server.responses.value(for: key) {
            audit?(hit.tips)
            return ok(request, body: hit.body, contentType: hit.contentType, etag: hit.etag, cacheControl: cacheControl)
        }
        let principal = context.principal
        // One computation per key at a time, within the server's work limit (503 beyond it).
        let entry = try await server.flights.run(key) {
            let body = try await server.work.run { try make(version) }
            let entry = CachedResponse(body: body.bytes, contentType: contentType, etag: etag(version: version, principal: principal, uri: uri),
                                       tips: body.tips)
            if !sensitive { server.responses.store(entry, for: key) }
            return entry
        }
        audit?(entry.tips)
        return ok(request, body: entry.body, contentType: contentType, etag: entry.etag, cacheControl: cacheControl)
    }

    /// A JSON document (not cached).
    /// Whether an analysis error means "no tips in this selection": an answer, not a missing
    /// resource (a unit of the scope that does not exist is still a 404).
    static func isEmptySelection(_ error: GeoIncidentsError) -> Bool {
        error.kind == .notFound && (error.message.hasPrefix("no tips") || error.message.hasPrefix("all "))
    }

    /// An empty FeatureCollection that says why it is empty.
    static func emptyFeatureCollection(note: String) -> String {
        GeoJSONWriter.json(.object(["type": .string("FeatureCollection"), "features": .array([]), "numberReturned": .number(0), "notes": .array([.string(note)])]))
    }

    static func document(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:], contentType: String = json) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: GeoJSONWriter.json(value))))
    }
}
