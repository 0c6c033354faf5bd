/// Officers decide: merges, splits and status moves, each checked against the officer's
/// communes, recorded in `incident_decisions` (the audit trail) and — merges and splits —
/// replayed after every rebuild, so that a decision survives regrouping.
extension IncidentStore {
    /// Merges incident `other` into `id` (its tips join `id`; `other` is gone). Both must be
    /// inside `communes` when given (every member tip's commune).
    @discardableResult
    public func merge(_ id: Int64, with other: Int64, actor: String, communes: [String] = [], note: String? = nil) throws -> IncidentRecord {
        guard id != other else { throw GeoIncidentsError.invalidInput("merging incident \(id) with itself: name two different incidents") }
        try database.writer.sync { connection in
            try connection.transaction {
                let a = try representative(id, connection: connection, communes: communes)
                let b = try representative(other, connection: connection, communes: communes)
                try applyMerge(a, b, connection: connection)
                try record("merge", tip: a, other: b, actor: actor, detail: note, connection: connection)
                try connection.bumpDataVersion()
            }
        }
        guard let merged = try incident(id: id) else { throw GeoIncidentsError.notFound("no incident \(id)") }
        return merged
    }

    /// Takes tip `tipID` out of its incident into an incident of its own.
    @discardableResult
    public func split(tip tipID: Int64, actor: String, communes: [String] = [], note: String? = nil) throws -> IncidentRecord {
        let newID: Int64 = try database.writer.sync { connection in
            try connection.transaction {
                guard let incident = try connection.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(tipID)]) else {
                    throw GeoIncidentsError.notFound("tip \(tipID) is in no incident (unknown, or not grouped yet: geoq incidents rebuild)")
                }
                _ = try representative(incident, connection: connection, communes: communes)
                let size = try connection.scalarInt("SELECT count(*) FROM incident_members WHERE incident_id = ?", [.int(incident)]) ?? 0
                guard size > 1 else {
                    throw GeoIncidentsError(.conflict, "tip \(tipID) is alone in incident \(incident): there is nothing to split it from")
                }
                let newID = try applySplit(tipID, connection: connection)
                try record("split", tip: tipID, other: nil, actor: actor, detail: note, connection: connection)
                try connection.bumpDataVersion()
                return newID
            }
        }
        guard let record = try incident(id: newID) else { throw GeoIncidentsError.notFound("no incident \(newID)") }
        return record
    }

    /// Moves every member tip of incident `id` to `status` (each tip's own trail records it,
    /// as a single tip's move does). Refused as a whole when any member cannot move there.
    @discardableResult
    public func moveStatus(_ id: Int64, to status: TipStatus, actor: String, communes: [String] = [], note: String? = nil, tokenID: Int64? = nil) throws -> IncidentRecord {
        try database.writer.sync { connection in
            try connection.transaction {
                let anchor = try representative(id, connection: connection, communes: communes)
                let statement = try connection.prepare("SELECT t.id, t.status FROM incident_members m JOIN tips t ON t.id = m.tip_id WHERE m.incident_id = ?")
                try statement.bind([.int(id)])
                var members: [(Int64, TipStatus)] = []
                try statement.forEachRow { members.append(($0.int64(0), TipStatus(rawValue: $0.text(1)) ?? .received)) }
                let stuck = members.filter { $0.1 != status && !TipStore.canMove(from: $0.1, to: status) }
                guard stuck.isEmpty else {
                    throw GeoIncidentsError(.conflict, "incident \(id) cannot move to \(status.rawValue): tip\(stuck.count == 1 ? "" : "s") \(stuck.prefix(5).map { "\($0.0) is \($0.1.rawValue)" }.joined(separator: ", "))")
                }
                let now = Timestamp.now().iso8601
                for (tip, current) in members where current != status {
                    try connection.run("UPDATE tips SET status = ? WHERE id = ?", [.text(status.rawValue), .int(tip)])
                    try connection.run("INSERT INTO tip_status_history (tip_id, from_status, to_status, at, token_id, note) VALUES (?, ?, ?, ?, ?, ?)",
                                       [.int(tip), .text(current.rawValue), .text(status.rawValue), .text(now), tokenID.map(SQLValue.int) ?? .null,
                                        .text("incident \(id)" + (note.map { ": " + $0 } ?? ""))])
                }
                try IncidentSummary.refresh(connection, where: "m.incident_id = ?", [.int(id)])
                try record("status", tip: anchor, other: nil, actor: actor, detail: status.rawValue, connection: connection)
                try connection.bumpDataVersion()
            }
        }
        guard let record = try incident(id: id) else { throw GeoIncidentsError.notFound("no incident \(id)") }
        return record
    }

    /// The audit trail, oldest first (of one incident's member tips when `incident` is given).
    public func decisions(incident: Int64? = nil) throws -> [IncidentDecision] {
        try database.reader.sync { connection in
            let condition = incident == nil ? "1" : "d.tip_id IN (SELECT tip_id FROM incident_members WHERE incident_id = ?1) OR d.other_tip_id IN (SELECT tip_id FROM incident_members WHERE incident_id = ?1)"
            let statement = try connection.prepare("SELECT d.id, d.decided_at, d.actor, d.action, d.tip_id, d.other_tip_id, d.detail FROM incident_decisions d WHERE \(condition) ORDER BY d.id")
            try statement.bind(incident.map { [SQLValue.int($0)] } ?? [])
            var decisions: [IncidentDecision] = []
            try statement.forEachRow { row in
                decisions.append(IncidentDecision(id: row.int64(0), decidedAt: Timestamp.parse(row.text(1)) ?? Timestamp(secondsSinceEpoch: 0), actor: row.text(2),
                                                  action: row.text(3), tipID: row.int64(4), otherTipID: row.isNull(5) ? nil : row.int64(5), detail: row.optionalText(6)))
            }
            return decisions
        }
    }

    /// Replays merges and splits in order on freshly grouped incidents; a decision whose
    /// tips are gone, or that the grouping already satisfies, changes nothing.
    func replayDecisions(_ connection: Connection) throws -> Int {
        let statement = try connection.prepare("SELECT action, tip_id, other_tip_id FROM incident_decisions WHERE action <> 'status' ORDER BY id")
        var decisions: [(String, Int64, Int64?)] = []
        try statement.forEachRow { decisions.append(($0.text(0), $0.int64(1), $0.isNull(2) ? nil : $0.int64(2))) }
        var replayed = 0
        for (action, tip, other) in decisions {
            let here = try connection.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(tip)])
            if action == "merge", let other, here != nil {
                if try applyMerge(tip, other, connection: connection) { replayed += 1 }
            } else if action == "split", let here, (try connection.scalarInt("SELECT count(*) FROM incident_members WHERE incident_id = ?", [.int(here)]) ?? 0) > 1 {
                _ = try applySplit(tip, connection: connection)
                replayed += 1
            }
        }
        return replayed
    }

    /// A member tip standing for the incident in the trail (its anchor), after checking the
    /// incident exists and lies within `communes`.
    private func representative(_ id: Int64, connection: Connection, communes: [String]) throws -> Int64 {
        guard let anchor = try connection.scalarInt("SELECT anchor_tip_id FROM incidents WHERE id = ?", [.int(id)]) else {
            throw GeoIncidentsError.notFound("no incident \(id)")
        }
        if !communes.isEmpty {
            let outside = try connection.scalarInt("""
                SELECT count(*) FROM incident_members m JOIN tips t ON t.id = m.tip_id
                WHERE m.incident_id = ? AND (t.commune_code IS NULL OR t.commune_code NOT IN (\(communes.map { _ in "?" }.joined(separator: ","))))
                """, [.int(id)] + communes.map(SQLValue.text)) ?? 0
            guard outside == 0 else { throw GeoIncidentsError(.forbidden, "incident \(id) has tips outside this token's communes") }
        }
        return anchor
    }

    /// Moves the incident of tip `other` into the incident of tip `tip`; false when they
    /// are already one or either tip is in none.
    @discardableResult
    private func applyMerge(_ tip: Int64, _ other: Int64, connection: Connection) throws -> Bool {
        guard let target = try connection.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(tip)]),
              let source = try connection.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(other)]),
              target != source else { return false }
        try connection.run("""
            UPDATE incident_members SET incident_id = ?1,
                linked_to = CASE WHEN link = 'first' THEN ?2 ELSE linked_to END,
                link = CASE WHEN link = 'first' THEN 'officer' ELSE link END
            WHERE incident_id = ?3
            """, [.int(target), .int(tip), .int(source)])
        try connection.run("DELETE FROM incidents WHERE id = ?", [.int(source)])
        try IncidentSummary.refresh(connection, where: "m.incident_id = ?", [.int(target)])
        return true
    }

    /// Takes `tip` out into a new incident; returns its id.
    private func applySplit(_ tip: Int64, connection: Connection) throws -> Int64 {
        guard let from = try connection.scalarInt("SELECT incident_id FROM incident_members WHERE tip_id = ?", [.int(tip)]) else {
            throw GeoIncidentsError.notFound("tip \(tip) is in no incident")
        }
        let newID = try Self.takeIDs(1, connection: connection)
        try connection.run("UPDATE incident_members SET incident_id = ?, link = 'first', linked_to = NULL WHERE tip_id = ?", [.int(newID), .int(tip)])
        // The incident left behind keeps a first report: its earliest remaining member.
        try connection.run("""
            UPDATE incident_members SET link = 'first', linked_to = NULL
            WHERE incident_id = ?1 AND NOT EXISTS (SELECT 1 FROM incident_members WHERE incident_id = ?1 AND link = 'first')
              AND tip_id = (SELECT m.tip_id FROM incident_members m JOIN tips t ON t.id = m.tip_id WHERE m.incident_id = ?1 ORDER BY t.reported_at, t.id LIMIT 1)
            """, [.int(from)])
        try IncidentSummary.refresh(connection, where: "m.incident_id IN (?, ?)", [.int(from), .int(newID)])
        return newID
    }

    private func record(_ action: String, tip: Int64, other: Int64?, actor: String, detail: String?, connection: Connection) throws {
        try connection.run("INSERT INTO incident_decisions (decided_at, actor, action, tip_id, other_tip_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                           [.text(Timestamp.now().iso8601), .text(actor), .text(action), .int(tip), other.map(SQLValue.int) ?? .null, detail.map(SQLValue.text) ?? .null])
    }
}
