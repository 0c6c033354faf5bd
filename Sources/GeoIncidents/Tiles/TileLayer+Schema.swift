/// One definition of each vector tile layer — its zooms, attributes, who may read it and how it
/// is drawn — shared by the served tiles' TileJSON and OGC API - Tiles metadata, the MBTiles
/// packages' `json` metadata and the MapLibre style (docs/web-map-and-tiles.md).
extension TileLayer {
    /// An attribute of the layer's features and its TileJSON type.
    public struct Field: Sendable, Hashable {
        public var name: String
        /// `String`, `Number` or `Boolean` (TileJSON 3.0 / MBTiles 1.3 vector_layers).
        public var type: String
    }

    /// The first zoom with features.
    public var minZoom: Int {
        switch self {
        case .communes: 6
        case .hotspots: 11
        case .incidents: 12
        case .tips, .clusters, .cameras: 0
        }
    }

    /// The deepest zoom served (``TileID``'s pyramid ends at 22).
    public var maxZoom: Int { 22 }

    /// Whether the layer needs a tip reader (analyst, commander): incidents, clusters and cameras.
    public var forTipReadersOnly: Bool { self == .incidents || self == .clusters || self == .cameras }

    /// What a feature is, for people.
    public var summary: String {
        switch self {
        case .communes: "2025 communes (code, name), from zoom 6"
        case .tips: "tips: counts on a 64 × 64 grid per tile, points (category, reported_at, status) from zoom 15 for analysts and commanders; the public: the published grid"
        case .incidents: "incidents (one per event) at their best-located report: categories, status, reports, independent_reports, copies, first and last report; analysts and commanders, from zoom 12"
        case .hotspots: "Gi* hotspot cells (250 m, FDR) with count, z and bin −3…3, from zoom 11"
        case .clusters: "DBSCAN cluster hulls (key, size, border); analysts and commanders"
        case .cameras: "camera sites with their view (heading, field of view, range); analysts and commanders"
        }
    }

    /// The attributes of the layer's features.
    public var fields: [Field] {
        let pairs: [(String, String)] = switch self {
        case .communes: [("code", "String"), ("name", "String")]
        case .tips: [("count", "Number"), ("category", "String"), ("reported_at", "String"), ("status", "String")]
        case .incidents: [("category", "String"), ("status", "String"), ("reports", "Number"), ("independent_reports", "Number"), ("copies", "Number"),
                          ("first_reported_at", "String"), ("last_reported_at", "String")]
        case .hotspots: [("count", "Number"), ("z", "Number"), ("bin", "Number")]
        case .clusters: [("key", "Number"), ("size", "Number"), ("border", "Boolean")]
        case .cameras: [("id", "String"), ("heading", "Number"), ("field_of_view", "Number"), ("range_m", "Number"), ("direction_assumed", "Boolean"),
                        ("status", "String"), ("kind", "String"), ("owner", "String"), ("installed", "String"), ("commune", "String")]
        }
        return pairs.map { Field(name: $0.0, type: $0.1) }
    }

    /// The layer's entries of a TileJSON / MBTiles `vector_layers` list: one per layer in its
    /// tiles (the communes' tiles also carry their label points, ``communeLabels``).
    public var vectorLayers: [JSONValue] {
        let fields = JSONValue.object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, JSONValue.string($0.type)) }))
        let layer = JSONValue.object(["id": .string(rawValue), "description": .string(summary), "minzoom": .number(Double(minZoom)), "maxzoom": .number(Double(maxZoom)),
                                      "fields": fields])
        guard self == .communes else { return [layer] }
        return [layer, .object(["id": .string(Self.communeLabels), "description": .string("one label point per commune (code, name), inside it"),
                                "minzoom": .number(Double(minZoom)), "maxzoom": .number(Double(maxZoom)), "fields": fields])]
    }

    /// The vector layer of the communes' label points, in the communes' tiles.
    public static let communeLabels = "commune_labels"

    /// The Gi* bin colours of the web map's legend (bin → colour), hot red to cold blue.
    public static let hotspotBinColours: [(bin: Int, colour: String)] = [
        (3, "#b2182b"), (2, "#ef8a62"), (1, "#fddbc7"), (0, "#f7f7f7"), (-1, "#d1e5f0"), (-2, "#67a9cf"), (-3, "#2166ac"),
    ]
}
