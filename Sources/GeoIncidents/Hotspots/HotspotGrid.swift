/// One cell of a hotspot grid. Stored compactly (48 bytes: a grid over a province's study
/// area holds millions of them): the optional statistics are doubles with a presence bit
/// each, the count 32 bits.
public struct HotspotCell: Sendable, Hashable {
    public var id: CellID
    private var values: (z: Double, p: Double, pAdjusted: Double, density: Double) = (0, 0, 0, 0)
    // After the doubles: before them it would leave 4 bytes of padding (stride 56, not 48).
    private var storedCount: Int32
    private var present: UInt8 = 0
    /// Confidence bin −3…+3 (99/95/90 % cold/hot), ArcGIS's `Gi_Bin`.
    public var bin: Int8 = 0
    /// Whether p (adjusted, with FDR) is at or below alpha.
    public var significant = false

    public init(id: CellID, count: Int) {
        self.id = id
        storedCount = Int32(clamping: count)
    }

    /// Tips in the cell.
    public var count: Int {
        get { Int(storedCount) }
        set { storedCount = Int32(clamping: newValue) }
    }
    /// Gi* z-score (method `gistar`).
    public var z: Double? { get { stored(1, values.z) } set { values.z = newValue ?? 0; mark(1, newValue != nil) } }
    /// Two-sided p-value of z.
    public var p: Double? { get { stored(2, values.p) } set { values.p = newValue ?? 0; mark(2, newValue != nil) } }
    /// Benjamini–Hochberg adjusted p-value (when FDR is on).
    public var pAdjusted: Double? { get { stored(4, values.pAdjusted) } set { values.pAdjusted = newValue ?? 0; mark(4, newValue != nil) } }
    /// Quartic kernel density, tips per km² (method `kde`).
    public var density: Double? { get { stored(8, values.density) } set { values.density = newValue ?? 0; mark(8, newValue != nil) } }

    private func stored(_ bit: UInt8, _ value: Double) -> Double? { present & bit != 0 ? value : nil }

    private mutating func mark(_ bit: UInt8, _ on: Bool) { present = on ? present | bit : present & ~bit }

    public static func == (a: HotspotCell, b: HotspotCell) -> Bool {
        a.id == b.id && a.count == b.count && a.z == b.z && a.p == b.p && a.pAdjusted == b.pAdjusted && a.density == b.density
            && a.bin == b.bin && a.significant == b.significant
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(count)
        hasher.combine(z)
        hasher.combine(p)
        hasher.combine(bin)
    }
}

/// The result of a hotspot run: cells ranked by the method's statistic (z, count or density,
/// descending; ties by (ix, iy)), and the facts needed to read it.
public struct HotspotGrid: Sendable {
    public var parameters: HotspotParameters
    /// The projected CRS the grid lives in.
    public var crs: String { frame.crs }
    public var geometry: GridGeometry { frame.geometry }
    /// The cells in rank order (see ``HotspotCells``).
    public var cells: HotspotCells
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
    public func outlines(_ cells: some Collection<HotspotCell>) throws -> [Polygon] {
        try frame.outlines(cells.map(\.id))
    }

    /// The centre of each cell in lon/lat.
    public func centres(_ cells: some Collection<HotspotCell>) throws -> [Coordinate] {
        try frame.centres(cells.map(\.id))
    }
}
