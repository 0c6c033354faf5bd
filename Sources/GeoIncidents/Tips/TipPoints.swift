/// The tips an analysis works on: positions, report times and categories in parallel
/// arrays (no descriptions, no tipster data).
public struct TipPoints: Sendable {
    /// Positions, lon/lat.
    public var coordinates: [Coordinate] = []
    /// Report times, seconds since 1970 (UTC).
    public var times: [Int64] = []
    /// Categories.
    public var categories: [TipCategory] = []

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
        }
        return result
    }
}

extension TipStore {
    /// The positions, times and categories of the tips matching `filter`, in id order.
    public func points(_ filter: TipFilter = TipFilter()) throws -> TipPoints {
        try filter.validate()
        let (condition, values) = filter.sqlCondition()
        let categories = TipCategory.allCases
        let sql = "SELECT t.lon, t.lat, unixepoch(t.reported_at), \(TipCategory.sqlIndex) FROM tips t WHERE \(condition) ORDER BY t.id"
        return try database.reader.sync { connection in
            var points = TipPoints()
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            try statement.forEachRow { row in
                points.coordinates.append(Coordinate(x: row.double(0), y: row.double(1)))
                points.times.append(row.int64(2))
                points.categories.append(categories[min(categories.count - 1, row.int(3))])
            }
            return points
        }
    }
}

extension TipCategory {
    /// SQL over `t` giving the category's position in `allCases` (reads an integer per row
    /// instead of a string).
    static let sqlIndex = "CASE t.category " + allCases.enumerated().map { "WHEN '\($1.rawValue)' THEN \($0)" }.joined(separator: " ") + " END"
}
