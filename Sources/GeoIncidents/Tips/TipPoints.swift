/// The tips an analysis works on: positions, report times and categories in parallel
/// arrays (no descriptions, no tipster data).
public struct TipPoints: Sendable {
    /// Positions, lon/lat.
    public var coordinates: [Coordinate] = []
    /// Report times, seconds since 1970 (UTC).
    public var times: [Int64] = []
    /// Categories.
    public var categories: [TipCategory] = []
    /// How far each tip's true place may lie from its point, in metres: 0 for a GPS position,
    /// the accuracy radius of the place, neighbourhood or commune its text named otherwise
    /// (see ``finerThan(_:)``). Empty: every tip has a GPS position.
    public var radii: [Float] = []

    public init() {}

    /// Number of tips.
    public var count: Int { coordinates.count }

    /// The tips whose index passes `include`.
    func subset(_ include: (Int) -> Bool) -> TipPoints {
        var result = TipPoints()
        for i in 0..<count where include(i) {
            result.coordinates.append(coordinates[i])
            result.times.append(times[i])
            result.categories.append(categories[i])
            if !radii.isEmpty { result.radii.append(radii[i]) }
        }
        return result
    }

    /// The tips precise enough for an analysis working at `scaleMeters` (a grid cell, a
    /// DBSCAN radius, a border distance), and how many were left out: a tip with a GPS
    /// position always enters; a tip located from its text enters only when the whole place
    /// it named lies within `scaleMeters` of its point (accuracy radius ≤ scale). A tip known
    /// only to its commune never becomes a 250 m hot spot at the commune's centre.
    public func finerThan(_ scaleMeters: Double) -> (tips: TipPoints, leftOut: Int) {
        guard let keep = indices(finerThan: scaleMeters) else { return (self, 0) }
        let kept = subset { keep[$0] }
        return (kept, count - kept.count)
    }

    /// ``finerThan(_:)`` for an analysis that needs at least one tip: throws, naming the
    /// `scale`, when every tip was left out.
    public func finerThan(_ scaleMeters: Double, scale: String) throws -> (tips: TipPoints, leftOut: Int) {
        let result = finerThan(scaleMeters)
        try LocationRadius.requireSome(kept: result.tips.count, leftOut: result.leftOut, scaleMeters: scaleMeters, scale: scale)
        return result
    }

    /// Which tips ``finerThan(_:)`` keeps, by index; nil when it keeps them all.
    func indices(finerThan scaleMeters: Double) -> [Bool]? {
        let limit = Float(scaleMeters)
        guard radii.contains(where: { !($0 <= limit) }) else { return nil }
        return radii.map { $0 <= limit }
    }
}

/// SQL over `t` giving a tip's location radius for ``TipPoints/radii``: 0 for GPS.
public enum LocationRadius {
    static let sql = "CASE WHEN t.locating_method = 'gps' THEN 0 ELSE coalesce(t.accuracy_m, 1e30) END"

    /// The same rule as ``TipPoints/finerThan(_:)`` as an SQL condition over the tips table
    /// (alias `t` or none), with one parameter: the scale in metres.
    static func finerThanSQL(alias: String = "t.") -> String {
        "(\(alias)locating_method = 'gps' OR \(alias)accuracy_m <= ?)"
    }

    /// Throws a clear error when every matching tip was left out (else the analysis would
    /// answer "no tips" without saying why).
    public static func requireSome(kept: Int, leftOut: Int, scaleMeters: Double, scale: String) throws {
        guard kept == 0, leftOut > 0 else { return }
        throw GeoIncidentsError.notFound("all \(leftOut) matching tips are known only to a place, neighbourhood or commune wider than the \(GeoJSONWriter.number(scaleMeters)) m \(scale): use a coarser scale, or place them (docs/locator.md)")
    }

    /// The note an analysis adds when it left tips out.
    public static func note(leftOut: Int, scaleMeters: Double, scale: String) -> String? {
        guard leftOut > 0 else { return nil }
        return "\(leftOut) tips located only to a place, neighbourhood or commune wider than the \(GeoJSONWriter.number(scaleMeters)) m \(scale) were left out (they count in per-unit statistics; docs/locator.md)"
    }
}

extension TipStore {
    /// The positions, times and categories of the tips matching `filter`, in id order.
    public func points(_ filter: TipFilter = TipFilter()) throws -> TipPoints {
        try filter.validate()
        let (condition, values) = filter.sqlCondition()
        let categories = TipCategory.allCases
        let sql = "SELECT t.lon, t.lat, unixepoch(t.reported_at), \(TipCategory.sqlIndex), \(LocationRadius.sql) FROM tips t WHERE \(condition) ORDER BY t.id"
        return try database.reader.sync { connection in
            var points = TipPoints()
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            try statement.forEachRow { row in
                points.coordinates.append(Coordinate(x: row.double(0), y: row.double(1)))
                points.times.append(row.int64(2))
                points.categories.append(categories[min(categories.count - 1, row.int(3))])
                points.radii.append(Float(row.double(4)))
            }
            if !points.radii.contains(where: { $0 > 0 }) { points.radii = [] }
            return points
        }
    }
}

extension TipCategory {
    /// SQL over `t` giving the category's position in `allCases` (reads an integer per row
    /// instead of a string).
    static let sqlIndex = "CASE t.category " + allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ") + " END"
}
