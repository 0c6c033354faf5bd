import Foundation

/// Incidents in the store: every tip in exactly one (docs/incidents.md). Tips are grouped
/// as they arrive (``catchUp()``: the tips not yet in an incident, one at a time against the
/// recent ones) or all at once (``rebuild()``); officers merge and split, and their
/// decisions are replayed after every rebuild.
public struct IncidentStore: Sendable {
    public let database: GeoDatabase
    public let rules: IncidentRules
    /// More ungrouped tips than this are grouped by a full rebuild (one pass) rather than
    /// one by one.
    public static let rebuildThreshold = 20_000

    public init(database: GeoDatabase, rules: IncidentRules = IncidentRules()) {
        self.database = database
        self.rules = rules
    }

    /// The incidents `query` selects, in its order.
    public func list(_ query: IncidentQuery) throws -> [IncidentRecord] {
        let (condition, values) = query.sqlCondition()
        let order = query.order == .newestFirst ? "i.last_reported_at DESC, i.id DESC" : "i.id"
        return try database.reader.sync { connection in
            try Self.records(connection, where: condition, order: order + " LIMIT ? OFFSET ?",
                             values + [.int(Int64(max(0, min(query.limit, 100_000)))), .int(Int64(max(0, query.offset)))])
        }
    }

    /// How many incidents `query` selects (limit and offset aside).
    public func count(_ query: IncidentQuery) throws -> Int {
        let (condition, values) = query.sqlCondition()
        return try database.reader.sync { connection in
            Int(try connection.scalarInt("SELECT count(*) FROM incidents i JOIN tips a ON a.id = i.anchor_tip_id WHERE \(condition)", values) ?? 0)
        }
    }

    /// One incident, or nil.
    public func incident(id: Int64) throws -> IncidentRecord? {
        try database.reader.sync { try Self.records($0, where: "i.id = ?", order: "i.id", [.int(id)]).first }
    }

    /// Whether every tip of incident `id` lies in `communes` (true for an empty list: no scope).
    public func isWithin(_ id: Int64, communes: [String]) throws -> Bool {
        guard !communes.isEmpty else { return true }
        var query = IncidentQuery()
        query.scope = communes
        return try database.reader.sync { connection in
            let (condition, values) = query.sqlCondition()
            return (try connection.scalarInt("SELECT count(*) FROM incidents i JOIN tips a ON a.id = i.anchor_tip_id WHERE i.id = ? AND \(condition)", [.int(id)] + values) ?? 0) > 0
        }
    }

    /// The incident a tip is in, or nil when the tip is not grouped yet (or unknown).
    public func incident(ofTip tipID: Int64) throws -> Int64? {
        try database.reader.sync { try $0.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(tipID)]) }
    }

    /// An incident's member tips, in report order.
    public func members(of id: Int64) throws -> [IncidentMember] {
        try database.reader.sync { connection in
            let statement = try connection.prepare("""
                SELECT m.tip_id, m.link, m.linked_to, t.reported_at, t.category, t.channel, s.name, t.status
                FROM incident_members m JOIN tips t ON t.id = m.tip_id JOIN tip_sources s ON s.id = t.source_id
                WHERE m.incident_id = ? ORDER BY t.reported_at, t.id
                """)
            try statement.bind([.int(id)])
            var members: [IncidentMember] = []
            try statement.forEachRow { row in
                members.append(IncidentMember(tipID: row.int64(0), link: IncidentLink(rawValue: row.text(1)) ?? .first, linkedTo: row.isNull(2) ? nil : row.int64(2),
                                              reportedAt: Timestamp.parse(row.text(3)) ?? Timestamp(secondsSinceEpoch: 0), category: row.text(4),
                                              channel: row.text(5), source: row.text(6), status: TipStatus(rawValue: row.text(7)) ?? .received))
            }
            return members
        }
    }

    /// Counts: incidents, tips grouped, tips waiting to be grouped.
    public func counts() throws -> (incidents: Int, grouped: Int, waiting: Int) {
        try database.reader.sync { connection in
            let incidents = try connection.scalarInt("SELECT count(*) FROM incidents") ?? 0
            let grouped = try connection.scalarInt("SELECT count(*) FROM incident_members") ?? 0
            let tips = try connection.scalarInt("SELECT count(*) FROM tips") ?? 0
            return (Int(incidents), Int(grouped), Int(tips - grouped))
        }
    }

    static func records(_ connection: Connection, where condition: String, order: String, _ values: [SQLValue]) throws -> [IncidentRecord] {
        let statement = try connection.prepare("""
            SELECT i.id, i.anchor_tip_id, a.lon, a.lat, a.accuracy_m, a.locating_method, a.commune_code, a.province_code, i.status,
                   i.first_reported_at, i.last_reported_at, i.tips, i.copies, i.corroborations, i.repeats, i.categories, i.channels, i.sources
            FROM incidents i JOIN tips a ON a.id = i.anchor_tip_id
            WHERE \(condition) ORDER BY \(order)
            """)
        try statement.bind(values)
        var records: [IncidentRecord] = []
        func list(_ text: String) -> [String] { text.split(separator: ",").map(String.init).sorted() }
        try statement.forEachRow { row in
            records.append(IncidentRecord(
                id: row.int64(0), anchorTipID: row.int64(1), lon: row.double(2), lat: row.double(3), accuracyMeters: row.optionalDouble(4),
                locatingMethod: LocatingMethod(rawValue: row.text(5)) ?? .gps, communeCode: row.optionalText(6), provinceCode: row.optionalText(7),
                status: TipStatus(rawValue: row.text(8)) ?? .received,
                firstReportedAt: Timestamp.parse(row.text(9)) ?? Timestamp(secondsSinceEpoch: 0), lastReportedAt: Timestamp.parse(row.text(10)) ?? Timestamp(secondsSinceEpoch: 0),
                tips: row.int(11), copies: row.int(12), corroborations: row.int(13), repeats: row.int(14),
                categories: list(row.text(15)), channels: list(row.text(16)), sources: list(row.text(17))))
        }
        return records
    }
}
