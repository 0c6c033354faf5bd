/// ArcGIS's Emerging Hot Spot Analysis categories, for hot spots and mirrored for cold spots.
///
/// With T slices, "hot" meaning a significant positive Gi* in a slice (after FDR at alpha),
/// and the trend being the Mann–Kendall test of the cell's Gi* z-scores over the slices:
/// - **new**: hot in the final slice and never before;
/// - **consecutive**: one uninterrupted run of ≥ 2 hot slices ending with the final slice,
///   never hot before that run, and hot in < 90 % of slices;
/// - **intensifying** / **diminishing**: hot in ≥ 90 % of slices including the final one,
///   with a significant upward / downward trend;
/// - **persistent**: hot in ≥ 90 % of slices, no significant trend;
/// - **historical**: hot in ≥ 90 % of slices but not in the final one;
/// - **sporadic**: hot in the final slice, on and off before, < 90 % hot, never cold;
/// - **oscillating**: hot in the final slice, < 90 % hot, and cold in some earlier slice;
/// - **no pattern**: none of these.
/// Cold categories swap hot and cold (and the direction of the trend). A cell is classified
/// as hot when it has any hot pattern, else as cold.
public enum EmergingCategory: String, Sendable, Hashable, CaseIterable {
    case newHot = "new hot spot", consecutiveHot = "consecutive hot spot", intensifyingHot = "intensifying hot spot"
    case persistentHot = "persistent hot spot", diminishingHot = "diminishing hot spot", sporadicHot = "sporadic hot spot"
    case oscillatingHot = "oscillating hot spot", historicalHot = "historical hot spot"
    case newCold = "new cold spot", consecutiveCold = "consecutive cold spot", intensifyingCold = "intensifying cold spot"
    case persistentCold = "persistent cold spot", diminishingCold = "diminishing cold spot", sporadicCold = "sporadic cold spot"
    case oscillatingCold = "oscillating cold spot", historicalCold = "historical cold spot"
    case noPattern = "no pattern"

    /// Whether this is one of the hot-spot categories.
    public var isHot: Bool { rawValue.hasSuffix("hot spot") }

    /// Classifies one cell from its per-slice flags and the trend of its z-scores.
    static func classify(hot: [Bool], cold: [Bool], trend: MannKendall.Trend) -> EmergingCategory {
        if let category = pattern(mine: hot, other: cold, rising: trend == .increasing, falling: trend == .decreasing, hot: true) { return category }
        if let category = pattern(mine: cold, other: hot, rising: trend == .decreasing, falling: trend == .increasing, hot: false) { return category }
        return .noPattern
    }

    /// The pattern of "mine" (hot or cold) slices; `rising` means the trend strengthens it.
    private static func pattern(mine: [Bool], other: [Bool], rising: Bool, falling: Bool, hot: Bool) -> EmergingCategory? {
        let t = mine.count
        guard t > 0 else { return nil }
        let count = mine.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard count > 0 else { return nil }
        let mostly = Double(count) >= 0.9 * Double(t)
        let final = mine[t - 1]
        if mostly {
            if !final { return hot ? .historicalHot : .historicalCold }
            if rising { return hot ? .intensifyingHot : .intensifyingCold }
            if falling { return hot ? .diminishingHot : .diminishingCold }
            return hot ? .persistentHot : .persistentCold
        }
        guard final else { return nil }
        var runStart = t - 1
        while runStart > 0 && mine[runStart - 1] { runStart -= 1 }
        let before = mine[..<runStart].contains(true)
        if !before {
            if runStart == t - 1 { return hot ? .newHot : .newCold }
            return hot ? .consecutiveHot : .consecutiveCold
        }
        if other[..<(t - 1)].contains(true) { return hot ? .oscillatingHot : .oscillatingCold }
        return hot ? .sporadicHot : .sporadicCold
    }
}

/// One cell of an emerging hot spot analysis.
public struct EmergingCell: Sendable, Hashable {
    public var id: CellID
    /// Tips over the whole window.
    public var count: Int
    public var category: EmergingCategory
    /// Slices in which the cell was a significant hot / cold spot.
    public var hotSlices: Int
    public var coldSlices: Int
    /// Gi* z of the final slice, its two-sided p and its confidence bin (−3…+3, after FDR).
    public var finalZ: Double
    public var finalP: Double
    public var finalBin: Int8
    /// Mann–Kendall trend of the cell's Gi* z-scores over the slices (the category's trend).
    public var zTrend: MannKendall
    /// Mann–Kendall trend of the cell's counts over the slices.
    public var countTrend: MannKendall
}

/// The result of an emerging hot spot analysis: the slices and every cell's category, cells
/// ranked hot categories first (in the enum's order), then by count.
public struct EmergingHotspots: Sendable {
    public var parameters: HotspotParameters
    public var slice: TimeSlice
    /// First instant of each slice; the last slice ends at the window's end.
    public var sliceStarts: [Timestamp]
    public var cells: [EmergingCell]
    public var tipsMatched: Int
    public var notes: [String]
    public var dataVersion: Int64 = 0
    let frame: GridFrame

    public var crs: String { frame.crs }

    /// Number of cells per category.
    public var categoryCounts: [(EmergingCategory, Int)] {
        var counts: [EmergingCategory: Int] = [:]
        for cell in cells { counts[cell.category, default: 0] += 1 }
        return EmergingCategory.allCases.compactMap { c in counts[c].map { (c, $0) } }
    }

    /// Cell outlines in lon/lat, in `cells` order.
    public func outlines(_ cells: ArraySlice<EmergingCell>) throws -> [Polygon] { try frame.outlines(cells.map(\.id)) }

    /// Cell centres in lon/lat.
    public func centres(_ cells: ArraySlice<EmergingCell>) throws -> [Coordinate] { try frame.centres(cells.map(\.id)) }
}
