/// One stretch of shared border and the trouble along it.
public struct PatrolNeed: Sendable {
    /// The two units (codes, `codeA` the smaller) and their provinces (communes only).
    public var codeA: String
    public var codeB: String
    public var provinceA: String?
    public var provinceB: String?
    /// Position of the stretch along the border (0-based) and the border's stretch count.
    public var stretch: Int
    public var stretchCount: Int
    /// The stretch in lon/lat, and its length in metres.
    public var lines: [[Coordinate]]
    public var lengthMeters: Double
    /// Tips within the border distance whose nearest stretch this is: in the window, in the
    /// previous window of equal length, and the window's recency-weighted sum.
    public var tips: Int
    public var previousTips: Int
    public var weightedTips: Double
    /// Share of the window's tips reported at night (22:00–05:59, Vietnam time).
    public var nightShare: Double
    /// The window's tips per category, in `TipCategory.allCases` order.
    public var categoryCounts: [Int]
    /// The window's tips per hour of day (Vietnam time).
    public var hourCounts: [Int]
    /// Share of the window's tips that no active camera sees; nil without cameras.
    public var unseenShare: Double?
    /// Keys of the border clusters whose nearest stretch (within the distance) this is.
    public var clusterKeys: [Int64]
    /// Trend against the previous window: (tips − previous) / √(tips + previous), the
    /// conditional Poisson test's z (0 when both are 0).
    public var trendZ: Double
    /// The ranking score (see `PatrolNeedsBuilder`).
    public var score: Double

    /// "rising" (z ≥ 1.96), "falling" (z ≤ −1.96) or "steady".
    public var trend: String { trendZ >= 1.96 ? "rising" : (trendZ <= -1.96 ? "falling" : "steady") }

    /// Busiest hours of day (Vietnam time), most tips first: up to `count`.
    public func peakHours(_ count: Int = 3) -> [Int] {
        (0..<24).filter { hourCounts[$0] > 0 }.sorted { hourCounts[$0] != hourCounts[$1] ? hourCounts[$0] > hourCounts[$1] : $0 < $1 }.prefix(count).map { $0 }
    }
}

/// Patrol needs along the shared borders of a scope over a time window, ranked.
public struct PatrolNeeds: Sendable {
    /// Stretches with at least one tip in either window, highest score first.
    public var needs: [PatrolNeed]
    /// The window [since, until) and the previous one [previousSince, since).
    public var since: Timestamp
    public var until: Timestamp
    public var previousSince: Timestamp
    public var parameters: PatrolParameters
    /// Borders and stretches considered; tips in the window and near a border.
    public var borderCount: Int
    public var stretchCount: Int
    public var windowTips: Int
    public var nearBorderTips: Int
    /// The border clusters of the window (the ones `clusterKeys` name).
    public var clusters: [TipCluster]
    public var crs: String
    public var dataVersion: Int64 = 0
    /// Tips of both windows left out because their text named a place wider than the border
    /// distance (``TipPoints/finerThan(_:)``).
    public var leftOutCoarse = 0
}
