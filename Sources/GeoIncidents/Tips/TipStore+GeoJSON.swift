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
        /// Tips matching the filter in all, from the same snapshot as the page.
        public var matched: Int

        public init(features: String, count: Int, lastID: Int64?, matched: Int) {
            self.features = features
            self.count = count
            self.lastID = lastID
            self.matched = matched
        }
    }

    /// Tip `id` as one GeoJSON Feature (the same bytes as in a page), or nil when there is
    /// none, or none in `communes` when they are given.
    public func feature(id: Int64, communes: [String] = [], contacts: Bool = false) throws -> String? {
        guard id > 0 else { return nil }
        let contactJoin = contacts ? " LEFT JOIN tipster_contacts c ON c.tip_id = t.id" : ""
        var sql = "SELECT \(Self.featureColumns(contacts: contacts)) FROM tips t JOIN tip_sources s ON s.id = t.source_id\(contactJoin) WHERE t.id = ?"
        var values: [SQLValue] = [.int(id)]
        if !communes.isEmpty {
            sql += " AND t.commune_code IN (\(communes.map { _ in "?" }.joined(separator: ",")))"
            values += communes.map(SQLValue.text)
        }
        return try database.read { connection in
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            var out = JSONOutput(capacity: 1_024)
            var found = false
            try statement.forEachRow { _ in
                Self.appendFeature(statement, to: &out, contacts: contacts)
                found = true
            }
            return found ? out.string : nil
        }
    }

    /// The columns ``appendFeature(_:to:contacts:)`` reads, in its order (over `t`, `s` and,
    /// with contacts, `c`).
    static func featureColumns(contacts: Bool) -> String {
        """
        t.id, t.external_id, s.name, t.reported_at, t.received_at, t.category, t.channel, t.status, t.description,
        t.accuracy_m, t.province_code, t.commune_code, t.neighbourhood_code, t.assignment_method, t.boundary_distance_m,
        t.lon, t.lat, t.locating_method
        """ + (contacts ? ", c.tip_id, c.name, c.phone, c.zalo_id, c.note" : "")
    }

    /// Tips matching `filter` after `afterID`, in id order, at most `limit`, as GeoJSON, and
    /// how many match in all: both read in one transaction, so the total is the page's.
    public func featurePage(_ filter: TipFilter, afterID: Int64? = nil, limit: Int, contacts: Bool = false) throws -> FeaturePage {
        try featurePage(across: [filter], afterID: afterID, limit: limit, contacts: contacts)
    }

    /// One page over several disjoint filters (the two halves of a box across the
    /// antimeridian), merged by id; `matched` is the sum of their totals.
    public func featurePage(across filters: [TipFilter], afterID: Int64? = nil, limit: Int, contacts: Bool = false) throws -> FeaturePage {
        for filter in filters { try filter.validate() }
        guard !filters.isEmpty else { return FeaturePage(features: "", count: 0, lastID: nil, matched: 0) }
        var conditions: [String] = [], values: [SQLValue] = []
        var id = "t.id"
        for filter in filters {
            let (condition, pageValues, order) = filter.pageCondition(afterID: afterID)
            conditions.append("(\(condition))")
            values += pageValues
            if filters.count == 1 { id = order }
        }
        values.append(.int(Int64(max(0, limit))))
        let contactJoin = contacts ? " LEFT JOIN tipster_contacts c ON c.tip_id = t.id" : ""
        let sql = """
            SELECT \(Self.featureColumns(contacts: contacts))
            FROM tips t JOIN tip_sources s ON s.id = t.source_id\(contactJoin)
            WHERE \(conditions.joined(separator: " OR ")) ORDER BY \(id) LIMIT ?
            """
        return try database.read { connection in
            var matched = 0
            for filter in filters {
                let (countCondition, countValues) = filter.sqlCondition()
                matched += Int(try connection.scalarInt("SELECT count(*) FROM tips t WHERE \(countCondition)", countValues) ?? 0)
            }
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
            return FeaturePage(features: out.string, count: count, lastID: last, matched: matched)
        }
    }

    /// The properties after `external_id`, in output order: the JSON text before each value,
    /// its column in ``featureColumns(contacts:)``, and how the value is written.
    private static let featureProperties: [(prefix: String, column: Int32, kind: PropertyKind)] = ([
        ("source", 2, .text), ("reported_at", 3, .text), ("received_at", 4, .text), ("category", 5, .text), ("channel", 6, .text),
        ("status", 7, .text), ("description", 8, .text), ("accuracy_m", 9, .number), ("located_by", 17, .text), ("province_code", 10, .text),
        ("commune_code", 11, .text), ("neighbourhood_code", 12, .text), ("assignment_method", 13, .text),
        ("boundary_distance_m", 14, .distance),
    ] as [(String, Int32, PropertyKind)]).map { (#",""# + $0.0 + #"":"#, $0.1, $0.2) }

    private enum PropertyKind { case text, number, distance }

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
        for property in featureProperties {
            out += property.prefix
            switch property.kind {
            case .text: text(property.column)
            case .number: number(property.column)
            case .distance: number(property.column, decimals: 10)
            }
        }
        if contacts {
            out += #","tipster":"#
            if statement.isNull(18) { out += "null" } else {
                out += #"{"name":"#; text(19)
                out += #","note":"#; text(22)
                out += #","phone":"#; text(20)
                out += #","zalo_id":"#; text(21)
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
