/// The secondary indexes of `tips` (spatial Hilbert key, time), and the commune × time
/// table `tip_communes` (see ``TipCommunes``).
///
/// A large import drops the randomly keyed index and suspends the table's insert trigger,
/// loads, and at the end appends the table's keys sorted and builds the index again, sorted:
/// one sorted build costs far less than a million random B-tree inserts. Opening a database
/// re-creates what is missing, so an import killed mid-way leaves a consistent store that
/// heals on the next open. The unique (source, external id) index is never dropped: it is
/// what makes re-imports add nothing.
enum TipIndexes {
    static let definitions: [(name: String, sql: String)] = [
        // lon and lat ride along so that bbox queries test the exact box in the index and
        // touch the table only for the rows inside (count(*) never touches it).
        ("tips_hilbert", "CREATE INDEX IF NOT EXISTS tips_hilbert ON tips (hilbert, lon, lat)"),
        ("tips_reported", "CREATE INDEX IF NOT EXISTS tips_reported ON tips (reported_at)"),
    ]

    /// Creates the missing indexes and heals `tip_communes` (a no-op when all is in place).
    static func ensure(_ connection: Connection) throws {
        try connection.transaction {
            for index in definitions { try connection.execute(index.sql) }
        }
        try TipCommunes.heal(connection)
    }

    /// The indexes a bulk load drops: those whose keys arrive in random order. Tips arrive
    /// roughly in time order, so `tips_reported` only grows at its end and stays.
    static let droppedForBulkLoad: Set<String> = ["tips_hilbert"]

    /// Drops the randomly keyed indexes and suspends `tip_communes`' trigger before a bulk load.
    static func drop(_ connection: Connection) throws {
        try connection.transaction {
            for name in droppedForBulkLoad.sorted() { try connection.execute("DROP INDEX IF EXISTS \(name)") }
            try TipCommunes.suspend(connection)
        }
    }

    /// Names of the secondary indexes present.
    static func present(_ connection: Connection) throws -> Set<String> {
        var names = Set<String>()
        try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tips'").forEachRow { names.insert($0.text(0)) }
        return names.intersection(definitions.map(\.name))
    }
}
