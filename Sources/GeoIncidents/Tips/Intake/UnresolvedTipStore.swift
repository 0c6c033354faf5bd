/// The tips kept for an officer because their words do not decide a place
/// (``UnresolvedTip``): stored with their contact apart from every listing, listed until
/// resolved, and moved into `tips` when an officer places them.
public struct UnresolvedTipStore: Sendable {
    let database: GeoDatabase

    /// Unresolved tips of `database`.
    public init(database: GeoDatabase) { self.database = database }

    /// Keeps `tips` in one transaction. A tip whose (source, external id) is stored already,
    /// as a tip or as an unresolved tip, is a duplicate: returns nil for it.
    @discardableResult
    public func keep(_ tips: [UnresolvedTip]) throws -> [Int64?] {
        guard !tips.isEmpty else { return [] }
        return try database.writer.sync { connection in
            try connection.transaction {
                let ids = try Self.keep(tips, connection: connection)
                try connection.bumpDataVersion()
                return ids
            }
        }
    }

    /// Keeps `tips` inside the caller's transaction.
    static func keep(_ tips: [UnresolvedTip], connection: Connection) throws -> [Int64?] {
        var sources = SourceIDs(connection: connection)
        let insert = try connection.prepare("""
            INSERT INTO unresolved_tips (source_id, external_id, reported_at, received_at, category, channel, description,
                location_text, province_hint, locating_method, candidates, reason, contact_name, contact_phone, contact_zalo_id, contact_note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        let stored = try StoredTipLookup(connection: connection)
        let now = Timestamp.now().iso8601
        var ids: [Int64?] = []
        for tip in tips {
            let d = tip.draft
            let source = try sources.id(for: d.source)
            if let external = d.externalID, try stored.id(sourceID: source, externalID: external) != nil {
                ids.append(nil)
                continue
            }
            func text(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
            insert.reset()
            try insert.bind([.int(source), text(d.externalID), .text(d.reportedAt.iso8601), .text(d.receivedAt?.iso8601 ?? now),
                             .text(d.category.rawValue), .text(d.channel.rawValue), text(d.description), .text(d.locationText ?? ""),
                             text(d.provinceHint), .text(tip.method.rawValue), .text(tip.candidates.joined(separator: ";")), .text(tip.reason),
                             text(d.contact?.name), text(d.contact?.phone), text(d.contact?.zaloID), text(d.contact?.note)])
            _ = try insert.step()
            ids.append(connection.changes > 0 ? connection.lastInsertedRowID : nil)
        }
        return ids
    }

    /// The tips neither resolved nor dismissed, oldest first, after `afterID` (a page's last
    /// id), without their contacts.
    public func open(afterID: Int64 = 0, limit: Int = 1_000) throws -> [UnresolvedTip] {
        try select("WHERE u.resolved_tip_id IS NULL AND u.dismissed_at IS NULL AND u.id > ? ORDER BY u.id LIMIT ?",
                   [.int(afterID), .int(Int64(max(0, limit)))]).map(\.tip)
    }

    /// Dismisses a kept tip an officer judged not to be a tip (spam, a test, a duplicate
    /// without an id): it leaves the queue, its contact is erased, the officer and note are kept.
    public func dismiss(id: Int64, note: String? = nil, tokenID: Int64? = nil) throws {
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("""
                    UPDATE unresolved_tips SET dismissed_at = ?, dismissed_by = ?, dismiss_note = ?, contact_name = NULL, contact_phone = NULL,
                        contact_zalo_id = NULL, contact_note = NULL
                    WHERE id = ? AND resolved_tip_id IS NULL AND dismissed_at IS NULL
                    """, [.text(Timestamp.now().iso8601), tokenID.map(SQLValue.int) ?? .null, note.map(SQLValue.text) ?? .null, .int(id)])
                guard connection.changes == 1 else {
                    guard try connection.scalarInt("SELECT count(*) FROM unresolved_tips WHERE id = ?", [.int(id)]) == 1 else {
                        throw GeoIncidentsError.notFound("no unresolved tip with id \(id)")
                    }
                    throw GeoIncidentsError(.conflict, "unresolved tip \(id) was resolved or dismissed already")
                }
                try connection.bumpDataVersion()
            }
        }
    }

    /// One kept tip (resolved or not), without its contact, or nil.
    public func tip(id: Int64) throws -> (tip: UnresolvedTip, resolvedTipID: Int64?, dismissed: Bool)? {
        try select("WHERE u.id = ?", [.int(id)]).first.map { ($0.tip, $0.resolvedTipID, $0.dismissed) }
    }

    /// A kept tip as stored: the tip (its draft without the contact), its fate, and the contact.
    private struct Row {
        var tip: UnresolvedTip
        var resolvedTipID: Int64?
        var dismissed: Bool
        var contact: TipsterContact?
    }

    private func select(_ clause: String, _ values: [SQLValue]) throws -> [Row] {
        try database.read { connection in
            let statement = try connection.prepare("""
                SELECT u.id, s.name, u.external_id, u.reported_at, u.received_at, u.category, u.channel, u.description,
                    u.location_text, u.province_hint, u.locating_method, u.candidates, u.reason,
                    u.resolved_tip_id, u.dismissed_at IS NOT NULL, u.contact_name, u.contact_phone, u.contact_zalo_id, u.contact_note
                FROM unresolved_tips u JOIN tip_sources s ON s.id = u.source_id \(clause)
                """)
            try statement.bind(values)
            var rows: [Row] = []
            try statement.forEachRow { row in
            let draft = TipDraft(externalID: row.optionalText(2), source: row.text(1),
                                 reportedAt: Timestamp.parse(row.text(3)) ?? Timestamp(secondsSinceEpoch: 0),
                                 receivedAt: Timestamp.parse(row.text(4)), category: TipCategory(rawValue: row.text(5)) ?? .other,
                                 channel: TipChannel(rawValue: row.text(6)) ?? .other, description: row.optionalText(7),
                                 locationText: row.text(8), provinceHint: row.optionalText(9))
            let contact = TipsterContact(name: row.optionalText(15), phone: row.optionalText(16), zaloID: row.optionalText(17), note: row.optionalText(18))
            rows.append(Row(tip: UnresolvedTip(id: row.int64(0), draft: draft, method: LocatingMethod(rawValue: row.text(10)) ?? .unlocated,
                                               candidates: row.text(11).split(separator: ";").map(String.init), reason: row.text(12)),
                            resolvedTipID: row.isNull(13) ? nil : row.int64(13), dismissed: row.int(14) == 1,
                            contact: contact.isEmpty ? nil : contact))
            }
            return rows
        }
    }

    /// Moves a kept tip into `tips` at the place an officer chose (a point, or a commune's
    /// representative point: see ``TipPlacer/place(_:inCommune:)``), with its contact, in one
    /// transaction; returns the new tip's id. A tip resolved already is a conflict.
    public func resolve(id: Int64, as outcome: (TipDraft) throws -> (NewTip, Assignment)) throws -> Int64 {
        guard let kept = try select("WHERE u.id = ?", [.int(id)]).first else { throw GeoIncidentsError.notFound("no unresolved tip with id \(id)") }
        if let done = kept.resolvedTipID { throw GeoIncidentsError(.conflict, "unresolved tip \(id) was resolved already as tip \(done)") }
        if kept.dismissed { throw GeoIncidentsError(.conflict, "unresolved tip \(id) was dismissed") }
        var draft = kept.tip.draft
        draft.contact = kept.contact
        let (tip, assignment) = try outcome(draft)
        if let problem = tip.problem { throw GeoIncidentsError.invalidInput(problem) }
        return try database.writer.sync { connection in
            try connection.transaction {
                let newID = try Self.resolve(id: id, tip: tip, assignment: assignment, connection: connection)
                try connection.bumpDataVersion()
                return newID
            }
        }
    }

    /// The kept tip `id` (with its contact) and whether it is still open.
    func draft(id: Int64) throws -> (draft: TipDraft, open: Bool)? {
        guard let kept = try select("WHERE u.id = ?", [.int(id)]).first else { return nil }
        var draft = kept.tip.draft
        draft.contact = kept.contact
        return (draft, kept.resolvedTipID == nil && !kept.dismissed)
    }

    /// Stores `tip` for kept tip `id` inside the caller's transaction (which bumps the data
    /// version); returns the new tip's id.
    static func resolve(id: Int64, tip: NewTip, assignment: Assignment, connection: Connection) throws -> Int64 {
        guard try connection.scalarInt("SELECT count(*) FROM unresolved_tips WHERE id = ? AND resolved_tip_id IS NULL AND dismissed_at IS NULL", [.int(id)]) == 1 else {
            throw GeoIncidentsError(.conflict, "unresolved tip \(id) was resolved or dismissed meanwhile")
        }
        guard let newID = try TipWriter(connection: connection).write([tip], [assignment]).ids.first ?? nil else {
            throw GeoIncidentsError(.conflict, "a tip with the same source and id is stored already")
        }
        try connection.run("""
            UPDATE unresolved_tips SET resolved_tip_id = ?, resolved_at = ?, contact_name = NULL, contact_phone = NULL,
                contact_zalo_id = NULL, contact_note = NULL WHERE id = ?
            """, [.int(newID), .text(Timestamp.now().iso8601), .int(id)])
        return newID
    }

    /// Merges `contact` into kept tip `id`'s contact (fields given win) inside the caller's
    /// transaction.
    static func mergeContact(id: Int64, _ contact: TipsterContact, connection: Connection) throws {
        try connection.run("""
            UPDATE unresolved_tips SET contact_name = coalesce(?, contact_name), contact_phone = coalesce(?, contact_phone),
                contact_zalo_id = coalesce(?, contact_zalo_id), contact_note = coalesce(?, contact_note)
            WHERE id = ? AND resolved_tip_id IS NULL AND dismissed_at IS NULL
            """, [contact.name, contact.phone, contact.zaloID, contact.note].map { $0.map(SQLValue.text) ?? .null } + [.int(id)])
    }

    /// How many kept tips are not resolved yet.
    public func openCount() throws -> Int {
        Int(try database.read { try $0.scalarInt("SELECT count(*) FROM unresolved_tips WHERE resolved_tip_id IS NULL AND dismissed_at IS NULL") } ?? 0)
    }
}
