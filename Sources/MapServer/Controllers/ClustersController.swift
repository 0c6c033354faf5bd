import Foundation
import GeoIncidents
import Hummingbird

/// `GET /clusters`: DBSCAN clusters of tips with their reports, as hull polygons in CRS84;
/// `border=true` for border clusters only. Hulls run through tip positions, so analysts
/// and commanders only, never cached, and logged as a read of tips.
struct ClustersController: RouteController {
    let server: ServerContext
    static let defaultLimit = 1_000

    static let parameters: Set<String> = [
        "eps", "min_points", "border", "border_distance", "hull_tips", "crs", "limit",
        "since", "until", "datetime", "category", "channel", "status", "province", "commune", "neighbourhood", "bbox", "f", "unit",
    ]

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/clusters") { request, context in
            let principal = context.principal
            guard principal.role.readsTips else {
                let need = "clusters draw hulls through tip positions: they need an analyst or commander token"
                throw APIError.denied(principal, unauthorized: need, forbidden: "the \(principal.role.rawValue) role cannot read clusters; " + need)
            }
            let query = try QueryParameters(request, allowed: Self.parameters)
            let filter = try query.analysisFilter(principal: principal, crossing: "clusters cannot cross the antimeridian")
            try await server.catchUpIncidents(for: filter)
            var parameters = ClusterParameters()
            parameters.epsMeters = try query.double("eps") ?? parameters.epsMeters
            parameters.minPoints = try query.int("min_points", range: 1...100_000) ?? parameters.minPoints
            parameters.borderDistanceMeters = try query.double("border_distance") ?? parameters.borderDistanceMeters
            parameters.hullTips = try query.choice("hull_tips", ClusterParameters.HullTips.self) ?? parameters.hullTips
            parameters.crs = try query.single("crs")
            try CostBudget.clusters(parameters)
            let borderOnly = try query.bool("border") ?? false
            let limit = try query.int("limit", range: 1...100_000) ?? Self.defaultLimit
            let server = self.server
            let (frozen, settings) = (filter, parameters)
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON, sensitive: true) {
                let analysis = try server.clusters.clusters(frozen, parameters: settings)
                let chosen = Array((borderOnly ? analysis.borderClusters : analysis.clusters).prefix(limit))
                server.accessLog.record(principal, action: "clusters", detail: "\(chosen.count) clusters, \(frozen.summary)",
                                        tips: chosen.reduce(0) { $0 + $1.size })
                return analysis.featureCollection(chosen, names: try UnitNames(regions: RegionStore(database: server.database)))
            }
        }
    }
}
