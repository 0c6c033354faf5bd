/// The secondary structures of `tips`: the time index, and the tables `tip_cells` (Hilbert
/// key) and `tip_communes` (commune × time) that stand in for indexes (``ShadowTable``).
///
/// A large import suspends the tables' insert triggers, loads, and at the end appends their
/// keys sorted: one sorted append costs far less than a million random B-tree inserts, or
/// than `CREATE INDEX` sorting them. Opening a database re-creates what is missing, so an
/// import killed mid-way leaves a consistent store that heals on the next open. The unique
/// (source, external id) index is never touched: it is what makes re-imports add nothing.
enum TipIndexes {
    /// Tips arrive roughly in time order, so `tips_reported` only grows at its end and stays
    /// through bulk loads.
    static let definitions: [(name: String, sql: String)] = [
        ("tips_reported", "CREATE INDEX IF NOT EXISTS tips_reported ON tips (reported_at)"),
    ]

    /// Creates the missing indexes and heals the shadow tables (a no-op when all is in place).
    static func ensure(_ connection: Connection) throws {
        try connection.transaction {
            for index in definitions { try connection.execute(index.sql) }
        }
        for table in ShadowTable.all { try table.heal(connection) }
    }

    /// Suspends the shadow tables' insert triggers before a bulk load.
    static func suspend(_ connection: Connection) throws {
        try connection.transaction {
            for table in ShadowTable.all { try table.suspend(connection) }
        }
    }

    /// After a bulk load: appends the stored tips' keys to both shadow tables and restores
    /// their triggers, in one transaction.
    static func resume(_ connection: Connection, keys: ShadowKeys) throws {
        try connection.transaction {
            try TipCells.append(sorted: keys.cellsInOrder(), connection)
            try TipCommunes.append(keys.communeGroups(), connection)
            for table in ShadowTable.all { try table.restore(connection) }
        }
    }

    /// Names of the secondary indexes present.
    static func present(_ connection: Connection) throws -> Set<String> {
        var names = Set<String>()
        try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tips'").forEachRow { names.insert($0.text(0)) }
        return names.intersection(definitions.map(\.name))
    }
}
