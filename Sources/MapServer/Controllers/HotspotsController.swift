import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// `GET /hotspots`: the hotspot grid as a FeatureCollection, with the parameters of
/// `geoq hotspots`. Public callers get counts under k suppressed and cells of at least 100 m.
struct HotspotsController {
    let server: ServerContext
    static let publicMinimumCell = 100.0
    static let defaultLimit = 5_000

    static let parameters: Set<String> = [
        "cell", "shape", "cells", "method", "alpha", "fdr", "weights", "bandwidth", "crs", "limit", "all",
        "since", "until", "datetime", "category", "channel", "status", "province", "commune", "neighbourhood", "bbox", "f",
    ]

    func add(to router: Router<AppRequestContext>) {
        router.get("/hotspots") { request, context in
            let query = try QueryParameters(request, allowed: Self.parameters)
            let filter = try CollectionsController.analysisFilter(query, principal: context.principal, crossing: "a hotspot grid cannot cross the antimeridian")
            var p = HotspotParameters()
            p.cellSize = try query.double("cell") ?? p.cellSize
            p.shape = try query.choice("shape", GridShape.self) ?? p.shape
            p.cells = try query.choice("cells", CellSetKind.self) ?? p.cells
            p.method = try query.choice("method", HotspotMethod.self) ?? p.method
            p.alpha = try query.double("alpha") ?? p.alpha
            p.fdr = try query.bool("fdr") ?? p.fdr
            p.weights = try query.choice("weights", WeightTransform.self) ?? p.weights
            p.bandwidth = try query.double("bandwidth") ?? p.bandwidth
            p.crs = try query.single("crs")
            // Web maps ask for a view: the 5,000 highest-ranked cells unless told otherwise.
            let limit = try query.int("limit", range: 1...5_000_000) ?? Self.defaultLimit
            let all = try query.bool("all") ?? false
            let principal = context.principal
            let suppress = principal.role.suppressesSmallCounts ? server.suppressionK : 0
            if principal.role.suppressesSmallCounts, p.cellSize < Self.publicMinimumCell {
                throw APIError.badRequest("public hotspot grids use cells of at least \(Int(Self.publicMinimumCell)) m")
            }
            let parameters = p
            let server = self.server
            let frozen = filter
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
                let grid = try server.hotspots.grid(frozen, parameters: parameters)
                return try grid.featureCollection(grid.exported(all ? .all : .informative, limit: limit), suppressBelow: suppress)
            }
        }
    }
}
