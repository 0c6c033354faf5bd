import GeoIncidents

/// What one tile path serves: a single layer (`/tiles/tips/…`) or the combined tileset
/// (`/tiles/all/…`, every layer the caller may read), described by TileJSON, GDAL's
/// `metadata.json` and OGC API - Tiles alike.
struct Tileset: Sendable {
    /// The path segment: a layer's name or `all`.
    var name: String
    /// The layers in its tiles, in drawing order.
    var layers: [TileLayer]

    var minZoom: Int { layers.map(\.minZoom).min() ?? 0 }
    var maxZoom: Int { layers.map(\.maxZoom).max() ?? 0 }
    var summary: String {
        layers.count == 1 ? layers[0].summary : "Every layer this token may read, in one tile: \(layers.map(\.rawValue).joined(separator: ", "))"
    }
}
