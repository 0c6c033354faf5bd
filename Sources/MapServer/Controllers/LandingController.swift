import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// `/` (landing page), `/conformance`, `/api`, `/health`, `/metrics`.
struct LandingController: RouteController {
    let server: ServerContext

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    ]

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/") { request, _ in
            _ = try QueryParameters(request, allowed: ["f"])
            let links = Links(request)
            return Responses.document(.object([
                "title": .string("GeoIncidents"),
                "description": .string("Community-policing tips on a map: boundaries, hotspot grids and statistics (OGC API - Features)."),
                "links": .array([
                    links.link("/", rel: "self", type: Responses.json, title: "This document"),
                    links.link("/api", rel: "service-desc", type: "application/vnd.oai.openapi+json;version=3.0", title: "The API definition"),
                    links.link("/conformance", rel: "conformance", type: Responses.json, title: "Conformance classes"),
                    links.link("/tiles", rel: "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", type: Responses.json, title: "Vector tilesets"),
                    links.link("/tileMatrixSets", rel: "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", type: Responses.json, title: "Tiling schemes"),
                    links.link("/collections", rel: "data", type: Responses.json, title: "Collections"),
                    links.link("/hotspots", rel: "related", type: Responses.geoJSON, title: "Hotspot grid"),
                    links.link("/stats", rel: "related", type: Responses.json, title: "Tip statistics"),
                ]),
            ]))
        }
        router.get("/conformance") { request, _ in
            _ = try QueryParameters(request, allowed: ["f"])
            return Responses.document(.object(["conformsTo": .array(Self.conformance.map(JSONValue.string))]))
        }
        router.get("/api") { request, _ in
            _ = try QueryParameters(request, allowed: ["f"])
            return Response(status: .ok, headers: [.contentType: "application/vnd.oai.openapi+json;version=3.0", .cacheControl: "public, max-age=3600"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        // The data version and the tip count move with every write: watched by the public,
        // they would date each report. Only token holders who read tips see them.
        router.get("/health") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let version = try await blocking { try server.database.dataVersion() }
            var document: [String: JSONValue] = ["status": .string("ok"), "database": .string("ok")]
            if context.principal.role.readsTips { document["dataVersion"] = .number(Double(version)) }
            return Responses.document(.object(document))
        }
        router.get("/metrics") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let readsTips = context.principal.role.readsTips
            let counters = readsTips ? try await blocking { (try server.tips.count(), try server.database.dataVersion()) } : nil
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: server.metrics.render(tipsStored: counters?.0, dataVersion: counters?.1))))
        }
    }
}
