/// The durable record of Zalo webhook events: an event is written (and committed with the
/// store's `synchronous=FULL`) before Zalo gets its 200, so a crash after the answer loses
/// nothing; the same event delivered again (Zalo retries for up to hours) is one row.
/// Processing (``ZaloConversations``) reads the pending rows in arrival order and clears each
/// body once its tip exists: the resident's id and words stay only where a tip needs them.
public struct ZaloInbox: Sendable {
    let database: GeoDatabase

    /// An event received and not yet processed.
    public struct Pending: Sendable {
        public var id: Int64
        public var body: [UInt8]
    }

    /// An inbox over `database`.
    public init(database: GeoDatabase) { self.database = database }

    /// One delivery to record.
    public struct Delivery: Sendable {
        public var oaID: String
        public var key: String
        public var name: String
        public var sentAtMilliseconds: Int64
        public var body: [UInt8]

        /// A delivery of `event` with its raw `body`.
        public init(event: ZaloEvent, body: [UInt8]) {
            oaID = event.oaID; key = ZaloEvent.key(messageID: event.messageID, body: body); name = event.name
            sentAtMilliseconds = event.timestampMilliseconds; self.body = body
        }
    }

    /// Records deliveries in one durable transaction (callers batch concurrent requests into
    /// one commit); for each, true when it is new, false when the event was recorded before.
    public func record(_ deliveries: [Delivery]) throws -> [Bool] {
        let now = Timestamp.now().iso8601
        return try database.writer.sync { connection in
            try connection.transaction {
                let insert = try connection.prepare("""
                    INSERT INTO zalo_events (oa_id, event_key, event_name, sent_at_ms, received_at, body) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (oa_id, event_key) DO NOTHING
                    """)
                return try deliveries.map { delivery in
                    try insert.bind([.text(delivery.oaID), .text(delivery.key), .text(delivery.name), .int(delivery.sentAtMilliseconds),
                                     .text(now), .blob(delivery.body)])
                    _ = try insert.step()
                    insert.reset()
                    return connection.changes == 1
                }
            }
        }
    }

    /// Up to `limit` unprocessed events, oldest first.
    public func pending(limit: Int = 200) throws -> [Pending] {
        try database.read { connection in
            let statement = try connection.prepare("SELECT id, body FROM zalo_events WHERE processed_at IS NULL ORDER BY id LIMIT ?")
            try statement.bind([.int(Int64(limit))])
            var rows: [Pending] = []
            try statement.forEachRow { row in rows.append(Pending(id: row.int64(0), body: row.withBlob(1) { Array($0) })) }
            return rows
        }
    }

    /// How many events were recorded in all.
    public func count() throws -> Int {
        Int(try database.read { try $0.scalarInt("SELECT count(*) FROM zalo_events") } ?? 0)
    }

    /// How many events wait to be processed.
    public func pendingCount() throws -> Int {
        Int(try database.read { try $0.scalarInt("SELECT count(*) FROM zalo_events WHERE processed_at IS NULL") } ?? 0)
    }

    /// Marks an event processed with a short outcome ("tip 12", "ignored: follow") and
    /// clears its body.
    func markProcessed(id: Int64, outcome: String, connection: Connection) throws {
        try connection.run("UPDATE zalo_events SET processed_at = ?, outcome = ?, body = NULL WHERE id = ?",
                           [.text(Timestamp.now().iso8601), .text(outcome), .int(id)])
    }

    /// Sets an event aside that could not be processed: marked with the reason, its body kept
    /// for ``reprocessFailed()``.
    func markFailed(id: Int64, reason: String) throws {
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("UPDATE zalo_events SET processed_at = ?, outcome = ? WHERE id = ?",
                                   [.text(Timestamp.now().iso8601), .text("failed: " + String(reason.prefix(500))), .int(id)])
            }
        }
    }

    /// How many events were set aside as failed.
    public func failedCount() throws -> Int {
        Int(try database.read { try $0.scalarInt("SELECT count(*) FROM zalo_events WHERE outcome LIKE 'failed: %' AND body IS NOT NULL") } ?? 0)
    }

    /// Puts the failed events back in the queue (after the operator fixed the cause); returns
    /// how many.
    @discardableResult
    public func reprocessFailed() throws -> Int {
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("UPDATE zalo_events SET processed_at = NULL, outcome = NULL WHERE outcome LIKE 'failed: %' AND body IS NOT NULL")
                return connection.changes
            }
        }
    }

    /// The outcome of the event with `key` for OA `oaID`, nil while it is pending or unknown.
    public func outcome(oaID: String, key: String) throws -> String? {
        try database.read { try $0.scalarText("SELECT outcome FROM zalo_events WHERE oa_id = ? AND event_key = ?", [.text(oaID), .text(key)]) }
    }
}
