/// One cell of a hotspot grid.
public struct HotspotCell: Sendable, Hashable {
    public var id: CellID
    /// Tips in the cell.
    public var count: Int
    /// Gi* z-score (method `gistar`).
    public var z: Double?
    /// Two-sided p-value of z.
    public var p: Double?
    /// Benjamini–Hochberg adjusted p-value (when FDR is on).
    public var pAdjusted: Double?
    /// Confidence bin −3…+3 (99/95/90 % cold/hot), ArcGIS's `Gi_Bin`.
    public var bin: Int8 = 0
    /// Whether p (adjusted, with FDR) is at or below alpha.
    public var significant = false
    /// Quartic kernel density, tips per km² (method `kde`).
    public var density: Double?
}

/// The result of a hotspot run: cells ranked by the method's statistic (z, count or density,
/// descending; ties by (ix, iy)), and the facts needed to read it.
public struct HotspotGrid: Sendable {
    public var parameters: HotspotParameters
    /// The projected CRS the grid lives in.
    public var crs: String { frame.crs }
    public var geometry: GridGeometry { frame.geometry }
    public var cells: [HotspotCell]
    /// Tips that matched the filter.
    public var tipsMatched: Int
    /// Tips that could not be projected into the CRS (left out).
    public var tipsNotProjected: Int
    /// Cells holding at least one tip.
    public var cellsWithTips: Int
    /// Directed contiguity links among the cells (queen for squares, 6 for hexagons).
    public var links: Int
    /// Significant hot and cold cells at alpha.
    public var hotCells: Int
    public var coldCells: Int
    /// Things the reader should know (degenerate statistics, cells added outside the area).
    public var notes: [String]
    /// The data version the grid was computed from (0 when it did not come from a store).
    public var dataVersion: Int64 = 0
    let frame: GridFrame

    /// Cell outlines in lon/lat (RFC 7946 winding), in `cells` order.
    public func outlines(_ cells: ArraySlice<HotspotCell>) throws -> [Polygon] {
        try frame.outlines(cells.map(\.id))
    }

    /// The centre of each cell in lon/lat.
    public func centres(_ cells: ArraySlice<HotspotCell>) throws -> [Coordinate] {
        try frame.centres(cells.map(\.id))
    }
}
