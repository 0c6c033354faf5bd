extension TipStore {
    /// The tips of a tile as drawn: id, position, category code, report time (ISO 8601 as
    /// stored) and status — one lean query, no descriptions or tipster data.
    func tilePoints(_ filter: TipFilter) throws -> [(id: Int64, position: Coordinate, category: String, reportedAt: String, status: String)] {
        let (condition, values) = filter.sqlCondition()
        return try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT t.id, t.lon, t.lat, t.category, t.reported_at, t.status FROM tips t WHERE \(condition)")
            try statement.bind(values)
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
    func tilePositions(_ filter: TipFilter) throws -> [Coordinate] {
        var boxOnly = TipFilter()
        boxOnly.boundingBox = filter.boundingBox
        guard let box = filter.boundingBox, boxOnly == filter else {
            let (condition, values) = filter.sqlCondition()
            return try database.reader.sync { connection in
                let statement = try connection.prepare("SELECT t.lon, t.lat FROM tips t WHERE \(condition)")
                try statement.bind(values)
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
            return points
        }
    }
}
