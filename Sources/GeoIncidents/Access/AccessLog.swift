import Synchronization

/// The log of every access to exact tip locations (and tipster contacts): who (token),
/// when, what (action, a description of the query without coordinates) and how many tips.
///
/// Entries are buffered and written in one transaction by ``flush()`` (the HTTP service
/// flushes every 250 ms and at shutdown), so that reading tips does not cost a durable
/// commit per request; a crash can lose at most the entries not yet written.
///
/// A failed write (the database locked by an import past the busy timeout, a full disk)
/// drops nothing: the entries stay queued, in order, and the next flush writes them with
/// the newer ones. An audit record is never discarded to save memory; instead, once
/// ``backlogLimit`` entries wait (about 200 bytes each), ``isBacklogged`` tells the service
/// to refuse audited reads until the log can be written again — reads fail closed.
public final class AccessLog: Sendable {
    /// One access.
    public struct Entry: Sendable, Hashable {
        public var at: Timestamp
        public var tokenID: Int64?
        public var role: Role
        public var action: String
        public var detail: String
        public var tips: Int

        public init(at: Timestamp = .now(), tokenID: Int64?, role: Role, action: String, detail: String, tips: Int) {
            self.at = at
            self.tokenID = tokenID
            self.role = role
            self.action = action
            self.detail = detail
            self.tips = tips
        }
    }

    let database: GeoDatabase
    private let pending = Mutex<[Entry]>([])
    /// Held for a whole flush, so that two flushes never write the same entries.
    private let flushing = Mutex<Void>(())

    /// Entries waiting beyond which audited reads are refused (``isBacklogged``).
    public let backlogLimit: Int

    public init(database: GeoDatabase, backlogLimit: Int = 50_000) {
        self.database = database
        self.backlogLimit = backlogLimit
    }

    /// Whether so many entries wait unwritten that no further audited read may be served.
    public var isBacklogged: Bool { queued >= backlogLimit }

    /// Queues an entry for the next flush.
    public func record(_ entry: Entry) {
        pending.withLock { $0.append(entry) }
    }

    /// Queues an access by `principal`, now.
    public func record(_ principal: Principal, action: String, detail: String, tips: Int) {
        record(Entry(tokenID: principal.tokenID, role: principal.role, action: action, detail: detail, tips: tips))
    }

    /// How many entries wait for the next flush.
    public var queued: Int { pending.withLock { $0.count } }

    /// Writes the queued entries in one transaction and returns how many. They leave the
    /// queue only once committed: when the write throws, every entry is still queued for
    /// the next flush. Blocks on SQLite (up to the busy timeout): call it off the
    /// cooperative thread pool.
    @discardableResult
    public func flush() throws -> Int {
        try flushing.withLock { _ in
            // A copy: entries recorded during the write are appended behind these.
            let entries = pending.withLock { $0 }
            guard !entries.isEmpty else { return 0 }
            try database.writer.sync { connection in
                try connection.transaction {
                    let insert = try connection.prepare("INSERT INTO access_log (at, token_id, role, action, detail, tips) VALUES (?, ?, ?, ?, ?, ?)")
                    for e in entries {
                        try insert.bind([.text(e.at.iso8601), e.tokenID.map(SQLValue.int) ?? .null, .text(e.role.rawValue), .text(e.action), .text(e.detail), .int(Int64(e.tips))])
                        _ = try insert.step()
                        insert.reset()
                    }
                }
            }
            pending.withLock { $0.removeFirst(entries.count) }
            return entries.count
        }
    }

    /// The newest entries, newest first.
    public func recent(limit: Int = 100) throws -> [Entry] {
        try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT at, token_id, role, action, detail, tips FROM access_log ORDER BY id DESC LIMIT ?")
            try statement.bind([.int(Int64(limit))])
            var entries: [Entry] = []
            try statement.forEachRow { row in
                entries.append(Entry(at: Timestamp.parse(row.text(0), defaultOffsetMinutes: 0) ?? Timestamp(secondsSinceEpoch: 0),
                                     tokenID: row.isNull(1) ? nil : row.int64(1), role: Role(rawValue: row.text(2)) ?? .public,
                                     action: row.text(3), detail: row.optionalText(4) ?? "", tips: row.int(5)))
            }
            return entries
        }
    }
}
