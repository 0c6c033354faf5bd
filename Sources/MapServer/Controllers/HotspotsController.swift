import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// `GET /hotspots`: the hotspot grid as a FeatureCollection, with the parameters of
/// `geoq hotspots`, for analysts and commanders. The public and intake tokens get the
/// published monthly grid (``PublicHotspotGrid``: fixed cells and CRS, Gi* from published
/// counts), choosing only the month (`period`), the cells shown (`bbox`) and `limit`.
struct HotspotsController: RouteController {
    let server: ServerContext
    static let defaultLimit = 5_000
    static let publicParameters: Set<String> = ["period", "bbox", "limit", "f"]

    static let parameters: Set<String> = [
        "cell", "shape", "cells", "method", "alpha", "fdr", "weights", "bandwidth", "crs", "limit", "all",
        "since", "until", "datetime", "category", "channel", "status", "province", "commune", "neighbourhood", "bbox", "f", "period", "unit",
    ]

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/hotspots") { request, context in
            if context.principal.role.suppressesSmallCounts { return try await publicGrid(request) }
            let query = try QueryParameters(request, allowed: Self.parameters.subtracting(["period"]))
            let filter = try query.analysisFilter(principal: context.principal, crossing: "a hotspot grid cannot cross the antimeridian")
            try await server.catchUpIncidents(for: filter)
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
            let limit = try query.int("limit", range: 1...Self.maximumLimit) ?? Self.defaultLimit
            let all = try query.bool("all") ?? false
            try CostBudget.hotspots(&p)
            let parameters = p
            let server = self.server
            let frozen = filter
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
                let grid: HotspotGrid
                do {
                    grid = try server.hotspots.grid(frozen, parameters: parameters)
                } catch let error as GeoIncidentsError where Responses.isEmptySelection(error) {
                    return Responses.emptyFeatureCollection(note: error.message)
                }
                return try grid.featureCollection(grid.exported(all ? .all : .informative, limit: limit))
            }
        }
    }

    /// The most cells one response holds.
    static let maximumLimit = 100_000

    /// The public answer: the published grid of one month.
    private func publicGrid(_ request: Request) async throws -> Response {
        let query = try QueryParameters(request, allowed: Self.parameters)
        try PublicAnswers.rejectPrivateParameters(query, allowed: Self.publicParameters,
                                                  what: "the public hotspot map is fixed (\(Int(server.publicView.configuration.cellSize)) m cells in \(server.publicView.configuration.crs), Gi*, one month)")
        let limit = try query.int("limit", range: 1...Self.maximumLimit) ?? Self.defaultLimit
        let boxes = try query.bbox()
        guard (boxes?.count ?? 1) == 1 else { throw APIError.badRequest("a hotspot bbox cannot cross the antimeridian") }
        let box = boxes?.first
        let view = server.publicView
        return try await PublicAnswers.cached(request, server: server, contentType: Responses.geoJSON) { release in
            let month = try PublicAnswers.months(query, release: release)
            guard month.count == 1 else { throw APIError.badRequest("the public hotspot map is one month: give period=YYYY-MM") }
            let grid = try view.hotspots(month[0], release: release)
            return try grid.featureCollection(grid.cells(in: box, limit: limit))
        }
    }
}
