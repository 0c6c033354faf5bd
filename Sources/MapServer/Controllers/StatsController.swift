import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// `GET /stats`: counts by unit × category × channel × week, as `geoq stats`, for analysts and
/// commanders. The public and intake tokens get the published monthly tables instead
/// (``PublicStats``, docs/privacy.md).
struct StatsController: RouteController {
    let server: ServerContext
    static let parameters: Set<String> = [
        "by", "columns", "since", "until", "datetime", "category", "channel", "status", "province", "commune", "neighbourhood", "bbox", "f", "period", "unit",
    ]

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/stats") { request, context in
            if context.principal.role.suppressesSmallCounts {
                let query = try QueryParameters(request, allowed: Self.parameters)
                try PublicAnswers.rejectPrivateParameters(query, allowed: PublicStats.parameters, what: "public statistics come from fixed monthly tables")
                let view = server.publicView
                return try await PublicAnswers.cached(request, server: server, contentType: Responses.json) { release in
                    try PublicStats.document(query, view: view, release: release)
                }
            }
            let query = try QueryParameters(request, allowed: Self.parameters.subtracting(["period"]))
            let filter = try query.analysisFilter(principal: context.principal, crossing: "statistics cannot take a bbox crossing the antimeridian")
            try await server.catchUpIncidents(for: filter)
            let by = try query.list("by").map { text -> StatsDimension in
                guard let d = StatsDimension(rawValue: text) else {
                    throw APIError.badRequest("'by' must be among \(StatsDimension.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
                }
                return d
            }
            let columns = try query.choice("columns", StatsColumns.self) ?? .group
            let dimensions = by.isEmpty ? [StatsDimension.commune] : by
            let server = self.server
            let frozen = filter
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.json) {
                let table = try server.analysisInput.crosstab(by: dimensions, columns: columns, filter: frozen)
                func count(_ n: Int) -> JSONValue { .number(Double(n)) }
                let rows: [JSONValue] = table.rows.map { row in
                    var keys: [String: JSONValue] = [:], names: [String: JSONValue] = [:], counts: [String: JSONValue] = [:]
                    for (i, d) in table.dimensions.enumerated() {
                        keys[d.rawValue] = row.keys[i].map(JSONValue.string) ?? .null
                        if d.level != nil { names[d.rawValue] = row.names[i].map(JSONValue.string) ?? .null }
                    }
                    for (i, c) in table.columns.enumerated() { counts[c] = count(row.counts[i]) }
                    let suppressed = false
                    return .object(["keys": .object(keys), "names": .object(names), "counts": .object(counts), "total": count(row.total), "suppressed": .bool(suppressed)])
                }
                var totals: [String: JSONValue] = [:]
                for (i, c) in table.columns.enumerated() { totals[c] = .number(Double(table.totals[i])) }
                totals["total"] = .number(Double(table.totals.last ?? 0))
                return GeoJSONWriter.json(.object([
                    "dimensions": .array(table.dimensions.map { .string($0.rawValue) }), "columns": .array(table.columns.map(JSONValue.string)),
                    "rows": .array(rows), "totals": .object(totals), "suppressedBelow": .number(0),
                ]))
            }
        }
    }
}
