/// How patrol needs are measured along shared borders.
public struct PatrolParameters: Sendable, Hashable {
    /// Borders between communes or between provinces.
    public var level: AdminLevel = .commune
    /// A tip counts for the nearest stretch of border within this many metres.
    public var borderDistanceMeters = 300.0
    /// Borders are cut into stretches of about this length (metres).
    public var stretchMeters = 2_000.0
    /// Recency weighting: a tip this many days older than the window's end counts half.
    public var halfLifeDays = 14.0
    /// Window length in days when the filter gives no `since` (7 for a weekly report).
    public var windowDays = 28
    /// Clusters behind the needs (their border distance is `borderDistanceMeters`).
    public var clusters = ClusterParameters()
    /// Communes whose tips alone may be counted (a commune-scoped token's); empty = tips on
    /// both sides of every chosen border, as joint patrols need.
    public var visibleCommunes: [String] = []

    public init(level: AdminLevel = .commune, borderDistanceMeters: Double = 300, stretchMeters: Double = 2_000, halfLifeDays: Double = 14) {
        (self.level, self.borderDistanceMeters, self.stretchMeters, self.halfLifeDays) = (level, borderDistanceMeters, stretchMeters, halfLifeDays)
        clusters.borderDistanceMeters = borderDistanceMeters
    }

    /// Throws a clear error naming the option when a value is out of range.
    public func validate() throws {
        guard level != .neighbourhood else { throw GeoIncidentsError.invalidInput("border level must be commune or province") }
        guard borderDistanceMeters.isFinite, borderDistanceMeters > 0, borderDistanceMeters <= 10_000 else {
            throw GeoIncidentsError.invalidInput("border distance must be more than 0 and at most 10000 metres, got \(borderDistanceMeters)")
        }
        guard stretchMeters.isFinite, stretchMeters >= 100 else {
            throw GeoIncidentsError.invalidInput("stretch must be at least 100 metres, got \(stretchMeters)")
        }
        guard windowDays >= 1, windowDays <= 3_660 else { throw GeoIncidentsError.invalidInput("days must be 1…3660, got \(windowDays)") }
        guard halfLifeDays.isFinite, halfLifeDays > 0 else { throw GeoIncidentsError.invalidInput("half-life must be a positive number of days, got \(halfLifeDays)") }
        try clusters.validate()
    }
}
