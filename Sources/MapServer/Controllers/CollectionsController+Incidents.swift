import Foundation
import GeoIncidents
import Hummingbird
import NIOCore

/// The `incidents` collection (issue 19): one feature per incident at its best-located
/// member, analysts and commanders only; a commune-scoped token sees the incidents located
/// in its communes. Pages are keyset by incident id. Exact positions: every page served is
/// an audited read, as tips pages are.
extension CollectionsController {
    func incidentItems(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: ["bbox", "datetime", "limit", "after", "status", "category", "commune", "min_reports", "f"])
        var query = IncidentQuery()
        query.limit = try Self.limit(parameters)
        query.order = .id
        if let (since, until) = try parameters.datetime() { (query.since, query.until) = (since, until) }
        query.boxes = try parameters.bbox() ?? []
        query.statuses = try parameters.choice("status", TipStatus.self).map { [$0] } ?? []
        query.categories = try parameters.choice("category", TipCategory.self).map { [$0] } ?? []
        if let after = try parameters.single("after") {
            guard let id = Int64(after), id >= 0 else { throw APIError.badRequest("'after' must be an incident id from a next link") }
            query.afterID = id
        }
        if let reports = try parameters.single("min_reports") {
            guard let n = Int(reports), n >= 1, n <= 1_000_000 else { throw APIError.badRequest("'min_reports' must be a whole number from 1 to 1000000") }
            query.minimumIndependentReports = n
        }
        let principal = context.principal
        query.communes = try Self.scopedCommunes(parameters, principal: principal)
        query.scope = principal.communes    // a scoped token sees the incidents wholly in its communes
        let links = Links(request)
        let server = self.server
        await server.catchUpIncidents()
        let frozen = query
        let accessLog = server.accessLog
        return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON, audit: { tips in
            accessLog.record(principal, action: "incidents.items", detail: "collection=incidents", tips: tips)
        }) { _ in
            let store = IncidentStore(database: server.database)
            // One incident more than the page says whether a next page exists.
            var fetch = frozen
            fetch.limit += 1
            var page = try store.list(fetch)
            let more = page.count > frozen.limit
            page = Array(page.prefix(frozen.limit))
            var countQuery = frozen
            countQuery.afterID = nil
            let matched = try store.count(countQuery)
            var pageLinks = [links.link(request.uri.description, rel: "self", type: Responses.geoJSON)]
            if more, let last = page.last {
                pageLinks.append(links.link(Self.nextURI(request, after: String(last.id)), rel: "next", type: Responses.geoJSON))
            }
            let text = Self.page(raw: page.map(IncidentFeatures.feature).joined(separator: ","), returned: page.count, matched: matched, links: pageLinks)
            return Responses.Body(bytes: ByteBuffer(string: text), tips: page.count)
        }
    }

    func incidentItem(_ request: Request, context: AppRequestContext, featureID: String) async throws -> Response {
        guard let id = Int64(featureID) else { throw APIError.notFound("no incident with id \(featureID.prefix(40))") }
        let principal = context.principal
        let server = self.server
        await server.catchUpIncidents()
        let (record, within) = try await blocking { () -> (IncidentRecord?, Bool) in
            let store = IncidentStore(database: server.database)
            return (try store.incident(id: id), try store.isWithin(id, communes: principal.communes))
        }
        guard let record, within else { throw APIError.notFound("no incident with id \(id)") }
        server.accessLog.record(principal, action: "incidents.item", detail: "incident \(id)", tips: 1)
        return Responses.ok(request, body: ByteBuffer(string: IncidentFeatures.feature(record)), contentType: Responses.geoJSON, etag: nil,
                            cacheControl: Responses.cacheControl(principal))
    }

    /// The communes a listing covers: the `commune` parameter (within a scoped token's
    /// communes), else the token's scope (empty: everywhere).
    static func scopedCommunes(_ parameters: QueryParameters, principal: Principal) throws -> [String] {
        guard let named = try parameters.single("commune") else { return principal.communes }
        let codes = named.split(separator: ",").map { String($0) }
        guard !codes.isEmpty, codes.count <= 1_000, codes.allSatisfy({ !$0.isEmpty && $0.count <= 16 && $0.allSatisfy(\.isNumber) }) else {
            throw APIError.badRequest("'commune' must be commune codes separated by commas")
        }
        if !principal.communes.isEmpty, let outside = codes.first(where: { !principal.communes.contains($0) }) {
            throw APIError.forbidden("this token reads communes \(principal.communes.joined(separator: ", ")) only, not \(outside)")
        }
        return codes
    }
}
