/// Tip pages written as GeoJSON straight from SQLite rows, for the HTTP service: no
/// intermediate records, text columns copied as bytes. Same features as ``TipRecord`` would
/// give (properties in the same order), without the tipster unless `contacts` is set.
extension TipStore {
    /// One page of features.
    public struct FeaturePage: Sendable {
        /// The features, comma-separated (to go inside a FeatureCollection's array).
        public var features: String
        public var count: Int
        /// The id of the last feature, for the next page's cursor.
        public var lastID: Int64?

        public init(features: String, count: Int, lastID: Int64?) {
            self.features = features
            self.count = count
            self.lastID = lastID
        }
    }

    /// The columns ``appendFeature(_:to:contacts:)`` reads, in its order (over `t`, `s` and,
    /// with contacts, `c`).
    static func featureColumns(contacts: Bool) -> String {
        """
        t.id, t.external_id, s.name, t.reported_at, t.received_at, t.category, t.channel, t.status, t.description,
        t.accuracy_m, t.province_code, t.commune_code, t.neighbourhood_code, t.assignment_method, t.boundary_distance_m,
        t.lon, t.lat
        """ + (contacts ? ", c.tip_id, c.name, c.phone, c.zalo_id, c.note" : "")
    }

    /// Tips matching `filter` after `afterID`, in id order, at most `limit`, as GeoJSON.
    public func featurePage(_ filter: TipFilter, afterID: Int64? = nil, limit: Int, contacts: Bool = false) throws -> FeaturePage {
        try filter.validate()
        let (condition, pageValues, id) = filter.pageCondition(afterID: afterID)
        let values = pageValues + [.int(Int64(max(0, limit)))]
        let contactJoin = contacts ? " LEFT JOIN tipster_contacts c ON c.tip_id = t.id" : ""
        let sql = """
            SELECT \(Self.featureColumns(contacts: contacts))
            FROM tips t JOIN tip_sources s ON s.id = t.source_id\(contactJoin)
            WHERE \(condition) ORDER BY \(id) LIMIT ?
            """
        return try database.reader.sync { connection in
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            var out = JSONOutput(capacity: 512 * max(1, min(limit, 10_000)))
            var count = 0
            var last: Int64?
            try statement.forEachRow { _ in
                if count > 0 { out += "," }
                Self.appendFeature(statement, to: &out, contacts: contacts)
                count += 1
                last = statement.int64(0)
            }
            return FeaturePage(features: out.string, count: count, lastID: last)
        }
    }

    /// Writes the current row of a statement selecting ``featureColumns(contacts:)`` as one
    /// GeoJSON Feature: the one definition of a tip feature's bytes, for pages from SQL and
    /// for the in-memory ``TipPageSnapshot``.
    static func appendFeature(_ statement: Statement, to out: inout JSONOutput, contacts: Bool) {
        func text(_ column: Int32) {
            if statement.isNull(column) { out += "null"; return }
            statement.withTextBytes(column) { out.appendString(utf8: $0) }
        }
        func number(_ column: Int32, decimals: Double? = nil) {
            if statement.isNull(column) { out += "null"; return }
            let v = statement.double(column)
            out += GeoJSONWriter.number(decimals.map { (v * $0).rounded() / $0 } ?? v)
        }
        out += #"{"type":"Feature","id":"#
        out += String(statement.int64(0))
        out += #","properties":{"external_id":"#
        text(1)
        out += #","source":"#; text(2)
        out += #","reported_at":"#; text(3)
        out += #","received_at":"#; text(4)
        out += #","category":"#; text(5)
        out += #","channel":"#; text(6)
        out += #","status":"#; text(7)
        out += #","description":"#; text(8)
        out += #","accuracy_m":"#; number(9)
        out += #","province_code":"#; text(10)
        out += #","commune_code":"#; text(11)
        out += #","neighbourhood_code":"#; text(12)
        out += #","assignment_method":"#; text(13)
        out += #","boundary_distance_m":"#; number(14, decimals: 10)
        if contacts {
            out += #","tipster":"#
            if statement.isNull(17) { out += "null" } else {
                out += #"{"name":"#; text(18)
                out += #","note":"#; text(21)
                out += #","phone":"#; text(19)
                out += #","zalo_id":"#; text(20)
                out += "}"
            }
        }
        out += #"},"geometry":{"type":"Point","coordinates":["#
        out += GeoJSONWriter.number(statement.double(15))
        out += ","
        out += GeoJSONWriter.number(statement.double(16))
        out += "]}}"
    }
}
