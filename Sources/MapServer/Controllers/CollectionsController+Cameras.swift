import Foundation
import GeoIncidents
import Hummingbird

/// The `cameras` collection: camera sites as points (analyst and commander; a
/// commune-scoped token sees its communes' cameras). Pages are keyset by camera id.
extension CollectionsController {
    /// Cameras the caller may see, in id order (shorter ids first, as `CameraStore.list`).
    func visibleCameras(_ principal: Principal) throws -> [Camera] {
        let cameras = try CameraStore(database: server.database).list()
        guard !principal.communes.isEmpty else { return cameras }
        let allowed = Set(principal.communes)
        return cameras.filter { $0.communeCode.map(allowed.contains) == true }
    }

    func cameraItems(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["bbox", "datetime", "limit", "after", "status", "f"])
        let limit = try Self.limit(query)
        _ = try query.datetime()    // cameras have no time: a valid datetime selects them all
        let boxes = try query.bbox()
        let after = try query.single("after")
        let status = try query.choice("status", CameraStatus.self)
        let links = Links(request)
        let principal = context.principal
        return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
            let matching = try visibleCameras(principal).filter { camera in
                (status == nil || camera.status == status) && (boxes.map { $0.contains { $0.contains(camera.position) } } ?? true)
            }
            let start = after.map { cursor in matching.firstIndex { Self.cameraOrder(cursor, $0.code) } ?? matching.count } ?? 0
            let page = Array(matching[start...].prefix(limit))
            var pageLinks = [links.link(request.uri.description, rel: "self", type: Responses.geoJSON)]
            if start + page.count < matching.count, let last = page.last {
                let cursor = last.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? last.code
                pageLinks.append(links.link(Self.nextURI(request, after: cursor), rel: "next", type: Responses.geoJSON))
            }
            let encoded = page.map { GeoJSONWriter.feature(id: .string($0.code), geometry: .point($0.position), properties: CameraFeatures.properties($0)) }
            return Self.page(raw: encoded.joined(separator: ","), returned: encoded.count, matched: matching.count, links: pageLinks)
        }
    }

    func cameraItem(_ request: Request, context: AppRequestContext, featureID: String) async throws -> Response {
        let principal = context.principal
        return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
            guard let camera = try visibleCameras(principal).first(where: { $0.code == featureID }) else {
                throw APIError.notFound("no camera with id \(featureID)")
            }
            return GeoJSONWriter.feature(id: .string(camera.code), geometry: .point(camera.position), properties: CameraFeatures.properties(camera))
        }
    }

    /// Whether `code` comes after the cursor in the registry's order (length, then text).
    static func cameraOrder(_ cursor: String, _ code: String) -> Bool {
        cursor.count != code.count ? code.count > cursor.count : code > cursor
    }
}
