import Foundation
import GeoIncidents
import Hummingbird

/// `GET /coverage` (camera views with the coverage figures), `GET /coverage/gaps` and
/// `GET /cameras/suggest`: analysts and commanders only — the public gets no camera
/// positions. A commune-scoped token gets its communes' tips.
struct CoverageController: RouteController {
    let server: ServerContext

    static let filterParameters: Set<String> = ["since", "until", "datetime", "category", "channel", "status", "province", "commune", "neighbourhood", "bbox", "f", "unit"]

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/coverage") { request, context in
            try Self.authorize(context.principal)
            let query = try QueryParameters(request, allowed: Self.filterParameters.union(["crs"]))
            let filter = try Self.filter(query, principal: context.principal)
            try await server.catchUpIncidents(for: filter)
            let crs = try query.single("crs")
            let server = self.server
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
                let report = try server.cameras.coverage(filter, crs: crs)
                let sectors = try server.cameras.cameraSectors(crs: report.crs)
                let allowed = Set(context.principal.communes)
                let visible = allowed.isEmpty ? sectors : sectors.filter { $0.camera.communeCode.map(allowed.contains) == true }
                return CameraFeatures.sectorCollection(visible, members: [("coverage", report.json())])
            }
        }
        router.get("/coverage/gaps") { request, context in
            try Self.authorize(context.principal)
            let query = try QueryParameters(request, allowed: Self.filterParameters.union(["cell", "max_covered", "limit"]))
            let filter = try Self.filter(query, principal: context.principal)
            try await server.catchUpIncidents(for: filter)
            var parameters = HotspotParameters()
            parameters.cellSize = try query.double("cell") ?? parameters.cellSize
            try CostBudget.hotspots(&parameters)
            let maxCovered = try query.double("max_covered") ?? 0.5
            let limit = try query.int("limit", range: 1...100_000) ?? 1_000
            let server = self.server
            let settings = parameters
            // Gap hulls are drawn through tip positions: every serving is an audited read.
            let principal = context.principal, accessLog = server.accessLog
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON, sensitive: true,
                                              audit: { tips in accessLog.record(principal, action: "coverage.gaps", detail: filter.summary, tips: tips) }) { _ in
                let gaps = Array(try server.cameras.coverageGaps(filter, parameters: settings, maxCoveredShare: maxCovered).prefix(limit))
                return Responses.Body(bytes: ByteBuffer(string: CoverageGapFeatures.featureCollection(gaps)), tips: gaps.count)
            }
        }
        router.get("/cameras/suggest") { request, context -> Response in
            try Self.authorize(context.principal)
            let query = try QueryParameters(request, allowed: Self.filterParameters.union(["count", "range", "fov", "candidates", "half_life", "crs"]))
            let filter = try Self.filter(query, principal: context.principal)
            try await server.catchUpIncidents(for: filter)
            var parameters = SitingParameters()
            parameters.count = try query.int("count", range: 1...500) ?? parameters.count
            parameters.rangeMeters = try query.double("range") ?? parameters.rangeMeters
            parameters.fieldOfViewDegrees = try query.double("fov") ?? parameters.fieldOfViewDegrees
            parameters.candidates = try query.choice("candidates", SitingParameters.Candidates.self) ?? parameters.candidates
            parameters.halfLifeDays = try query.double("half_life") ?? parameters.halfLifeDays
            parameters.crs = try query.single("crs")
            let server = self.server
            let settings = parameters
            // Sites on tip positions (candidates=tips) are exact locations: audited like tip reads.
            let principal = context.principal, accessLog = server.accessLog
            let audited = settings.candidates == .tips
            let detail = filter.summary
            var audit: (@Sendable (Int) -> Void)? = nil
            if audited { audit = { tips in accessLog.record(principal, action: "cameras.suggest.tips", detail: detail, tips: tips) } }
            let make: @Sendable (Int64) throws -> Responses.Body = { _ in
                let siting = try server.cameras.suggestCameras(filter, parameters: settings)
                let bytes = ByteBuffer(string: CameraFeatures.suggestionCollection(siting))
                return Responses.Body(bytes: bytes, tips: audited ? siting.suggestions.count : 0)
            }
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON, sensitive: audited, audit: audit, make: make)
        }
    }

    static func authorize(_ principal: Principal) throws {
        let need = "camera positions and coverage need an analyst or commander token"
        guard principal.role.readsTips else {
            throw APIError.denied(principal, unauthorized: need, forbidden: "the \(principal.role.rawValue) role cannot read cameras; " + need)
        }
    }

    static func filter(_ query: QueryParameters, principal: Principal) throws -> TipFilter {
        try query.analysisFilter(principal: principal, crossing: "coverage cannot cross the antimeridian")
    }
}
