import GeoIncidents

/// Limits checked before an analysis starts, so that one request cannot hold a core for
/// minutes or memory for gigabytes (the CLI keeps the library's wider limits):
/// - hotspot grids: at most ``maximumCells`` cells over the scope (checked by the builder
///   from the scope's area before any cell exists), cells of at least ``minimumCell`` m, and
///   a KDE kernel of at most ``maximumKernelCells`` cell widths (each tip visits about
///   π·(bandwidth / cell)² cells);
/// - DBSCAN (clusters, patrol needs): eps up to ``maximumEps`` m and min_points up to
///   ``maximumMinPoints``: a point stops counting neighbours at min_points, so the work is
///   at most tips × min_points distance tests.
enum CostBudget {
    static let maximumCells = 4_000_000
    static let minimumCell = 10.0
    static let maximumKernelCells = 12.0
    static let maximumEps = 2_000.0
    static let maximumMinPoints = 500

    /// Checks and tightens hotspot parameters for an HTTP request.
    static func hotspots(_ parameters: inout HotspotParameters) throws {
        guard parameters.cellSize.isFinite, parameters.cellSize >= minimumCell else {
            throw APIError.badRequest("'cell' must be at least \(Int(minimumCell)) m over HTTP (geoq has no such limit)")
        }
        if parameters.method == .kde, parameters.bandwidth / parameters.cellSize > maximumKernelCells {
            throw APIError.badRequest("'bandwidth' may be at most \(Int(maximumKernelCells)) cells over HTTP: use larger cells or a smaller bandwidth")
        }
        parameters.maximumCells = min(parameters.maximumCells, maximumCells)
    }

    /// Checks cluster parameters for an HTTP request.
    static func clusters(_ parameters: ClusterParameters) throws {
        guard parameters.epsMeters <= maximumEps else { throw APIError.badRequest("'eps' may be at most \(Int(maximumEps)) m over HTTP") }
        guard parameters.minPoints <= maximumMinPoints else { throw APIError.badRequest("'min_points' may be at most \(maximumMinPoints) over HTTP") }
    }
}
