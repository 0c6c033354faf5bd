/// The tips the cluster, coverage and patrol analyses work on: positions, times and categories (as
/// `TipPoints`), plus each tip's id and its province, commune and neighbourhood as indices
/// into code tables (−1 = none). No descriptions, no tipster data.
public struct UnitTips: Sendable {
    public var ids: [Int64] = []
    public var points = TipPoints()
    public var provinces: [Int32] = []
    public var communes: [Int32] = []
    public var neighbourhoods: [Int32] = []
    public var provinceCodes: [String] = []
    public var communeCodes: [String] = []
    public var neighbourhoodCodes: [String] = []

    public init() {}

    /// Number of tips.
    public var count: Int { ids.count }

    /// Appends one tip (codes interned through `interned`).
    mutating func append(id: Int64, coordinate: Coordinate, time: Int64, category: TipCategory, radius: Float = 0,
                         province: String?, commune: String?, neighbourhood: String?, interned: inout Interning) {
        ids.append(id)
        points.coordinates.append(coordinate)
        points.times.append(time)
        points.categories.append(category)
        points.radii.append(radius)
        provinces.append(interned.index(province, in: &provinceCodes, table: 0))
        communes.append(interned.index(commune, in: &communeCodes, table: 1))
        neighbourhoods.append(interned.index(neighbourhood, in: &neighbourhoodCodes, table: 2))
    }

    /// The tips precise enough for an analysis at `scaleMeters` (``TipPoints/finerThan(_:)``)
    /// and how many were left out; code tables are kept as they are.
    public func finerThan(_ scaleMeters: Double) -> (tips: UnitTips, leftOut: Int) {
        guard let mask = points.indices(finerThan: scaleMeters) else { return (self, 0) }
        var kept = self
        kept.points = points.subset { mask[$0] }
        let keep = mask.indices.filter { mask[$0] }
        kept.ids = keep.map { ids[$0] }
        kept.provinces = keep.map { provinces[$0] }
        kept.communes = keep.map { communes[$0] }
        kept.neighbourhoods = keep.map { neighbourhoods[$0] }
        return (kept, count - kept.count)
    }

    /// ``finerThan(_:)`` for an analysis that needs at least one tip (``TipPoints/finerThan(_:scale:)``).
    public func finerThan(_ scaleMeters: Double, scale: String) throws -> (tips: UnitTips, leftOut: Int) {
        let result = finerThan(scaleMeters)
        try LocationRadius.requireSome(kept: result.tips.count, leftOut: result.leftOut, scaleMeters: scaleMeters, scale: scale)
        return result
    }

    /// Code → index maps while reading.
    struct Interning {
        private var maps: [[String: Int32]] = [[:], [:], [:]]
        mutating func index(_ code: String?, in codes: inout [String], table: Int) -> Int32 {
            guard let code else { return -1 }
            if let index = maps[table][code] { return index }
            let index = Int32(codes.count)
            codes.append(code)
            maps[table][code] = index
            return index
        }
    }
}

extension TipStore {
    /// The tips matching `filter` with their ids and units, in id order.
    public func unitTips(_ filter: TipFilter = TipFilter()) throws -> UnitTips {
        try filter.validate()
        let (condition, values) = filter.sqlCondition()
        let categories = TipCategory.allCases
        let sql = """
            SELECT t.id, t.lon, t.lat, unixepoch(t.reported_at), \(TipCategory.sqlIndex), t.province_code, t.commune_code, t.neighbourhood_code,
                \(LocationRadius.sql)
            FROM tips t WHERE \(condition) ORDER BY t.id
            """
        return try database.reader.sync { connection in
            var tips = UnitTips()
            var interned = UnitTips.Interning()
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            try statement.forEachRow { row in
                tips.append(id: row.int64(0), coordinate: Coordinate(x: row.double(1), y: row.double(2)), time: row.int64(3),
                            category: categories[min(categories.count - 1, row.int(4))], radius: Float(row.double(8)),
                            province: row.optionalText(5), commune: row.optionalText(6), neighbourhood: row.optionalText(7), interned: &interned)
            }
            if !tips.points.radii.contains(where: { $0 > 0 }) { tips.points.radii = [] }
            return tips
        }
    }
}
