/// Turns recorded Zalo events into tips, one event per transaction (the tip, its
/// conversation, its replies and the event's "processed" mark commit together, so a crash
/// leaves the event pending and it is processed again, never twice):
/// - text → a conversation's description and location text (the text locator with the OA's
///   home province as hint; an ambiguous text is settled by the OA's communes when exactly
///   one candidate is among them);
/// - a shared location → the GPS point (a tip placed from text is moved to it; an
///   unresolved tip is placed on it);
/// - photos, files and links → URLs kept with the conversation (never downloaded);
/// - `user_submit_info` → the contact's name and phone, and the address as location text;
/// - follow, unfollow, stickers and other events → acknowledged and ignored.
/// The resident's Zalo id goes to the tipster contact and the conversation only.
public struct ZaloEventProcessor: Sendable {
    let database: GeoDatabase
    let accounts: [String: ZaloAccount]
    /// Messages further apart than this start a new conversation (milliseconds).
    public let windowMilliseconds: Int64

    /// What a pass did.
    public struct Pass: Sendable, Hashable {
        public var processed = 0
        /// Whether tips changed (caches to drop).
        public var tipsChanged = false
        /// Whether replies were queued (the sender to wake).
        public var repliesQueued = false
    }

    /// A processor for `accounts` (keyed by OA id) with a conversation window in minutes.
    public init(database: GeoDatabase, accounts: [ZaloAccount], windowMinutes: Int = 10) {
        self.database = database
        self.accounts = Dictionary(accounts.map { ($0.oaID, $0) }, uniquingKeysWith: { a, _ in a })
        self.windowMilliseconds = Int64(max(1, windowMinutes)) * 60_000
    }

    /// Processes up to `limit` pending events in arrival order with `placer` (text) and
    /// `boundaries` (GPS points).
    public func processPending(limit: Int = 100, placer: TipPlacer, boundaries: BoundaryIndex) throws -> Pass {
        var pass = Pass()
        let inbox = ZaloInbox(database: database)
        for pending in try inbox.pending(limit: limit) {
            // What the event's transaction did: whether it changed tips, whether it queued a reply.
            let done: (changedTips: Bool, queuedReply: Bool)
            do {
                done = try database.writer.sync { connection in
                    try connection.transaction { () -> (Bool, Bool) in
                        // Another process may have taken it meanwhile.
                        guard try connection.scalarInt("SELECT count(*) FROM zalo_events WHERE id = ? AND processed_at IS NULL", [.int(pending.id)]) == 1 else { return (false, false) }
                        var step = Step(processor: self, connection: connection, placer: placer, boundaries: boundaries)
                        let outcome = try step.handle(body: pending.body)
                        try inbox.markProcessed(id: pending.id, outcome: outcome, connection: connection)
                        if step.changedTips { try connection.bumpDataVersion() }
                        return (step.changedTips, step.queuedReply)
                    }
                }
            } catch let error as GeoIncidentsError where error.kind == .database {
                throw error    // busy or I/O: the event stays pending for the next pass
            } catch {
                // This event cannot be processed (a setting the store does not know, …): it is
                // set aside with its body for an operator (`geoq zalo status`, `geoq zalo
                // reprocess`) so that it does not hold up every resident's events behind it.
                try inbox.markFailed(id: pending.id, reason: "\(error)")
                done = (false, false)
            }
            pass.processed += 1
            pass.repliesQueued = pass.repliesQueued || done.queuedReply
            pass.tipsChanged = pass.tipsChanged || done.changedTips
        }
        return pass
    }

    /// The longest conversation text kept, in UTF-8 bytes: later words are not appended (the
    /// tip already has plenty to go on, and each event rewrites the text).
    static let maximumConversationBytes = 32_768

    /// One event's work inside its transaction.
    struct Step {
        let processor: ZaloEventProcessor
        let connection: Connection
        let placer: TipPlacer
        let boundaries: BoundaryIndex
        var changedTips = false
        var queuedReply = false

        mutating func handle(body: [UInt8]) throws -> String {
            let event: ZaloEvent
            do { event = try ZaloEvent(body: body) } catch { return "rejected: \(error)" }
            guard let account = processor.accounts[event.oaID] else { return "ignored: OA no longer configured" }
            guard let user = event.userID, !user.isEmpty else { return "ignored: \(event.name)" }
            let key = ZaloEvent.key(messageID: event.messageID, body: body)
            let ms = event.timestampMilliseconds
            // The resident's conversation within the window of this message (before or after it:
            // Zalo may deliver late), unless its tip was closed (resolved, dismissed) or its kept
            // tip dismissed: then these words start a new tip.
            let conversation = try ZaloConversation.find("""
                oa_id = ? AND user_id = ? AND last_at_ms >= ? AND opened_at_ms <= ?
                AND (tip_id IS NULL OR tip_id NOT IN (SELECT id FROM tips WHERE status IN ('resolved', 'dismissed')))
                AND (unresolved_id IS NULL OR unresolved_id NOT IN (SELECT id FROM unresolved_tips WHERE dismissed_at IS NOT NULL))
                """, [.text(event.oaID), .text(user), .int(ms - processor.windowMilliseconds), .int(ms + processor.windowMilliseconds)], connection: connection)
            switch event.kind {
            case .follow, .unfollow, .sticker, .other:
                return "ignored: \(event.name)"
            case .text:
                let text = event.text ?? ""
                guard !text.isEmpty else { return "ignored: empty text" }
                var c = try conversation ?? ZaloConversation.open(oaID: event.oaID, userID: user, eventKey: key, at: ms, connection: connection)
                c.append(text)
                c.lastAtMilliseconds = max(c.lastAtMilliseconds, ms)
                let outcome = try settle(&c, account: account, event: event, point: nil)
                try c.save(connection: connection)
                return outcome
            case .location:
                var c = try conversation ?? ZaloConversation.open(oaID: event.oaID, userID: user, eventKey: key, at: ms, connection: connection)
                if let words = event.text { c.append(words) }
                c.lastAtMilliseconds = max(c.lastAtMilliseconds, ms)
                let outcome = try settle(&c, account: account, event: event, point: event.location)
                try c.save(connection: connection)
                return outcome
            case .image, .file, .link:
                let opened = conversation == nil
                var c = try conversation ?? ZaloConversation.open(oaID: event.oaID, userID: user, eventKey: key, at: ms, connection: connection)
                c.lastAtMilliseconds = max(c.lastAtMilliseconds, ms)
                let insert = try connection.prepare("INSERT INTO zalo_attachments (conversation_id, event_key, kind, url, name) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                for attachment in event.attachments {
                    insert.reset()
                    try insert.bind([.int(c.id), .text(key), .text(attachment.kind), .text(attachment.url), attachment.name.map(SQLValue.text) ?? .null])
                    _ = try insert.step()
                }
                try c.save(connection: connection)
                if opened { try reply(.askDetails, c) }
                return "attached \(event.attachments.count) to conversation \(c.id)"
            case .submitInfo:
                guard var c = conversation else { return "ignored: submitted info outside a conversation" }
                c.lastAtMilliseconds = max(c.lastAtMilliseconds, ms)
                let contact = TipsterContact(name: event.submittedName, phone: event.submittedPhone, zaloID: user)
                // The contact goes with the tip, or with the kept tip (and from it to the tip an
                // officer makes of it).
                if let tip = c.tipID { try TipStore.mergeContact(tipID: tip, contact, connection: connection) }
                else if let kept = c.unresolvedID { try UnresolvedTipStore.mergeContact(id: kept, contact, connection: connection) }
                var outcome = "contact kept"
                if c.tipID == nil, let address = event.submittedAddress {
                    c.append(address)
                    outcome = try settle(&c, account: account, event: event, point: nil)
                    if let tip = c.tipID { try TipStore.mergeContact(tipID: tip, contact, connection: connection) }
                }
                try c.save(connection: connection)
                return outcome
            }
        }

        /// Brings the conversation's tip up to date with its words and (when given) the shared
        /// point: creates it, places a kept one, moves a text-placed one to the point, or
        /// updates its description.
        mutating func settle(_ c: inout ZaloConversation, account: ZaloAccount, event: ZaloEvent, point: Coordinate?) throws -> String {
            let description = c.text
            // An officer placed the kept tip meanwhile: the conversation follows the tip it became.
            if c.tipID == nil, let kept = c.unresolvedID,
               let placed = try connection.scalarInt("SELECT resolved_tip_id FROM unresolved_tips WHERE id = ? AND resolved_tip_id IS NOT NULL", [.int(kept)]) {
                c.tipID = placed
            }
            if let tip = c.tipID {
                changedTips = true
                if let point, !c.locatedByUser {
                    c.locatedByUser = true
                    // A point found from words moves to the resident's location; a GPS fix or an
                    // officer's correction stays, and the shared location is kept in the words.
                    if try connection.scalarText("SELECT locating_method FROM tips WHERE id = ?", [.int(tip)]) != LocatingMethod.gps.rawValue {
                        if !description.isEmpty { try TipStore.updateDescription(id: tip, to: description, connection: connection) }
                        try TipStore.relocate(id: tip, to: point, assignment: try boundaries.assign(point), note: "vị trí người báo chia sẻ qua Zalo", tokenID: nil, connection: connection)
                        return "tip \(tip) moved to the shared location"
                    }
                    // The resident's own position identifies them like a phone number: it is
                    // kept with the contact (commanders only), not in the description.
                    try TipStore.mergeContact(tipID: tip, TipsterContact(note: "vị trí người báo chia sẻ qua Zalo: \(point.y), \(point.x)"), connection: connection)
                    if !description.isEmpty { try TipStore.updateDescription(id: tip, to: description, connection: connection) }
                    return "tip \(tip) keeps its point; the shared location is kept with the contact"
                }
                if !description.isEmpty { try TipStore.updateDescription(id: tip, to: description, connection: connection) }
                return "tip \(tip) updated"
            }
            var draft = TipDraft(externalID: ZaloConversation.externalID(firstEventKey: c.firstEventKey), source: account.name,
                                 reportedAt: Timestamp(secondsSinceEpoch: c.openedAtMilliseconds / 1_000), receivedAt: Timestamp.now(),
                                 category: CategoryKeywords.suggest(c.text)?.category ?? .other, channel: .zaloPage,
                                 description: description.isEmpty ? nil : description, position: point,
                                 locationText: description.isEmpty ? nil : TextFolding.prefix(description, maxBytes: TipParser.locationTextLimit),
                                 provinceHint: account.homeProvince, contact: TipsterContact(zaloID: c.userID))
            if let kept = c.unresolvedID {
                // A kept tip: placed on the shared point, or on the place its words now name.
                guard let stored = try UnresolvedTipStore(database: processor.database).draft(id: kept), stored.open else {
                    return "unresolved tip \(kept) was settled by an officer"
                }
                draft = stored.draft
                draft.description = description.isEmpty ? draft.description : description
                let placed: (NewTip, Assignment)
                if let point {
                    placed = (draft.placed(at: point, method: .gps, accuracyMeters: nil), try boundaries.assign(point))
                } else {
                    draft.locationText = TextFolding.prefix(description, maxBytes: TipParser.locationTextLimit)
                    guard case .located(let tip, let assignment) = try place(draft, account: account) else { return "unresolved tip \(kept) still unplaced" }
                    placed = (tip, assignment)
                }
                let id = try UnresolvedTipStore.resolve(id: kept, tip: placed.0, assignment: placed.1, connection: connection)
                c.tipID = id
                c.locatedByUser = point != nil
                changedTips = true
                try reply(.locationReceived, c)
                return "unresolved tip \(kept) placed as tip \(id)"
            }
            guard point != nil || !description.isEmpty else { return "nothing to store yet" }
            let outcome: TipPlacer.Outcome
            if let tip = draft.gpsTip {
                outcome = .located(tip, try boundaries.assign(tip.location))
            } else {
                outcome = try place(draft, account: account)
            }
            changedTips = true
            switch outcome {
            case .located(let tip, let assignment):
                guard let id = try TipWriter(connection: connection).write([tip], [assignment]).ids.first ?? nil else {
                    throw GeoIncidentsError(.conflict, "a tip from Zalo event \(c.firstEventKey) is stored already")
                }
                c.tipID = id
                c.locatedByUser = point != nil
                try reply(.received, c)
                return "tip \(id) (\(tip.locatingMethod.rawValue))"
            case .unresolved(let kept):
                guard let id = try UnresolvedTipStore.keep([kept], connection: connection).first ?? nil else {
                    throw GeoIncidentsError(.conflict, "an unresolved tip from Zalo event \(c.firstEventKey) is kept already")
                }
                c.unresolvedID = id
                try reply(.askLocation, c)
                return "unresolved tip \(id) (\(kept.method.rawValue))"
            }
        }

        /// The placer's outcome, with an ambiguity the OA's own communes settle.
        func place(_ draft: TipDraft, account: ZaloAccount) throws -> TipPlacer.Outcome {
            let outcome = try placer.place(draft)
            if case .unresolved(let kept) = outcome, kept.method == .ambiguous, !account.communes.isEmpty {
                let ours = kept.candidates.filter(account.communes.contains)
                if ours.count == 1, let (tip, assignment) = try? placer.place(draft, inCommune: ours[0]) {
                    return .located(tip, assignment)
                }
            }
            return outcome
        }

        mutating func reply(_ kind: ZaloReply, _ c: ZaloConversation) throws {
            try ZaloOutbox.enqueue(kind, conversation: c, now: ZaloConversation.nowMilliseconds(), connection: connection)
            queuedReply = queuedReply || connection.changes == 1
        }
    }
}
