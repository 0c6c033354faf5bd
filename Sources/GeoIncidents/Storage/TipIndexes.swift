/// The secondary indexes of `tips` (spatial Hilbert key, commune × time, time).
///
/// A large import drops the randomly keyed ones, loads, and builds them again, sorted, at
/// the end: one sorted build costs far less than a million random B-tree inserts. Opening a database
/// re-creates any that are missing, so an import killed mid-way leaves a consistent store
/// that heals on the next open. The unique (source, external id) index is never dropped:
/// it is what makes re-imports add nothing.
enum TipIndexes {
    static let definitions: [(name: String, sql: String)] = [
        // lon and lat ride along so that bbox queries test the exact box in the index and
        // touch the table only for the rows inside (count(*) never touches it).
        ("tips_hilbert", "CREATE INDEX IF NOT EXISTS tips_hilbert ON tips (hilbert, lon, lat)"),
        ("tips_commune_reported", "CREATE INDEX IF NOT EXISTS tips_commune_reported ON tips (commune_code, reported_at)"),
        ("tips_reported", "CREATE INDEX IF NOT EXISTS tips_reported ON tips (reported_at)"),
    ]

    /// Creates the missing indexes (a no-op when all exist).
    static func ensure(_ connection: Connection) throws {
        try connection.transaction {
            for index in definitions { try connection.execute(index.sql) }
        }
    }

    /// The indexes a bulk load drops: those whose keys arrive in random order. Tips arrive
    /// roughly in time order, so `tips_reported` only grows at its end and stays.
    static let droppedForBulkLoad: Set<String> = ["tips_hilbert", "tips_commune_reported"]

    /// Drops the randomly keyed indexes before a bulk load.
    static func drop(_ connection: Connection) throws {
        try connection.transaction {
            for name in droppedForBulkLoad.sorted() { try connection.execute("DROP INDEX IF EXISTS \(name)") }
        }
    }

    /// Names of the secondary indexes present.
    static func present(_ connection: Connection) throws -> Set<String> {
        var names = Set<String>()
        try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tips'").forEachRow { names.insert($0.text(0)) }
        return names.intersection(definitions.map(\.name))
    }
}
