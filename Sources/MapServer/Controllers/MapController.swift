import Foundation
import GeoIncidents
import Hummingbird

/// `GET /map` (the web map), `/map/map.js`, and `/map/leaflet/*` (Leaflet from Debian's
/// libjs-leaflet, `/usr/share/javascript/leaflet`: no CDN, works offline).
struct MapController: RouteController {
    let server: ServerContext
    static let leafletDirectory = "/usr/share/javascript/leaflet"
    static let leafletFiles: [String: String] = [
        "leaflet.js": "text/javascript; charset=utf-8", "leaflet.css": "text/css; charset=utf-8",
        "images/layers.png": "image/png", "images/layers-2x.png": "image/png", "images/marker-icon.png": "image/png",
        "images/marker-icon-2x.png": "image/png", "images/marker-shadow.png": "image/png",
    ]

    func add(to router: some RouterMethods<AppRequestContext>) {
        let page = MapPage.html(basemapURL: server.basemapURL)
        router.get("/map") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        }
        router.get("/map/map.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: MapScript.javascript)))
        }
        router.get("/map/leaflet/**") { request, _ in
            let file = String(request.uri.path.dropFirst("/map/leaflet/".count))
            guard let type = Self.leafletFiles[file] else { throw APIError.notFound("no such map asset: \(file)") }
            guard let data = FileManager.default.contents(atPath: Self.leafletDirectory + "/" + file) else {
                throw APIError(status: .internalServerError, code: "ServerError", description: "Leaflet is not installed: apt-get install libjs-leaflet (scripts/setup-system does)")
            }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=86400"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
