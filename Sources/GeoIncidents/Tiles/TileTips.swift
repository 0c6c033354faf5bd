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
}
