extension TipStore {
    /// The widest place a tip drawn as a point may stand for, in metres (see `tilePositions`).
    static let pinScaleMeters = 100.0

    /// The tips of a tile as drawn: id, position, category code, report time (ISO 8601 as
    /// stored) and status — one lean query, no descriptions or tipster data.
    func tilePoints(_ filter: TipFilter) throws -> [(id: Int64, position: Coordinate, category: String, reportedAt: String, status: String)] {
        let (condition, values) = filter.sqlCondition()
        return try database.reader.sync { connection in
            let statement = try connection.prepare("""
                SELECT t.id, t.lon, t.lat, t.category, t.reported_at, t.status FROM tips t
                WHERE \(condition) AND \(LocationRadius.finerThanSQL())
                """)
            try statement.bind(values + [.double(Self.pinScaleMeters)])
            var rows: [(id: Int64, position: Coordinate, category: String, reportedAt: String, status: String)] = []
            try statement.forEachRow { row in
                rows.append((row.int64(0), Coordinate(x: row.double(1), y: row.double(2)), row.text(3), row.text(4), row.text(5)))
            }
            return rows
        }
    }

    /// Positions of the tips in `filter`'s box. When the box is the whole filter, the
    /// positions are read from `tip_cells` alone (it holds lon and lat), one range scan per
    /// Hilbert range and no `tips` row: the aggregated tiles need nothing else.
    ///
    /// Tips located from text to a place wider than ``pinScaleMeters`` are not drawn as
    /// points (their point is a stand-in on the unit, not a position): they count on their
    /// unit in the commune layer instead.
    func tilePositions(_ filter: TipFilter) throws -> [Coordinate] {
        var boxOnly = TipFilter()
        boxOnly.boundingBox = filter.boundingBox
        guard let box = filter.boundingBox, boxOnly == filter else {
            let (condition, values) = filter.sqlCondition()
            return try database.reader.sync { connection in
                let statement = try connection.prepare("SELECT t.lon, t.lat FROM tips t WHERE \(condition) AND \(LocationRadius.finerThanSQL())")
                try statement.bind(values + [.double(Self.pinScaleMeters)])
                var points: [Coordinate] = []
                try statement.forEachRow { points.append(Coordinate(x: $0.double(0), y: $0.double(1))) }
                return points
            }
        }
        let ranges = HilbertKey.ranges(covering: box)
        let scan = "SELECT h.lon, h.lat FROM tip_cells h WHERE h.hilbert BETWEEN ? AND ? AND h.lon BETWEEN ? AND ? AND h.lat BETWEEN ? AND ?"
        var values: [SQLValue] = []
        for r in ranges { values += [.int(r.lowerBound), .int(r.upperBound), .double(box.minX), .double(box.maxX), .double(box.minY), .double(box.maxY)] }
        return try database.reader.sync { connection in
            let statement = try connection.prepare(ranges.map { _ in scan }.joined(separator: " UNION ALL "))
            try statement.bind(values)
            var points: [Coordinate] = []
            try statement.forEachRow { points.append(Coordinate(x: $0.double(0), y: $0.double(1))) }
            // tip_cells holds every tip: take the coarse ones back out (few; a partial index).
            var coarse: [Coordinate: Int] = [:]
            let text = try connection.prepare("""
                SELECT lon, lat FROM tips INDEXED BY tips_text_located WHERE locating_method <> 'gps' AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?
                AND NOT \(LocationRadius.finerThanSQL(alias: ""))
                """)
            try text.bind([.double(box.minX), .double(box.maxX), .double(box.minY), .double(box.maxY), .double(Self.pinScaleMeters)])
            try text.forEachRow { coarse[Coordinate(x: $0.double(0), y: $0.double(1)), default: 0] += 1 }
            guard !coarse.isEmpty else { return points }
            return points.filter { point in
                guard let n = coarse[point], n > 0 else { return true }
                coarse[point] = n - 1
                return false
            }
        }
    }
}
