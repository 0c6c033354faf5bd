/// An officer's correction of a stored tip's position (`PATCH /tips/{id}` with `lon`, `lat`):
/// a tip located from its text to a commune, or a GPS fix known to be off, gets the point the
/// officer confirmed, with an audit trail.
extension TipStore {
    /// One entry of a tip's location trail.
    public struct LocationChange: Sendable, Hashable {
        public var from: Coordinate
        public var fromMethod: LocatingMethod
        public var fromAccuracyMeters: Double?
        public var to: Coordinate
        public var at: Timestamp
        public var tokenID: Int64?
        public var note: String?
    }

    /// Moves tip `id` to `location` with `assignment` (from the boundary index): method `gps`,
    /// accuracy unknown, the index tables kept in step by their triggers, the old position
    /// and method recorded in `tip_location_history`. Returns the moved tip.
    public func relocate(id: Int64, to location: Coordinate, assignment: Assignment, note: String? = nil, tokenID: Int64? = nil) throws -> TipRecord {
        if let problem = location.lonLatProblem { throw GeoIncidentsError.invalidInput(problem) }
        try database.writer.sync { connection in
            try connection.transaction {
                try Self.relocate(id: id, to: location, assignment: assignment, note: note, tokenID: tokenID, connection: connection)
                try connection.bumpDataVersion()
            }
        }
        guard let record = try tip(id: id) else { throw GeoIncidentsError.notFound("no tip with id \(id)") }
        return record
    }

    /// ``relocate(id:to:assignment:note:tokenID:)`` inside the caller's transaction (which
    /// bumps the data version).
    static func relocate(id: Int64, to location: Coordinate, assignment: Assignment, note: String?, tokenID: Int64?, connection: Connection) throws {
        let statement = try connection.prepare("SELECT lon, lat, locating_method, accuracy_m FROM tips WHERE id = ?")
        try statement.bind([.int(id)])
        var current: (Coordinate, String, Double?)?
        try statement.forEachRow { current = (Coordinate(x: $0.double(0), y: $0.double(1)), $0.text(2), $0.optionalDouble(3)) }
        guard let current else { throw GeoIncidentsError.notFound("no tip with id \(id)") }
        func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
        try connection.run("""
            UPDATE tips SET lon = ?, lat = ?, geom = ?, hilbert = ?, accuracy_m = NULL, locating_method = 'gps',
                province_code = ?, commune_code = ?, neighbourhood_code = ?, assignment_method = ?, boundary_distance_m = ?
            WHERE id = ?
            """, [.double(location.x), .double(location.y), .blob(SpatiaLiteBlob.point(location)), .int(HilbertKey.key(location)),
                  text(assignment.provinceCode), text(assignment.communeCode), text(assignment.neighbourhoodCode),
                  .text(assignment.method.rawValue), assignment.boundaryDistanceMeters.map(SQLValue.double) ?? .null, .int(id)])
        try connection.run("""
            INSERT INTO tip_location_history (tip_id, from_lon, from_lat, from_method, from_accuracy_m, to_lon, to_lat, at, token_id, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.int(id), .double(current.0.x), .double(current.0.y), .text(current.1), current.2.map(SQLValue.double) ?? .null,
                  .double(location.x), .double(location.y), .text(Timestamp.now().iso8601), tokenID.map(SQLValue.int) ?? .null, text(note)])
    }

    /// The location trail of a tip, oldest first.
    public func locationHistory(id: Int64) throws -> [LocationChange] {
        try database.read { connection in
            let statement = try connection.prepare("""
                SELECT from_lon, from_lat, from_method, from_accuracy_m, to_lon, to_lat, at, token_id, note
                FROM tip_location_history WHERE tip_id = ? ORDER BY rowid
                """)
            try statement.bind([.int(id)])
            var changes: [LocationChange] = []
            try statement.forEachRow { row in
                changes.append(LocationChange(from: Coordinate(x: row.double(0), y: row.double(1)), fromMethod: LocatingMethod(rawValue: row.text(2)) ?? .gps,
                                              fromAccuracyMeters: row.optionalDouble(3), to: Coordinate(x: row.double(4), y: row.double(5)),
                                              at: Timestamp.parse(row.text(6)) ?? Timestamp(secondsSinceEpoch: 0),
                                              tokenID: row.isNull(7) ? nil : row.int64(7), note: row.optionalText(8)))
            }
            return changes
        }
    }
}
