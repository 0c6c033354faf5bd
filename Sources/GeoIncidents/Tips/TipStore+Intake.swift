/// Single-tip operations of the HTTP service: fetch, intake with idempotency, status moves
/// with an audit trail.
extension TipStore {
    /// What an intake did.
    public struct IntakeResult: Sendable, Hashable {
        public var id: Int64
        /// False when the request was a retry (same idempotency key) or the tip was already
        /// stored under the same source and external id.
        public var created: Bool
    }

    /// One stored tip (never with the tipster's contact), or nil.
    public func tip(id: Int64) throws -> TipRecord? {
        // Ids are positive rowids; `id - 1` of Int64.min would trap.
        guard id > 0 else { return nil }
        return try list(TipFilter(), afterID: id - 1, limit: 1).first { $0.id == id }
    }

    /// The tipster's contact for a tip, if one was given.
    public func contact(tipID: Int64) throws -> TipsterContact? {
        try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT name, phone, zalo_id, note FROM tipster_contacts WHERE tip_id = ?")
            try statement.bind([.int(tipID)])
            var contact: TipsterContact?
            try statement.forEachRow { contact = TipsterContact(name: $0.optionalText(0), phone: $0.optionalText(1), zaloID: $0.optionalText(2), note: $0.optionalText(3)) }
            return contact
        }
    }

    /// Stores one tip in its own durable transaction. With an idempotency key (per token), a
    /// retry with the same key and the same request (`requestHash`) returns the first result;
    /// the same key with another request is a conflict. A tip whose (source, external id) is
    /// stored already returns that tip's id, whoever stored it: bind `source` to the
    /// submitter (MapServer stores an intake token's tips under ``Principal/tokenSource``),
    /// so that this never hands out another source's tip.
    public func submit(_ tip: NewTip, assignment: Assignment, idempotencyKey: String? = nil, requestHash: String = "",
                       tokenID: Int64? = nil) throws -> IntakeResult {
        try submit(tip, assignment: assignment, idempotencyKey: idempotencyKey, requestHash: requestHash, tokenID: tokenID, alsoCommitting: nil)
    }

    /// ``submit(_:assignment:idempotencyKey:requestHash:tokenID:)``, running `alsoCommitting`
    /// after a new tip is written, in the same transaction: one durable commit for both.
    func submit(_ tip: NewTip, assignment: Assignment, idempotencyKey: String?, requestHash: String, tokenID: Int64?,
                alsoCommitting: ((Connection, IntakeResult) throws -> Void)?) throws -> IntakeResult {
        if let problem = tip.problem { throw GeoIncidentsError.invalidInput(problem) }
        return try database.writer.sync { connection in
            try connection.transaction {
                let owner = tokenID ?? 0
                if let key = idempotencyKey {
                    let statement = try connection.prepare("SELECT request_hash, tip_id FROM idempotency_keys WHERE token_id = ? AND key = ?")
                    try statement.bind([.int(owner), .text(key)])
                    var previous: (String, Int64)?
                    try statement.forEachRow { previous = ($0.text(0), $0.int64(1)) }
                    if let previous {
                        guard previous.0 == requestHash else {
                            throw GeoIncidentsError(.conflict, "Idempotency-Key '\(key)' was used for a different request")
                        }
                        return IntakeResult(id: previous.1, created: false)
                    }
                }
                let written = try TipWriter(connection: connection).write([tip], [assignment])
                let id: Int64
                let created: Bool
                if let new = written.ids.first ?? nil {
                    (id, created) = (new, true)
                } else {
                    var sources = SourceIDs(connection: connection)
                    guard let external = tip.externalID,
                          let existing = try StoredTipLookup(connection: connection).id(sourceID: try sources.id(for: tip.source), externalID: external) else {
                        throw GeoIncidentsError(.conflict, "the tip was not stored and no stored tip matches it")
                    }
                    (id, created) = (existing, false)
                }
                if let key = idempotencyKey {
                    try connection.run("INSERT INTO idempotency_keys (token_id, key, request_hash, tip_id, created_at) VALUES (?, ?, ?, ?, ?)",
                                       [.int(owner), .text(key), .text(requestHash), .int(id), .text(Timestamp.now().iso8601)])
                }
                let result = IntakeResult(id: id, created: created)
                if created { try alsoCommitting?(connection, result) }
                return result
            }
        }
    }

    /// Status moves allowed: received → verified → dispatched → resolved, and any open
    /// status → dismissed.
    public static func canMove(from: TipStatus, to: TipStatus) -> Bool {
        switch (from, to) {
        case (.received, .verified), (.verified, .dispatched), (.dispatched, .resolved): true
        case (.received, .dismissed), (.verified, .dismissed), (.dispatched, .dismissed): true
        default: false
        }
    }

    /// One entry of a tip's status trail.
    public struct StatusChange: Sendable, Hashable {
        public var from: TipStatus
        public var to: TipStatus
        public var at: Timestamp
        public var tokenID: Int64?
        public var note: String?
    }

    /// Moves a tip's status, recording who did it and why in the audit trail.
    public func moveStatus(id: Int64, to status: TipStatus, note: String? = nil, tokenID: Int64? = nil) throws -> TipRecord {
        try database.writer.sync { connection in
            try connection.transaction {
                let statement = try connection.prepare("SELECT status FROM tips WHERE id = ?")
                try statement.bind([.int(id)])
                var current: TipStatus?
                try statement.forEachRow { current = TipStatus(rawValue: $0.text(0)) }
                guard let current else { throw GeoIncidentsError.notFound("no tip with id \(id)") }
                guard Self.canMove(from: current, to: status) else {
                    throw GeoIncidentsError(.conflict, "tip \(id) is \(current.rawValue); it cannot move to \(status.rawValue) (received → verified → dispatched → resolved, or dismissed)")
                }
                try connection.run("UPDATE tips SET status = ? WHERE id = ?", [.text(status.rawValue), .int(id)])
                try connection.run("INSERT INTO tip_status_history (tip_id, from_status, to_status, at, token_id, note) VALUES (?, ?, ?, ?, ?, ?)",
                                   [.int(id), .text(current.rawValue), .text(status.rawValue), .text(Timestamp.now().iso8601),
                                    tokenID.map(SQLValue.int) ?? .null, note.map(SQLValue.text) ?? .null])
                try connection.bumpDataVersion()
            }
        }
        guard let record = try tip(id: id) else { throw GeoIncidentsError.notFound("no tip with id \(id)") }
        return record
    }

    /// A tip's status trail, oldest first.
    public func statusHistory(id: Int64) throws -> [StatusChange] {
        try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT from_status, to_status, at, token_id, note FROM tip_status_history WHERE tip_id = ? ORDER BY id")
            try statement.bind([.int(id)])
            var changes: [StatusChange] = []
            try statement.forEachRow { row in
                changes.append(StatusChange(from: TipStatus(rawValue: row.text(0)) ?? .received, to: TipStatus(rawValue: row.text(1)) ?? .received,
                                            at: Timestamp.parse(row.text(2), defaultOffsetMinutes: 0) ?? Timestamp(secondsSinceEpoch: 0),
                                            tokenID: row.isNull(3) ? nil : row.int64(3), note: row.optionalText(4)))
            }
            return changes
        }
    }
}

extension TipStore {
    /// The bounding box of the tips matching `filter` (all by default) and their first and
    /// last report times (for collection metadata), or nils when there are none.
    public func extent(_ filter: TipFilter = TipFilter()) throws -> (box: BoundingBox?, first: Timestamp?, last: Timestamp?) {
        let (condition, values) = filter.sqlCondition()
        return try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT min(t.lon), min(t.lat), max(t.lon), max(t.lat), min(t.reported_at), max(t.reported_at) FROM tips t WHERE \(condition)")
            try statement.bind(values)
            var result: (BoundingBox?, Timestamp?, Timestamp?) = (nil, nil, nil)
            try statement.forEachRow { row in
                guard !row.isNull(0) else { return }
                result = (BoundingBox(minX: row.double(0), minY: row.double(1), maxX: row.double(2), maxY: row.double(3)),
                          Timestamp.parse(row.text(4), defaultOffsetMinutes: 0), Timestamp.parse(row.text(5), defaultOffsetMinutes: 0))
            }
            return result
        }
    }

    /// Replaces tip `id`'s description inside the caller's transaction (a Zalo conversation
    /// adds its later messages).
    static func updateDescription(id: Int64, to description: String, connection: Connection) throws {
        try connection.run("UPDATE tips SET description = ? WHERE id = ?", [.text(description), .int(id)])
    }

    /// Merges `contact` into tip `id`'s stored contact (fields given win) inside the caller's
    /// transaction.
    static func mergeContact(tipID: Int64, _ contact: TipsterContact, connection: Connection) throws {
        try connection.run("""
            INSERT INTO tipster_contacts (tip_id, name, phone, zalo_id, note) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tip_id) DO UPDATE SET name = coalesce(excluded.name, name), phone = coalesce(excluded.phone, phone),
                zalo_id = coalesce(excluded.zalo_id, zalo_id), note = coalesce(excluded.note, note)
            """, [.int(tipID)] + [contact.name, contact.phone, contact.zaloID, contact.note].map { $0.map(SQLValue.text) ?? .null })
    }
}
