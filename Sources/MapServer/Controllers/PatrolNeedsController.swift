import Foundation
import GeoIncidents
import Hummingbird

/// `GET /patrol-needs`: stretches of shared border ranked by the trouble along them, as
/// GeoJSON lines with the report fields, or the commander's report (`f=html`,
/// `f=markdown`). Commanders only; a commune-scoped token gets its communes' borders.
struct PatrolNeedsController: RouteController {
    let server: ServerContext

    static let parameters: Set<String> = [
        "level", "border_distance", "stretch", "half_life", "days", "eps", "min_points", "limit",
        "since", "until", "datetime", "category", "channel", "status", "province", "commune", "bbox", "f", "unit",
    ]

    enum Format: String, CaseIterable { case geojson, json, html, markdown }

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/patrol-needs") { request, context in
            let principal = context.principal
            guard principal.role == .commander else {
                let need = "patrol needs are for commanders: use a commander token"
                throw APIError.denied(principal, unauthorized: need, forbidden: "the \(principal.role.rawValue) role cannot read patrol needs; " + need)
            }
            let query = try QueryParameters(request, allowed: Self.parameters, formats: Set(Format.allCases.map(\.rawValue)))
            let filter = try query.analysisFilter(principal: principal, crossing: "patrol needs cannot cross the antimeridian")
            var parameters = PatrolParameters()
            parameters.level = try query.choice("level", BordersController.BorderLevel.self) == .province ? .province : .commune
            parameters.borderDistanceMeters = try query.double("border_distance") ?? parameters.borderDistanceMeters
            parameters.clusters.borderDistanceMeters = parameters.borderDistanceMeters
            parameters.stretchMeters = try query.double("stretch") ?? parameters.stretchMeters
            parameters.halfLifeDays = try query.double("half_life") ?? parameters.halfLifeDays
            parameters.windowDays = try query.int("days", range: 1...3_660) ?? parameters.windowDays
            parameters.clusters.epsMeters = try query.double("eps") ?? parameters.clusters.epsMeters
            parameters.clusters.minPoints = try query.int("min_points", range: 1...100_000) ?? parameters.clusters.minPoints
            try CostBudget.clusters(parameters.clusters)
            // A commune-scoped token counts its own communes' tips only.
            parameters.visibleCommunes = principal.communes
            let format = try query.choice("f", Format.self) ?? .geojson
            // Incidents counted, or listed in the report's incidents section: grouped up to now.
            if filter.unit == .incidents || format == .html || format == .markdown { await server.catchUpIncidents() }
            let limit = try query.int("limit", range: 1...100_000)
            let contentType = switch format {
            case .geojson: Responses.geoJSON
            case .json: Responses.json
            case .html: "text/html; charset=utf-8"
            case .markdown: "text/markdown; charset=utf-8"
            }
            let server = self.server
            let (frozen, settings) = (filter, parameters)
            return try await Responses.cached(request, context: context, server: server, contentType: contentType, sensitive: true) {
                let needs: PatrolNeeds
                do {
                    needs = try server.patrol.patrolNeeds(frozen, parameters: settings)
                } catch let error as GeoIncidentsError where format == .geojson && Responses.isEmptySelection(error) {
                    return Responses.emptyFeatureCollection(note: error.message)
                }
                let names = try UnitNames(regions: RegionStore(database: server.database))
                server.accessLog.record(principal, action: "patrol-needs", detail: frozen.summary, tips: 0)
                func report() throws -> PatrolReport {
                    let digest = try IncidentStore(database: server.database).digest(PatrolReport.incidentQuery(needs, filter: frozen, scope: principal.communes))
                    return PatrolReport(needs, names: names, top: limit ?? 10, incidents: digest)
                }
                switch format {
                case .html: return try report().html
                case .markdown: return try report().markdown
                case .geojson: return needs.featureCollection(needs.needs.prefix(limit ?? needs.needs.count), names: names)
                case .json:
                    let rows: [JSONValue] = needs.needs.prefix(limit ?? needs.needs.count).enumerated().map {
                        .object(Dictionary(uniqueKeysWithValues: needs.properties($1, rank: $0 + 1, names: names)))
                    }
                    return GeoJSONWriter.json(.object(["metadata": .object(Dictionary(uniqueKeysWithValues: needs.summary)), "needs": .array(rows)]))
                }
            }
        }
    }
}
