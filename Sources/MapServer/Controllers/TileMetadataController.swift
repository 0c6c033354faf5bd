import Foundation
import GeoIncidents
import Hummingbird

/// Descriptions of the vector tiles, so that clients need not hand-write sources
/// (docs/web-map-and-tiles.md), all from the one layer definition (`TileLayer+Schema`):
/// - `GET /tiles/{layer}/tilejson.json`: TileJSON 3.0.0 (MapLibre, OpenLayers, QGIS);
/// - `GET /tiles/{layer}/metadata.json`: the `metadata.json` GDAL's MVT driver reads when it
///   opens `/vsicurl/…/tiles/{layer}` as a tile directory;
/// - `GET /tiles`, `GET /tiles/{layer}`: OGC API - Tiles tilesets (WebMercatorQuad, MVT), and
///   `GET /tileMatrixSets[/WebMercatorQuad]`;
/// - `GET /styles/map.json`: a MapLibre GL style with every layer the caller may read, in the
///   web map's colours (the Gi* legend's bins).
/// Clusters and cameras are described to analysts and commanders only, as they are served.
struct TileMetadataController: RouteController {
    let server: ServerContext

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/tiles/:layer/tilejson.json") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let tileset = try readable(context)
            let bounds = try await extent()
            return Responses.document(tileJSON(tileset, links: Links(request), bounds: bounds))
        }
        router.get("/tiles/:layer/metadata.json") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let tileset = try readable(context)
            let b = try await extent()
            return Responses.document(.object([
                "name": .string(tileset.name), "format": .string("pbf"), "minzoom": .string(String(tileset.minZoom)), "maxzoom": .string(String(tileset.maxZoom)),
                "bounds": .string("\(b.minX),\(b.minY),\(b.maxX),\(b.maxY)"), "center": .string("\(b.center.x),\(b.center.y),\(max(tileset.minZoom, 11))"),
                "json": .string(GeoJSONWriter.json(.object(["vector_layers": .array(tileset.layers.flatMap(\.vectorLayers))]))),
            ]))
        }
        router.get("/tiles") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let links = Links(request)
            let layers = Self.visible(context.principal)
            let tilesets = [Tileset(name: TilesController.combined, layers: layers)] + layers.map { Tileset(name: $0.rawValue, layers: [$0]) }
            return Responses.document(.object(["tilesets": .array(tilesets.map { tilesetSummary($0, links: links) })]))
        }
        router.get("/tiles/:layer") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let layers = try readable(context)
            let links = Links(request)
            let b = try await extent()
            var tileset = tilesetSummary(layers, links: links)
            if case .object(var fields) = tileset {
                fields["layers"] = .array(layers.layers.map { layer in
                    .object(["id": .string(layer.rawValue), "dataType": .string("vector"), "description": .string(layer.summary),
                             "minTileMatrix": .string(String(layer.minZoom)), "maxTileMatrix": .string(String(layer.maxZoom)),
                             "propertiesSchema": .object(["type": .string("object"), "properties": .object(Dictionary(uniqueKeysWithValues: layer.fields.map {
                                 ($0.name, JSONValue.object(["type": .string($0.type == "Number" ? "number" : $0.type == "Boolean" ? "boolean" : "string")]))
                             }))])])
                })
                fields["boundingBox"] = .object(["lowerLeft": .array([.number(b.minX), .number(b.minY)]), "upperRight": .array([.number(b.maxX), .number(b.maxY)]),
                                                 "crs": .string("http://www.opengis.net/def/crs/OGC/1.3/CRS84")])
                tileset = .object(fields)
            }
            return Responses.document(tileset)
        }
        router.get("/tileMatrixSets") { request, _ in
            _ = try QueryParameters(request, allowed: ["f"])
            let links = Links(request)
            return Responses.document(.object(["tileMatrixSets": .array([.object([
                "id": .string("WebMercatorQuad"), "title": .string("Google Maps Compatible for the World"),
                "uri": .string("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"),
                "links": .array([links.link("/tileMatrixSets/WebMercatorQuad", rel: "self", type: Responses.json)]),
            ])])]))
        }
        router.get("/tileMatrixSets/WebMercatorQuad") { request, _ in
            _ = try QueryParameters(request, allowed: ["f"])
            return Responses.document(Self.webMercatorQuad)
        }
        router.get("/styles/map.json") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let links = Links(request)
            let b = try await extent()
            return Responses.document(style(Self.visible(context.principal), links: links, bounds: b))
        }
    }

    /// The layers a principal may read.
    static func visible(_ principal: Principal) -> [TileLayer] {
        TileLayer.allCases.filter { !$0.forTipReadersOnly || principal.role.readsTips }
    }

    /// The tileset a path's `{layer}` names (one layer, or `all`), as the tiles are served.
    private func readable(_ context: AppRequestContext) throws -> Tileset {
        let name = try context.parameters.require("layer")
        return Tileset(name: name, layers: try TilesController.layers(named: name, for: context.principal))
    }

    /// The communes' extent (the whole world without boundaries).
    private func extent() async throws -> BoundingBox {
        let server = self.server
        return try await blocking { try server.regions.extent(level: .commune) } ?? BoundingBox(minX: -180, minY: -85.05, maxX: 180, maxY: 85.05)
    }

    func tileJSON(_ tileset: Tileset, links: Links, bounds b: BoundingBox) -> JSONValue {
        .object([
            "tilejson": .string("3.0.0"), "name": .string("GeoIncidents \(tileset.name)"), "description": .string(tileset.summary),
            "scheme": .string("xyz"), "tiles": .array([.string(links.base + "/tiles/\(tileset.name)/{z}/{x}/{y}.mvt")]),
            "minzoom": .number(Double(tileset.minZoom)), "maxzoom": .number(Double(tileset.maxZoom)),
            "bounds": .array([b.minX, b.minY, b.maxX, b.maxY].map(JSONValue.number)),
            "center": .array([.number(b.center.x), .number(b.center.y), .number(Double(max(tileset.minZoom, 11)))]),
            "vector_layers": .array(tileset.layers.flatMap(\.vectorLayers)), "attribution": .string("GeoIncidents"),
        ])
    }

    func tilesetSummary(_ tileset: Tileset, links: Links) -> JSONValue {
        .object([
            "title": .string(tileset.name), "description": .string(tileset.summary), "dataType": .string("vector"),
            "crs": .string("http://www.opengis.net/def/crs/EPSG/0/3857"),
            "tileMatrixSetURI": .string("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"),
            "links": .array([
                links.link("/tiles/\(tileset.name)", rel: "self", type: Responses.json),
                links.link("/tileMatrixSets/WebMercatorQuad", rel: "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", type: Responses.json),
                .object(["href": .string(links.base + "/tiles/\(tileset.name)/{tileMatrix}/{tileCol}/{tileRow}.mvt"), "templated": .bool(true),
                         "rel": .string("item"), "type": .string(TilesController.contentType)]),
                links.link("/tiles/\(tileset.name)/tilejson.json", rel: "describedby", type: Responses.json, title: "TileJSON"),
            ]),
        ])
    }

    /// The served style: one vector source, the combined tileset through its TileJSON
    /// (`TileStyle`), so a page loads one tile per position for every layer.
    func style(_ layers: [TileLayer], links: Links, bounds b: BoundingBox) -> JSONValue {
        let sources: [String: JSONValue] = [Self.styleSource: .object(["type": .string("vector"), "url": .string(links.base + "/tiles/\(TilesController.combined)/tilejson.json")])]
        let glyphs = Glyphs.shipped.isEmpty ? nil : links.base + "/fonts/{fontstack}/{range}.pbf"
        return TileStyle.document(layers: layers, sources: sources, source: { _ in Self.styleSource }, center: b.center, zoom: 10, glyphs: glyphs)
    }

    /// The name of the served style's one source.
    static let styleSource = "geoincidents"

    /// WebMercatorQuad (OGC 17-083r4), zooms 0…22.
    static let webMercatorQuad: JSONValue = {
        let origin = 20_037_508.342_789_244
        let matrices: [JSONValue] = (0...22).map { z in
            let n = Double(1 << z)
            return .object([
                "id": .string(String(z)), "scaleDenominator": .number(559_082_264.028_717_2 / n), "cellSize": .number(156_543.033_928_041 / n),
                "pointOfOrigin": .array([.number(-origin), .number(origin)]), "cornerOfOrigin": .string("topLeft"),
                "tileWidth": .number(256), "tileHeight": .number(256), "matrixWidth": .number(n), "matrixHeight": .number(n),
            ])
        }
        return .object(["id": .string("WebMercatorQuad"), "title": .string("Google Maps Compatible for the World"),
                        "uri": .string("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"),
                        "crs": .string("http://www.opengis.net/def/crs/EPSG/0/3857"), "orderedAxes": .array([.string("E"), .string("N")]),
                        "tileMatrices": .array(matrices)])
    }()
}
