/// The MapLibre GL style (version 8) of the vector tile layers, in the web map's look:
/// communes outlined, the Gi* bins in the legend's colours (one style layer per bin with a
/// filter, which QGIS's style converter reads as MapLibre does), tips as circles sized by
/// count, clusters and cameras. One definition for the served style (`GET /styles/map.json`,
/// a source per layer) and the style beside each MBTiles package (one source). No labels:
/// MapLibre draws text only from glyph files, which no package here provides offline.
public enum TileStyle {
    /// The style of `layers`, each drawn from the source `source(layer)` names (a key of
    /// `sources`), centred on `center`.
    public static func document(layers: [TileLayer], sources: [String: JSONValue], source: (TileLayer) -> String,
                                center: Coordinate, zoom: Int) -> JSONValue {
        func layer(_ id: String, _ from: TileLayer, _ type: String, paint: [String: JSONValue], filter: JSONValue? = nil) -> JSONValue? {
            guard layers.contains(from) else { return nil }
            var object: [String: JSONValue] = ["id": .string(id), "type": .string(type), "source": .string(source(from)), "source-layer": .string(from.rawValue),
                                               "paint": .object(paint)]
            if let filter { object["filter"] = filter }
            return .object(object)
        }
        let hotspotLayers: [JSONValue?] = TileLayer.hotspotBinColours.map { bin, colour in
            layer("hotspots-bin\(bin)", .hotspots, "fill", paint: ["fill-color": .string(colour), "fill-opacity": .number(bin == 0 ? 0.15 : 0.6)],
                  filter: .array([.string("=="), .string("bin"), .number(Double(bin))]))
        }
        let styleLayers: [JSONValue?] = [
            .object(["id": .string("background"), "type": .string("background"), "paint": .object(["background-color": .string("#f4f1ea")])]),
            layer("communes-fill", .communes, "fill", paint: ["fill-color": .string("#ffffff"), "fill-opacity": .number(0.4)]),
        ] + hotspotLayers + [
            layer("communes-line", .communes, "line", paint: ["line-color": .string("#457b9d"), "line-width": .number(1)]),
            layer("clusters", .clusters, "line", paint: ["line-color": .string("#6a4c93"), "line-width": .number(2)]),
            layer("cameras", .cameras, "circle", paint: ["circle-color": .string("#2a9d8f"), "circle-radius": .number(4)]),
            layer("tips", .tips, "circle", paint: ["circle-color": .string("#e63946"), "circle-opacity": .number(0.8),
                                                   "circle-radius": .array([.string("interpolate"), .array([.string("linear")]), .array([.string("coalesce"), .array([.string("get"), .string("count")]), .number(1)]),
                                                                            .number(1), .number(3), .number(100), .number(12)])]),
        ]
        return .object([
            "version": .number(8), "name": .string("GeoIncidents"),
            "center": .array([.number(center.x), .number(center.y)]), "zoom": .number(Double(zoom)),
            "sources": .object(sources), "layers": .array(styleLayers.compactMap { $0 }),
        ])
    }
}
