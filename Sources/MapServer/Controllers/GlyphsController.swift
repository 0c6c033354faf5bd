import Foundation
import Hummingbird
import NIOCore

/// `GET /fonts/{fontstack}/{range}.pbf`: the glyphs of the served style's labels
/// (`Glyphs`), for every role: they are the same font for everyone and say nothing of tips.
struct GlyphsController: RouteController {
    let glyphs: Glyphs

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/fonts/:fontstack/:range") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let range = try context.parameters.require("range")
            guard let start = Glyphs.rangeStart(range) else {
                throw APIError.notFound("glyph ranges are {start}-{end}.pbf with 256 code points from a multiple of 256, such as 0-255.pbf")
            }
            guard !glyphs.isEmpty else { throw APIError.notFound("this server was installed without its glyph files (Sources/MapServer/Glyphs)") }
            let etag = "\"glyphs-\(start)-\(glyphs.ranges[start]?.count ?? 0)\""
            return Responses.ok(request, body: ByteBuffer(bytes: glyphs.pbf(start: start)), contentType: "application/x-protobuf", etag: etag,
                                cacheControl: "public, max-age=86400")
        }
    }
}
