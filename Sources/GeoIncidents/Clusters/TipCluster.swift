/// One DBSCAN cluster of tips, with what a commander needs to judge it.
public struct TipCluster: Sendable {
    /// Stable name: the smallest id among the cluster's core tips (core tips never change
    /// cluster between runs or implementations).
    public var key: Int64
    /// Members (core and border tips).
    public var size: Int
    /// Core tips.
    public var coreCount: Int
    /// The members' tip ids, ascending (for coverage and other joins; not in exports).
    public var memberIDs: [Int64]
    /// Convex hull in lon/lat, counter-clockwise and closed (first position repeated), of
    /// the tips chosen by `ClusterParameters.hullTips`; one or two positions when they are
    /// a single place or collinear. Its vertices are tip positions: not for public output.
    public var hull: [Coordinate]
    /// Hull area in m² (projected CRS).
    public var areaSquareMeters: Double
    /// Mean position of the members, lon/lat.
    public var centroid: Coordinate
    /// Earliest and latest report.
    public var firstReport: Timestamp
    public var lastReport: Timestamp
    /// Members per category, in `TipCategory.allCases` order.
    public var categoryCounts: [Int]
    /// Members per weekday and hour of day in Vietnam time (UTC+7): index
    /// `weekday * 24 + hour`, Monday = 0.
    public var hourByWeekday: [Int]
    /// Units the members lie in, largest share first.
    public var provinces: [UnitShare]
    public var communes: [UnitShare]
    public var neighbourhoods: [UnitShare]
    /// The nearest shared border (within the search distance), from the hull.
    public var nearestBorder: BorderDistance?
    /// Whether it spans two or more communes (of the hull tips).
    public var spansCommunes: Bool
    /// Whether its hull lies within the border distance of a border.
    public var nearBorder: Bool
    /// Every commune involved in a border cluster: those it spans and the two sharing the
    /// nearby border (empty for other clusters), in code order; and their provinces.
    public var borderCommunes: [String]
    public var borderProvinces: [String]

    /// A border cluster: spans two or more communes, or lies near a border.
    public var isBorder: Bool { spansCommunes || nearBorder }

    /// The busiest hours of day (0–23, Vietnam time), most reports first: up to `count`.
    public func peakHours(_ count: Int = 3) -> [Int] {
        var byHour = [Int](repeating: 0, count: 24)
        for (index, n) in hourByWeekday.enumerated() { byHour[index % 24] += n }
        return (0..<24).filter { byHour[$0] > 0 }.sorted { byHour[$0] != byHour[$1] ? byHour[$0] > byHour[$1] : $0 < $1 }.prefix(count).map { $0 }
    }
}

/// How many of a cluster's (or border's) tips lie in one unit.
public struct UnitShare: Sendable, Hashable {
    public var code: String
    public var count: Int
    /// count ÷ the cluster's size.
    public var share: Double
}

/// A shared border and how far something is from it.
public struct BorderDistance: Sendable, Hashable {
    public var codeA: String
    public var codeB: String
    public var distanceMeters: Double
}

/// The clusters of the tips matching a filter.
public struct ClusterAnalysis: Sendable {
    /// Clusters, largest first (ties by key).
    public var clusters: [TipCluster]
    /// Tips clustered (after the filter).
    public var tipCount: Int
    public var noiseCount: Int
    public var coreCount: Int
    /// The projected CRS used.
    public var crs: String
    public var parameters: ClusterParameters
    /// Shared borders considered.
    public var borderCount: Int
    /// `meta.data_version` the analysis was computed at.
    public var dataVersion: Int64 = 0
    /// Tips left out because their text named a place wider than `eps` (``TipPoints/finerThan(_:)``).
    public var leftOutCoarse = 0

    /// The border clusters only.
    public var borderClusters: [TipCluster] { clusters.filter(\.isBorder) }
}
