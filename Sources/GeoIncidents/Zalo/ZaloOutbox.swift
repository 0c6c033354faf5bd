/// Replies waiting to be sent through the OA message API, durably: a reply is written in the
/// same transaction as the tip it answers, sent by MapServer's reply sender, retried with
/// backoff, and never sent twice for the same (kind, conversation). Also keeps the OA's
/// tokens, since Zalo's refresh token works once: after a refresh only the stored pair is
/// valid.
public struct ZaloOutbox: Sendable {
    let database: GeoDatabase

    /// Zalo answers a consultation ("cs") message only within 7 days of the resident's last
    /// message to the OA (error -230 after that); within 48 hours replies are free.
    public static let replyWindowMilliseconds: Int64 = 7 * 24 * 3_600_000
    /// Attempts before a reply is given up (the last wait is an hour).
    public static let maxAttempts = 10

    /// A reply to send.
    public struct Message: Sendable, Hashable {
        public var id: Int64
        public var oaID: String
        /// The resident's id for the OA. Never logged.
        public var userID: String
        public var kind: String
        public var text: String
        public var attempts: Int
        /// When the resident last wrote to the OA (Zalo's reply window counts from it).
        public var lastInteractionMilliseconds: Int64
    }

    /// How the outbox stands.
    public struct Counts: Sendable, Hashable {
        public var waiting: Int
        public var sent: Int
        public var failed: Int
    }

    /// An outbox over `database`.
    public init(database: GeoDatabase) { self.database = database }

    /// Queues `reply` for a conversation inside the caller's transaction; a second queueing of
    /// the same kind for the same conversation does nothing.
    static func enqueue(_ reply: ZaloReply, conversation: ZaloConversation, now: Int64, connection: Connection) throws {
        try connection.run("""
            INSERT INTO zalo_outbox (oa_id, user_id, kind, text, dedupe_key, created_at, last_interaction_ms, next_attempt_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
            """, [.text(conversation.oaID), .text(conversation.userID), .text(reply.rawValue), .text(reply.text(reference: conversation.reference)),
                  .text("\(reply.rawValue):\(conversation.id)"), .text(Timestamp.now().iso8601), .int(conversation.lastAtMilliseconds), .int(now)])
    }

    /// Queues the closing message of the Zalo conversation that became tip `tipID`, if any
    /// (an officer resolved the tip). Returns whether a message was queued.
    @discardableResult
    public func enqueueClosing(tipID: Int64) throws -> Bool {
        try database.writer.sync { connection in
            try connection.transaction {
                guard let conversation = try ZaloConversation.find("id IN (\(ZaloConversation.ofTip))", [.int(tipID), .int(tipID)], connection: connection) else {
                    return false
                }
                try Self.enqueue(.closed, conversation: conversation, now: ZaloConversation.nowMilliseconds(), connection: connection)
                return connection.changes == 1
            }
        }
    }

    /// Replies due at `now` (milliseconds), oldest first.
    public func due(now: Int64, limit: Int = 50) throws -> [Message] {
        try database.read { connection in
            let statement = try connection.prepare("""
                SELECT id, oa_id, user_id, kind, text, attempts, last_interaction_ms FROM zalo_outbox
                WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?
                """)
            try statement.bind([.int(now), .int(Int64(limit))])
            var messages: [Message] = []
            try statement.forEachRow { row in
                messages.append(Message(id: row.int64(0), oaID: row.text(1), userID: row.text(2), kind: row.text(3), text: row.text(4),
                                        attempts: row.int(5), lastInteractionMilliseconds: row.int64(6)))
            }
            return messages
        }
    }

    /// When the next reply falls due (milliseconds), or nil when none waits.
    public func nextDue() throws -> Int64? {
        try database.read { try $0.scalarInt("SELECT min(next_attempt_ms) FROM zalo_outbox WHERE sent_at IS NULL AND failed_at IS NULL") }
    }

    /// Records that Zalo accepted reply `id`.
    public func markSent(id: Int64, zaloMessageID: String?) throws {
        try update("UPDATE zalo_outbox SET sent_at = ?, attempts = attempts + 1, zalo_message_id = ?, last_error = NULL WHERE id = ?",
                   [.text(Timestamp.now().iso8601), zaloMessageID.map(SQLValue.text) ?? .null, .int(id)])
    }

    /// Gives reply `id` up for good (`reason` names Zalo's error: outside the reply window,
    /// out of quota, …).
    public func markFailed(id: Int64, reason: String) throws {
        try update("UPDATE zalo_outbox SET failed_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
                   [.text(Timestamp.now().iso8601), .text(String(reason.prefix(500))), .int(id)])
    }

    /// Schedules reply `id` again after a failed attempt: 5 s, 10 s, 20 s … up to an hour;
    /// after ``maxAttempts`` it is given up.
    public func retryLater(_ message: Message, reason: String, now: Int64) throws {
        let attempts = message.attempts + 1
        guard attempts < Self.maxAttempts else { return try markFailed(id: message.id, reason: "gave up after \(attempts) attempts: \(reason)") }
        let wait: Int64 = min(5_000 << Int64(attempts - 1), 3_600_000)
        try update("UPDATE zalo_outbox SET attempts = ?, next_attempt_ms = ?, last_error = ? WHERE id = ?",
                   [.int(Int64(attempts)), .int(now + wait), .text(String(reason.prefix(500))), .int(message.id)])
    }

    /// The replies waiting, sent and given up.
    public func counts() throws -> Counts {
        try database.read { connection in
            let statement = try connection.prepare("""
                SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL), count(sent_at), count(failed_at) FROM zalo_outbox
                """)
            var counts = Counts(waiting: 0, sent: 0, failed: 0)
            try statement.forEachRow { counts = Counts(waiting: $0.int(0), sent: $0.int(1), failed: $0.int(2)) }
            return counts
        }
    }

    /// A reply given up, as an operator sees it (never the resident's id or the text).
    public struct Failure: Sendable, Hashable {
        public var id: Int64
        public var oaID: String
        public var kind: String
        public var attempts: Int
        public var reason: String
        public var failedAt: String
    }

    /// The replies given up, latest first.
    public func failures(limit: Int = 50) throws -> [Failure] {
        try database.read { connection in
            let statement = try connection.prepare("""
                SELECT id, oa_id, kind, attempts, coalesce(last_error, ''), failed_at FROM zalo_outbox WHERE failed_at IS NOT NULL ORDER BY id DESC LIMIT ?
                """)
            try statement.bind([.int(Int64(limit))])
            var found: [Failure] = []
            try statement.forEachRow { found.append(Failure(id: $0.int64(0), oaID: $0.text(1), kind: $0.text(2), attempts: $0.int(3), reason: $0.text(4), failedAt: $0.text(5))) }
            return found
        }
    }

    /// Puts a reply given up back in the queue, due now (after the operator fixed the OA's
    /// tokens, say); returns whether there was such a reply. Zalo's 7-day window still applies.
    @discardableResult
    public func retry(id: Int64) throws -> Bool {
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("UPDATE zalo_outbox SET failed_at = NULL, attempts = 0, next_attempt_ms = ? WHERE id = ? AND failed_at IS NOT NULL",
                                   [.int(ZaloConversation.nowMilliseconds()), .int(id)])
                return connection.changes == 1
            }
        }
    }

    /// The OA's current tokens: the stored pair after a refresh, unless the configured refresh
    /// token changed since (an operator authorised the app again), in which case the
    /// configured pair.
    public func tokens(for account: ZaloAccount) throws -> (access: String, refresh: String) {
        try database.read { connection in
            let statement = try connection.prepare("SELECT access_token, refresh_token, configured_refresh_token FROM zalo_tokens WHERE oa_id = ?")
            try statement.bind([.text(account.oaID)])
            var tokens = (access: account.accessToken, refresh: account.refreshToken)
            try statement.forEachRow { row in
                if row.text(2) == account.refreshToken { tokens = (row.text(0), row.text(1)) }
            }
            return tokens
        }
    }

    /// Keeps the pair a refresh returned.
    public func storeTokens(for account: ZaloAccount, access: String, refresh: String) throws {
        try update("""
            INSERT INTO zalo_tokens (oa_id, access_token, refresh_token, configured_refresh_token, refreshed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (oa_id) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token,
                configured_refresh_token = excluded.configured_refresh_token, refreshed_at = excluded.refreshed_at
            """, [.text(account.oaID), .text(access), .text(refresh), .text(account.refreshToken), .text(Timestamp.now().iso8601)])
    }

    private func update(_ sql: String, _ values: [SQLValue]) throws {
        try database.writer.sync { connection in try connection.transaction { try connection.run(sql, values) } }
    }
}
