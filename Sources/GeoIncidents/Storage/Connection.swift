import CSpatiaLite

/// One SQLite connection with SpatiaLite loaded.
///
/// Not `Sendable`: a `Connection` lives inside a ``SerialConnection`` and is only touched
/// on that connection's queue.
final class Connection {
    /// The raw handle. Never leaves the owning queue.
    let handle: OpaquePointer
    private let spatialiteCache: UnsafeMutableRawPointer?
    /// The path the connection was opened on (for error messages).
    let path: String
    /// Compiled statements kept for reuse (``cached(_:)``), emptied when it grows past
    /// ``statementCacheLimit`` (SQL built with literal lists would otherwise fill it).
    private var statementCache: [String: Statement] = [:]
    static let statementCacheLimit = 256

    /// Opens (or creates) the database at `path` and initialises SpatiaLite on it.
    /// Process-wide SQLite settings, applied once before the first connection.
    private static let configured: Bool = geoinc_disable_memstatus() == SQLITE_OK

    init(path: String, readOnly: Bool = false) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw GeoIncidentsError(.database, "\(path): cannot open database: \(message)", resultCode: rc)
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Self.busyTimeoutMilliseconds)
        let cache = spatialite_alloc_connection()
        spatialite_init_ex(db, cache, 0)
        spatialite_set_silent_mode(cache)
        self.handle = db
        self.spatialiteCache = cache
        self.path = path
    }

    deinit {
        statementCache.removeAll()    // finalized before the close, not after SpatiaLite's clean-up
        sqlite3_close_v2(handle)
        if let spatialiteCache { spatialite_cleanup_ex(spatialiteCache) }
    }

    /// Runs one or more SQL statements that return no rows.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw GeoIncidentsError(.database, "SQLite error \(rc): \(message) — in: \(sql.prefix(200))", resultCode: rc)
        }
    }

    /// Compiles one SQL statement.
    func prepare(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A compiled statement for `sql`, reset and unbound, kept for the connection's next use
    /// of the same SQL: compiling costs more than running the small statements of hot paths
    /// (a tip grouped on intake runs a dozen). Finish with it before asking for the same
    /// SQL again: the two would be one statement.
    func cached(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        if statementCache.count >= Self.statementCacheLimit { statementCache.removeAll(keepingCapacity: true) }
        statementCache[sql] = statement
        return statement
    }

    /// How long a statement waits for another connection's lock before failing with
    /// `SQLITE_BUSY`.
    static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Runs `body` failing at once with `SQLITE_BUSY` where it would wait for another
    /// connection's lock: for writes that are worth doing only when they cost no waiting
    /// (a cache kept in the database).
    func withoutWaiting<T>(_ body: () throws -> T) rethrows -> T {
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds) }
        return try body()
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try enclosed(begin: immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", end: ["COMMIT"], undo: ["ROLLBACK"], body)
    }

    /// Runs `body` in a savepoint of the open transaction: when it throws, its changes are
    /// undone and the error rethrown, and the transaction goes on with what came before.
    func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try enclosed(begin: "SAVEPOINT \(name)", end: ["RELEASE \(name)"], undo: ["ROLLBACK TO \(name)", "RELEASE \(name)"], body)
    }

    /// `body` between `begin` and `end`, or `undo` (best effort) and the error rethrown.
    private func enclosed<T>(begin: String, end: [String], undo: [String], _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            for statement in end { try execute(statement) }
            return result
        } catch {
            for statement in undo { try? execute(statement) }
            throw error
        }
    }

    /// Whether a transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The rowid of the last inserted row.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the last statement changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Asks SQLite to stop the running statement (used on cancellation).
    func interrupt() { sqlite3_interrupt(handle) }

    func error(_ rc: Int32, _ sql: String) -> GeoIncidentsError {
        let message = String(cString: sqlite3_errmsg(handle))
        return GeoIncidentsError(.database, "SQLite error \(rc): \(message) — in: \(sql.prefix(200))", resultCode: rc)
    }
}

extension Connection {
    /// Runs a query and returns the first column of the first row as an integer.
    func scalarInt(_ sql: String, _ values: [SQLValue] = []) throws -> Int64? {
        try withCached(sql, values) { try $0.step() ? $0.int64(0) : nil }
    }

    /// Runs a query and returns the first column of the first row as text.
    func scalarText(_ sql: String, _ values: [SQLValue] = []) throws -> String? {
        try withCached(sql, values) { try $0.step() ? $0.text(0) : nil }
    }

    /// Runs one statement with bound values and no rows.
    func run(_ sql: String, _ values: [SQLValue] = []) throws {
        try withCached(sql, values) { statement in while try statement.step() {} }
    }

    /// `body` over the kept statement of `sql` with `values` bound, reset afterwards (no
    /// read lock kept, whatever `body` does).
    private func withCached<T>(_ sql: String, _ values: [SQLValue], _ body: (Statement) throws -> T) throws -> T {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try body(statement)
    }
}
