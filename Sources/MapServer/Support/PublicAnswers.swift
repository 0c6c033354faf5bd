import Foundation
import GeoIncidents
import Hummingbird

/// Serving answers of the public view (``PublicView``): they depend on the current release
/// and the boundaries only, so that is all their cache key and ETag hold — never the data
/// version, which moves with every tip and would tell a watcher when tips arrive.
enum PublicAnswers {
    /// The release and boundary version public answers are keyed by.
    static func stamp(_ server: ServerContext) async throws -> (release: PublicReleases.Release, key: String) {
        let view = server.publicView, regions = server.regions
        return try await blocking {
            let release = try view.release()
            return (release, "public:\(release.number):\(release.through):\(try regions.layerVersion())")
        }
    }

    /// Serves a public GET from the response cache, or makes it with the current release.
    static func cached(_ request: Request, server: ServerContext, contentType: String,
                       make: @escaping @Sendable (PublicReleases.Release) throws -> String) async throws -> Response {
        let (release, stamp) = try await stamp(server)
        // Public bodies hold no host-dependent links: the path and query are the key.
        let key = stamp + "|" + request.uri.description
        let etag = "\"" + String(SHA256.hex(key).prefix(32)) + "\""
        let cacheControl = Responses.cacheControl(.anonymous)
        if let hit = server.responses.value(for: key) {
            return Responses.ok(request, body: hit.body, contentType: hit.contentType, etag: hit.etag, cacheControl: cacheControl)
        }
        let entry = try await server.flights.run(key) {
            let entry = CachedResponse(body: ByteBuffer(string: try await server.work.run { try make(release) }), contentType: contentType, etag: etag)
            server.responses.store(entry, for: key)
            return entry
        }
        return Responses.ok(request, body: entry.body, contentType: contentType, etag: etag, cacheControl: cacheControl)
    }

    /// Rejects every parameter the public view does not take, naming it and saying why.
    static func rejectPrivateParameters(_ query: QueryParameters, allowed: Set<String>, what: String) throws {
        if let name = query.names.subtracting(allowed).sorted().first {
            throw APIError.badRequest("'\(name)' needs an analyst token: \(what) (docs/privacy.md); public parameters are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// How many months back the public view answers.
    static let maximumMonths = 120

    /// `period=YYYY-MM` or `YYYY-MM/YYYY-MM` (inclusive), default the newest published month;
    /// every month must be published.
    static func months(_ query: QueryParameters, release: PublicReleases.Release) throws -> [PublicMonth] {
        guard let text = try query.single("period") else { return [release.through] }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let first = PublicMonth(parts[0]), let last = PublicMonth(parts[parts.count - 1]) else {
            throw APIError.badRequest("'period' must be a month YYYY-MM or a range YYYY-MM/YYYY-MM")
        }
        guard first <= last else { throw APIError.badRequest("'period' \(text) ends before it starts") }
        // The newest 120 months only: each month is a grid to compute, and a script walking
        // back to 1900 must not make the server compute a thousand of them.
        var oldest = release.through
        for _ in 1..<maximumMonths { oldest = oldest.previous }
        guard first >= oldest else {
            throw APIError.badRequest("'period' starts before \(oldest): the public view keeps the newest \(maximumMonths) months")
        }
        guard last <= release.through else {
            throw APIError.badRequest("'period' reaches \(last), which is not published yet: the newest published month is \(release.through)")
        }
        var months: [PublicMonth] = [first]
        while months.last! < last {
            months.append(months.last!.next)
        }
        return months
    }
}
