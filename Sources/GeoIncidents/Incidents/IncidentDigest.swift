/// The incidents of a window at a glance, for the commander's report: how many events the
/// window's tips were, how many forwarded copies counted once, how many events several
/// residents reported independently (the credibility signal), and the most corroborated.
public struct IncidentDigest: Sendable, Hashable {
    /// Incidents with a report in the window (of the query).
    public var incidents: Int
    /// Their member tips, and of them forwarded copies.
    public var tips: Int, copies: Int
    /// Incidents with two or more independent reports.
    public var corroborated: Int
    /// The most corroborated incidents: most independent reports first, then the newest.
    public var top: [IncidentRecord]
}

extension IncidentStore {
    /// The digest of the incidents `query` selects (its limit: how many to list in ``IncidentDigest/top``).
    public func digest(_ query: IncidentQuery) throws -> IncidentDigest {
        var corroborated = query
        corroborated.minimumIndependentReports = max(2, query.minimumIndependentReports)
        let (condition, values) = query.sqlCondition()
        let (topCondition, topValues) = corroborated.sqlCondition()
        return try database.reader.sync { connection in
            let statement = try connection.prepare("""
                SELECT count(*), total(i.tips), total(i.copies), total(i.corroborations > 0)
                FROM incidents i JOIN tips a ON a.id = i.anchor_tip_id WHERE \(condition)
                """)
            try statement.bind(values)
            var counts = (0, 0, 0, 0)
            try statement.forEachRow { counts = ($0.int(0), Int($0.double(1)), Int($0.double(2)), Int($0.double(3))) }
            let top = try Self.records(connection, where: topCondition, order: "i.corroborations DESC, i.last_reported_at DESC, i.id DESC LIMIT ?",
                                       topValues + [.int(Int64(max(0, min(query.limit, 1_000))))])
            return IncidentDigest(incidents: counts.0, tips: counts.1, copies: counts.2, corroborated: counts.3, top: top)
        }
    }
}
