/// The MapLibre GL style (version 8) of the vector tile layers, in the web map's look:
/// communes outlined, the Gi* bins in the legend's colours (one style layer per bin with a
/// filter, which QGIS's style converter reads as MapLibre does), tips as circles sized by
/// count, incidents ringed by their independent reports, clusters and cameras. One definition for the served style (`GET /styles/map.json`,
/// the combined tileset) and the style beside each MBTiles package (one source). Commune
/// names are labelled when `glyphs` gives MapLibre a glyph URL (`/fonts/…`, served by
/// MapServer); a style without glyphs has no text layer, as the style specification asks.
public enum TileStyle {
    /// The font of the labels (the glyphs MapServer serves).
    public static let labelFont = "DejaVu Sans Book"

    /// The style of `layers`, each drawn from the source `source(layer)` names (a key of
    /// `sources`), centred on `center`; labels when `glyphs` is a glyph URL template.
    public static func document(layers: [TileLayer], sources: [String: JSONValue], source: (TileLayer) -> String,
                                center: Coordinate, zoom: Int, glyphs: String? = nil) -> JSONValue {
        func layer(_ id: String, _ from: TileLayer, _ type: String, paint: [String: JSONValue], filter: JSONValue? = nil,
                   layout: [String: JSONValue]? = nil) -> JSONValue? {
            guard layers.contains(from) else { return nil }
            var object: [String: JSONValue] = ["id": .string(id), "type": .string(type), "source": .string(source(from)), "source-layer": .string(from.rawValue),
                                               "paint": .object(paint)]
            if let filter { object["filter"] = filter }
            if let layout { object["layout"] = .object(layout) }
            return .object(object)
        }
        // Commune names (Vietnamese, from the tiles' `name`), above the fills and under the points.
        var labels: JSONValue? = glyphs == nil ? nil : layer(
            "communes-label", .communes, "symbol",
            paint: ["text-color": .string("#1d3557"), "text-halo-color": .string("#ffffff"), "text-halo-width": .number(1.5)],
            layout: ["text-field": .array([.string("get"), .string("name")]), "text-font": .array([.string(labelFont)]),
                     "text-size": .number(12), "text-max-width": .number(8), "symbol-placement": .string("point")])
        if case .object(var fields)? = labels {
            fields["source-layer"] = .string(TileLayer.communeLabels)
            labels = .object(fields)
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
            labels,
            layer("clusters", .clusters, "line", paint: ["line-color": .string("#6a4c93"), "line-width": .number(2)]),
            layer("cameras", .cameras, "circle", paint: ["circle-color": .string("#2a9d8f"), "circle-radius": .number(4)]),
            // Incidents ringed by their independent reports: the more senders, the wider and darker.
            layer("incidents", .incidents, "circle", paint: [
                "circle-color": .string("#ffb703"), "circle-opacity": .number(0.85), "circle-stroke-color": .string("#9d0208"),
                "circle-radius": .array([.string("interpolate"), .array([.string("linear")]), .array([.string("get"), .string("independent_reports")]),
                                         .number(1), .number(4), .number(5), .number(10)]),
                "circle-stroke-width": .array([.string("min"), .number(4), .array([.string("-"), .array([.string("get"), .string("independent_reports")]), .number(1)])]),
            ]),
            layer("tips", .tips, "circle", paint: ["circle-color": .string("#e63946"), "circle-opacity": .number(0.8),
                                                   "circle-radius": .array([.string("interpolate"), .array([.string("linear")]), .array([.string("coalesce"), .array([.string("get"), .string("count")]), .number(1)]),
                                                                            .number(1), .number(3), .number(100), .number(12)])]),
        ]
        var style: [String: JSONValue] = [
            "version": .number(8), "name": .string("GeoIncidents"),
            "center": .array([.number(center.x), .number(center.y)]), "zoom": .number(Double(zoom)),
            "sources": .object(sources), "layers": .array(styleLayers.compactMap { $0 }),
        ]
        if let glyphs { style["glyphs"] = .string(glyphs) }
        return .object(style)
    }
}
