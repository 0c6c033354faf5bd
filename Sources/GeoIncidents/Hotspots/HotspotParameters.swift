/// Which statistic ranks the cells of a hotspot grid.
public enum HotspotMethod: String, Sendable, Hashable, CaseIterable {
    /// Getis–Ord Gi* z-scores with FDR-corrected significance bins.
    case gistar
    /// Raw tip counts.
    case count
    /// Quartic kernel density (tips per km²).
    case kde
}

/// Which cells take part in a hotspot run.
public enum CellSetKind: String, Sendable, Hashable, CaseIterable {
    /// Every cell whose centre is inside the scope's communes (or neighbourhoods, or bbox),
    /// zeros included, as ArcGIS's Optimized Hot Spot Analysis does; plus any cell holding a
    /// tip of the scope.
    case studyArea = "study-area"
    /// Only cells with at least one tip (the peers' W2 definition; overstates significance).
    case nonempty
}

/// How to grid and score tips. The tips themselves are chosen by a ``TipFilter``.
public struct HotspotParameters: Sendable, Hashable {
    /// Cell size in metres (square side; equal-area square side for hexagons).
    public var cellSize: Double = 250
    public var shape: GridShape = .square
    public var cells: CellSetKind = .studyArea
    public var method: HotspotMethod = .gistar
    /// Significance level for the `significant` flag (after FDR when `fdr`).
    public var alpha: Double = 0.05
    /// Benjamini–Hochberg correction of the p-values (ArcGIS's FDR option); on by default.
    public var fdr = true
    /// Gi* weights: binary (ArcGIS, the peers) or row-standardised.
    public var weights: WeightTransform = .binary
    /// Kernel bandwidth in metres for `kde` (default 500 m).
    public var bandwidth: Double = 500
    /// Projected CRS for the grid, e.g. `EPSG:32648` or a VN-2000 code (`EPSG:3405`);
    /// `nil` picks the UTM zone of the tips' median longitude.
    public var crs: String?

    /// Largest number of cells a run may create (the HTTP service sets a lower budget).
    public var maximumCells = Self.defaultMaximumCells
    public static let defaultMaximumCells = 50_000_000

    public init() {}

    /// Rejects values no run can use, naming the option.
    public func validate() throws {
        guard cellSize.isFinite, cellSize > 0 else { throw GeoIncidentsError.invalidInput("cell size must be a positive number of metres, got \(cellSize)") }
        guard cellSize >= 1 else { throw GeoIncidentsError.invalidInput("cell size \(cellSize) m is below 1 m: tip locations are not that precise") }
        guard alpha > 0, alpha < 1 else { throw GeoIncidentsError.invalidInput("alpha must be between 0 and 1, got \(alpha)") }
        guard bandwidth.isFinite, bandwidth > 0 else { throw GeoIncidentsError.invalidInput("bandwidth must be a positive number of metres, got \(bandwidth)") }
        if method == .kde, bandwidth / cellSize > 200 {
            throw GeoIncidentsError.invalidInput("bandwidth \(bandwidth) m is more than 200 cells of \(cellSize) m: use larger cells")
        }
    }
}
