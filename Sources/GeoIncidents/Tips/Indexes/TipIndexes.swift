/// The secondary structures of `tips`: the time index, and the tables `tip_cells` (Hilbert
/// key) and `tip_communes` (commune × time) that stand in for indexes (``ShadowTable``).
///
/// A large import leaves its tips out of the tables batch by batch and appends their keys
/// sorted at the end (``BulkLoad``): one sorted append costs far less than a million random
/// B-tree inserts, or than `CREATE INDEX` sorting them. Every other writer's tips go in by
/// trigger meanwhile. Opening a database adds what a stopped load left out, so an import
/// killed mid-way leaves a consistent store that heals on the next open. The unique
/// (source, external id) index is never touched: it is what makes re-imports add nothing.
enum TipIndexes {
    /// Tips arrive roughly in time order, so `tips_reported` only grows at its end and stays
    /// through bulk loads.
    static let definitions: [(name: String, sql: String)] = [
        ("tips_reported", "CREATE INDEX IF NOT EXISTS tips_reported ON tips (reported_at)"),
    ]

    /// Creates the missing indexes and heals the shadow tables, in one transaction: adds the
    /// rows that bulk loads left out (a load that stopped half-way, or one still running in
    /// another process, which records its row again with its next batch), and rebuilds a
    /// table whose insert trigger is missing. Cheap when all is in place.
    static func ensure(_ connection: Connection) throws {
        try connection.transaction {
            for index in definitions { try connection.execute(index.sql) }
            let leftOut = try BulkLoad.firstTipLeftOut(connection)
            for table in ShadowTable.all { try table.heal(connection, leftOutFrom: leftOut) }
            if leftOut != nil { try BulkLoad.forgetAll(connection) }
        }
    }

    /// Names of the secondary indexes present.
    static func present(_ connection: Connection) throws -> Set<String> {
        var names = Set<String>()
        try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tips'").forEachRow { names.insert($0.text(0)) }
        return names.intersection(definitions.map(\.name))
    }
}
