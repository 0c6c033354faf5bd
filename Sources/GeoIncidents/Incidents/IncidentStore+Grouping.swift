import Foundation

/// What a grouping pass did.
public struct IncidentGroupingReport: Sendable, Hashable {
    /// Tips grouped, incidents they form (all incidents after a rebuild), and how the tips
    /// joined them.
    public var tips = 0, incidents = 0, copies = 0, corroborations = 0, repeats = 0
    /// Officer decisions replayed (rebuild).
    public var decisionsReplayed = 0
    /// Whether it was a full rebuild.
    public var rebuilt = false
    /// Seconds spent grouping in memory (rebuild), apart from reading and writing the store.
    public var groupingSeconds = 0.0
}

extension IncidentStore {
    /// Groups every tip from scratch in one pass (`geoq incidents rebuild`), then replays
    /// the officers' merges and splits in the order they were made.
    @discardableResult
    public func rebuild() throws -> IncidentGroupingReport {
        try database.writer.sync { connection in
            try connection.transaction { try rebuild(connection) }
        }
    }

    /// Groups the tips stored since the last pass (by any writer), one at a time against
    /// the recent ones, or by a rebuild when more than ``rebuildThreshold`` wait. Cheap
    /// when nothing waits (one query).
    @discardableResult
    public func catchUp() throws -> IncidentGroupingReport {
        let through = try database.reader.sync { try $0.scalarInt("SELECT value FROM meta WHERE key = 'incidents_through'") ?? 0 }
        let newest = try database.reader.sync { try $0.scalarInt("SELECT ifnull(max(id), 0) FROM tips") ?? 0 }
        guard newest > through else { return IncidentGroupingReport() }
        return try database.writer.sync { connection in
            try connection.transaction { try catchUp(connection, rebuilding: true)! }
        }
    }

    /// Stores a tip from intake (``TipStore/submit(_:assignment:idempotencyKey:requestHash:tokenID:)``)
    /// and groups it in the same transaction: one durable commit, and no moment when the tip
    /// is stored but in no incident. Grouping that fails is undone alone (a savepoint): the
    /// tip is stored all the same and the next pass groups it (`grouped` false). A backlog
    /// beyond ``rebuildThreshold`` is left to a pass of its own rather than making the
    /// caller wait for a rebuild.
    public func submit(_ tip: NewTip, assignment: Assignment, idempotencyKey: String? = nil, requestHash: String = "",
                       tokenID: Int64? = nil) throws -> (intake: TipStore.IntakeResult, grouped: Bool) {
        var grouped = false
        let result = try TipStore(database: database).submit(tip, assignment: assignment, idempotencyKey: idempotencyKey, requestHash: requestHash,
                                                             tokenID: tokenID) { connection, _ in
            grouped = (try? connection.savepoint("grouping") { try catchUp(connection, rebuilding: false) }) != nil
        }
        return (result, grouped)
    }

    /// The tips not yet grouped, grouped in the open transaction: one at a time, or by a
    /// rebuild when more than ``rebuildThreshold`` wait (nil when `rebuilding` is false then).
    private func catchUp(_ connection: Connection, rebuilding: Bool) throws -> IncidentGroupingReport? {
        let through = try connection.scalarInt("SELECT value FROM meta WHERE key = 'incidents_through'") ?? 0
        let waiting = try connection.scalarInt("SELECT count(*) FROM tips WHERE id > ?", [.int(through)]) ?? 0
        if waiting > Self.rebuildThreshold { return rebuilding ? try rebuild(connection) : nil }
        var report = IncidentGroupingReport()
        let attachments = try IncidentTipReader.attachments(connection, where: "t.id > ?", [.int(through)])
        let raw = try IncidentTipReader.read(connection, where: "t.id > ? AND t.id NOT IN (SELECT tip_id FROM incident_members WHERE tip_id > ?)",
                                             [.int(through), .int(through)], attachments: attachments)
        for tip in raw.sorted(by: { ($0.time, $0.id) < ($1.time, $1.id) }) {
            let link = try place(tip, connection: connection)
            report.tips += 1
            switch link {
            case .first: report.incidents += 1
            case .copy: report.copies += 1
            case .corroboration: report.corroborations += 1
            case .repeat: report.repeats += 1
            case .officer: break
            }
        }
        try connection.run("UPDATE meta SET value = (SELECT ifnull(max(id), 0) FROM tips) WHERE key = 'incidents_through'")
        if report.tips > 0 { try connection.bumpDataVersion() }
        return report
    }

    private func rebuild(_ connection: Connection) throws -> IncidentGroupingReport {
        var report = IncidentGroupingReport()
        report.rebuilt = true
        let attachments = try IncidentTipReader.attachments(connection)
        var tips = try IncidentTipReader.read(connection, where: "1", attachments: attachments)
        // Every anchor may move: rather than logging each incident twice, the anchor log's
        // triggers are dropped (a trigger per row also made the delete below row by row) and
        // created again at the end, and the log is emptied but for one entry, so that every
        // reader of the analysis columns finds its own entry gone and reads whole. All inside
        // the caller's transaction: another connection sees the triggers throughout.
        try connection.execute(AnchorLogTriggers.drop)
        try connection.execute("DELETE FROM incident_members; DELETE FROM incidents; DELETE FROM incident_keys;")
        if !tips.isEmpty {
            let crs = try MetricCRS.around(tips.map { Coordinate(x: $0.x, y: $0.y) })
            try IncidentGrouper.project(&tips, crs: crs)
            let clock = ContinuousClock.now
            let grouper = IncidentGrouper.group(tips, rules: rules)
            report.groupingSeconds = Double((ContinuousClock.now - clock).components.attoseconds) / 1e18 + Double((ContinuousClock.now - clock).components.seconds)
            let first = try Self.takeIDs(grouper.incidents.count, connection: connection)
            let member = try connection.prepare("INSERT INTO incident_members (tip_id, incident_id, link, linked_to) VALUES (?, ?, ?, ?)")
            let key = try connection.prepare("INSERT OR IGNORE INTO incident_keys (key, tip_id) VALUES (?, ?)")
            for (tip, assignment) in zip(grouper.tips, grouper.assignments) {
                member.reset()
                member.bind(tip.id, at: 1)
                member.bind(first + Int64(assignment.incident), at: 2)
                member.bind(assignment.link.rawValue, at: 3)
                if let linked = assignment.linkedTo { member.bind(linked, at: 4) } else { member.bindNull(at: 4) }
                _ = try member.step()
                for k in indexKeys(tip) {
                    key.reset()
                    key.bind(k, at: 1)
                    key.bind(tip.id, at: 2)
                    _ = try key.step()
                }
                switch assignment.link {
                case .copy: report.copies += 1
                case .corroboration: report.corroborations += 1
                case .repeat: report.repeats += 1
                case .first, .officer: break
                }
            }
            report.tips = grouper.tips.count
            try IncidentSummary.refresh(connection, where: "1")
            report.decisionsReplayed = try replayDecisions(connection)
        }
        report.incidents = Int(try connection.scalarInt("SELECT count(*) FROM incidents") ?? 0)
        try connection.run("UPDATE meta SET value = (SELECT ifnull(max(id), 0) FROM tips) WHERE key = 'incidents_through'")
        // The one entry leaves a gap in the numbering: columns read while the log had never
        // held an entry (their last entry 0) see it too.
        try connection.execute("""
            DELETE FROM tip_changes;
            INSERT INTO tip_changes (seq, tip_id) VALUES ((SELECT ifnull(max(seq), 0) FROM sqlite_sequence WHERE name = 'tip_changes') + 2, 0);
            """)
        try connection.execute(AnchorLogTriggers.create)
        try connection.bumpDataVersion()
        return report
    }

    /// PROJ transformations of the incremental passes, kept for the process.
    static let projections = ProjectionCache(capacity: 4)

    /// The keys under which later copies find this tip.
    func indexKeys(_ tip: IncidentGrouper.Tip) -> [Int64] {
        (tip.fingerprint?.isDistinctive(minimumLength: rules.minimumCopyLength) == true ? tip.fingerprint!.keys : []) + tip.attachments
    }

    /// Puts one new tip (lon/lat) into an incident: the incident of a copy, else the
    /// nearest one it corroborates or repeats, else a new one — the rules of
    /// ``IncidentGrouper``, against the stored tips.
    private func place(_ raw: IncidentGrouper.Tip, connection: Connection) throws -> IncidentLink {
        // PROJ objects are kept for the process: creating one costs more than placing a tip.
        let pool = try Self.projections.pool(for: Projector.utmCRS(longitude: raw.x, latitude: raw.y))
        func projected(_ tips: [IncidentGrouper.Tip]) throws -> [IncidentGrouper.Tip] {
            var points = tips.map { Coordinate(x: $0.x, y: $0.y) }
            try pool.withProjector { $0.forward(&points) }
            return zip(tips, points).map { var t = $0; IncidentGrouper.place(&t, at: $1); return t }
        }
        let tip = try projected([raw])[0]
        var choice: (incident: Int64, link: IncidentLink, linkedTo: Int64?)?

        // Copies: earlier (or, for late imports, later) tips under the same keys.
        let keys = indexKeys(tip)
        if !keys.isEmpty {
            // The newest few under each key, key by key, as the grouper reads them (an equal
            // text ends the search).
            var best: (score: Double, time: Double, id: Int64)?
            for key in keys where (best?.score ?? 0) < 1 {
                let ids = try Self.ids(connection, """
                    SELECT k.tip_id FROM incident_keys k JOIN tips t ON t.id = k.tip_id
                    WHERE k.key = ? AND k.tip_id <> ? AND t.reported_at BETWEEN ? AND ?
                    ORDER BY t.reported_at DESC, t.id DESC LIMIT \(IncidentGrouper.candidatesPerKey)
                    """, [.int(key), .int(tip.id), .text(Timestamp(secondsSinceEpoch: Int64(raw.time - rules.copyWindow)).iso8601),
                          .text(Timestamp(secondsSinceEpoch: Int64(raw.time + rules.copyWindow) + 1).iso8601)])
                guard !ids.isEmpty else { continue }
                // The ids as one bound JSON array: one statement, compiled once.
                let list: [SQLValue] = [.text("[" + ids.map(String.init).joined(separator: ",") + "]")]
                let attachments = try IncidentTipReader.attachments(connection, where: "t.id IN (SELECT value FROM json_each(?))", list)
                let others = try projected(try IncidentTipReader.read(connection, where: "t.id IN (SELECT value FROM json_each(?))", list, attachments: attachments))
                for other in others where abs(tip.time - other.time) <= rules.copyWindow {
                    let score = rules.copyScore(tip, of: other)
                    // Ties go to the later report (time, then id), as in the grouper.
                    if score > 0, score > (best?.score ?? 0) || (score == best?.score && (other.time, other.id) > (best!.time, best!.id)) {
                        best = (score, other.time, other.id)
                    }
                }
            }
            if let best, let incident = try connection.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(best.id)]) {
                choice = (incident, .copy, best.id)
            }
        }

        // Corroborations and repeats: incidents with members reported within the window near it.
        if choice == nil {
            let reach = rules.corroborationDistance + 2 * rules.accuracyCap + (tip.isPrecise ? 0 : raw.accuracy)
            let dLat = reach / 111_320, dLon = reach / (111_320 * max(0.1, cos(raw.y * .pi / 180)))
            let from = Timestamp(secondsSinceEpoch: Int64(raw.time - rules.corroborationWindow)).iso8601
            let to = Timestamp(secondsSinceEpoch: Int64(raw.time + rules.corroborationWindow) + 1).iso8601
            let incidents = try Self.ids(connection, """
                SELECT DISTINCT m.incident_id FROM tips t JOIN incident_members m ON m.tip_id = t.id
                WHERE t.reported_at BETWEEN ? AND ? AND ((t.lon BETWEEN ? AND ? AND t.lat BETWEEN ? AND ?) OR t.commune_code = ?)
                """, [.text(from), .text(to), .double(raw.x - dLon), .double(raw.x + dLon), .double(raw.y - dLat), .double(raw.y + dLat), .text(raw.commune)])
            var best: (repeatOnly: Int, distance: Double, gap: Double, incident: Int64, linkedTo: Int64)?
            for incident in incidents {
                let members = try projected(try IncidentTipReader.read(connection, where: "t.id IN (SELECT tip_id FROM incident_members WHERE incident_id = ?)",
                                                                   [.int(incident)], attachments: [:], fingerprints: false))
                // Copies re-post, they observe nothing: the window runs from the observations.
                let copies = Set(try Self.ids(connection, "SELECT tip_id FROM incident_members WHERE incident_id = ? AND link = 'copy'", [.int(incident)]))
                let observed = members.filter { !copies.contains($0.id) }.map(\.time)
                guard let anchorID = try connection.scalarInt("SELECT anchor_tip_id FROM incidents WHERE id = ?", [.int(incident)]),
                      let anchor = members.first(where: { $0.id == anchorID }),
                      let first = observed.min(), let last = observed.max(),
                      abs(tip.time - first) <= rules.corroborationWindow, last.isFinite,
                      let d = rules.corroboration(tip, anchor: anchor, categories: Array(Set(members.map(\.category))))
                else { continue }
                let repeatOnly = tip.sender != 0 && members.contains { $0.sender == tip.sender } ? 1 : 0
                let nearest = members.min { abs($0.time - tip.time) < abs($1.time - tip.time) }!.id
                let candidate = (repeatOnly, d, abs(tip.time - first), incident, nearest)
                if best == nil || (candidate.0, candidate.1, candidate.2, candidate.3) < (best!.repeatOnly, best!.distance, best!.gap, best!.incident) {
                    best = candidate
                }
            }
            if let best { choice = (best.incident, best.repeatOnly == 1 ? .repeat : .corroboration, best.linkedTo) }
        }

        let incident = try choice?.incident ?? Self.takeIDs(1, connection: connection)
        let link = choice?.link ?? .first
        try connection.run("INSERT INTO incident_members (tip_id, incident_id, link, linked_to) VALUES (?, ?, ?, ?)",
                           [.int(tip.id), .int(incident), .text(link.rawValue), choice?.linkedTo.map(SQLValue.int) ?? .null])
        for k in keys { try connection.run("INSERT OR IGNORE INTO incident_keys (key, tip_id) VALUES (?, ?)", [.int(k), .int(tip.id)]) }
        try IncidentSummary.refresh(connection, where: "m.incident_id = ?", [.int(incident)])
        return link
    }

    /// Takes `count` new incident ids (never used before, not even by incidents since
    /// merged away or renumbered by a rebuild) and returns the first.
    static func takeIDs(_ count: Int, connection: Connection) throws -> Int64 {
        let first = max(try connection.scalarInt("SELECT value FROM meta WHERE key = 'incidents_next_id'") ?? 1,
                        (try connection.scalarInt("SELECT ifnull(max(id), 0) + 1 FROM incidents")) ?? 1)
        try connection.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('incidents_next_id', ?)", [.int(first + Int64(count))])
        return first
    }

    static func ids(_ connection: Connection, _ sql: String, _ values: [SQLValue]) throws -> [Int64] {
        let statement = try connection.cached(sql)
        try statement.bind(values)
        var ids: [Int64] = []
        try statement.forEachRow { ids.append($0.int64(0)) }
        return ids
    }
}
