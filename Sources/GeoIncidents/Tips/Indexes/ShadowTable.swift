/// A table that stands in for an index on `tips` (`tip_communes`, `tip_cells`): triggers
/// keep it in step with every change to `tips`, whoever makes it. A bulk load leaves its own
/// tips out, batch by batch, and appends their rows sorted when it finishes (``BulkLoad``,
/// ``TipCommunes``, ``TipCells``): appending presorted keys costs SQLite a fraction of what
/// `CREATE INDEX` spends sorting them.
///
/// The insert trigger is dropped only inside a bulk batch's own transaction and is back
/// before it commits, so no other writer ever misses it. ``heal(_:leftOutFrom:)``, run on
/// every open, adds the rows a stopped load left out, and rebuilds the table when the
/// trigger is missing (a load of an older version that stopped half-way).
struct ShadowTable: Sendable {
    let table: String
    let insertTrigger: String
    let insertTriggerSQL: String
    /// The table's columns as selected from `tips`.
    let columnsFromTips: String
    /// Which tips have a row (nil: all of them).
    let condition: String?

    static let communes = ShadowTable(
        table: "tip_communes", insertTrigger: "tip_communes_on_insert",
        insertTriggerSQL: """
            CREATE TRIGGER IF NOT EXISTS tip_communes_on_insert AFTER INSERT ON tips WHEN NEW.commune_code IS NOT NULL
                BEGIN INSERT INTO tip_communes VALUES (NEW.commune_code, NEW.reported_at, NEW.id); END
            """,
        columnsFromTips: "commune_code, reported_at, id", condition: "commune_code IS NOT NULL")

    static let cells = ShadowTable(
        table: "tip_cells", insertTrigger: "tip_cells_on_insert",
        insertTriggerSQL: """
            CREATE TRIGGER IF NOT EXISTS tip_cells_on_insert AFTER INSERT ON tips
                BEGIN INSERT INTO tip_cells VALUES (NEW.hilbert, NEW.id, NEW.lon, NEW.lat); END
            """,
        columnsFromTips: "hilbert, id, lon, lat", condition: nil)

    static let all = [communes, cells]

    /// Whether new tips currently reach the table by trigger.
    func isMaintained(_ connection: Connection) throws -> Bool {
        try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", [.text(insertTrigger)]) == 1
    }

    /// Drops the insert trigger, inside a bulk batch's transaction only (``BulkLoad``):
    /// dropped outside one, it would be missing for every other writer.
    func suspend(_ connection: Connection) throws {
        precondition(connection.isInTransaction, "\(insertTrigger) may be dropped only inside a transaction")
        try connection.execute("DROP TRIGGER IF EXISTS \(insertTrigger)")
    }

    /// Creates the insert trigger again (a no-op when it is there).
    func restore(_ connection: Connection) throws {
        try connection.execute(insertTriggerSQL)
    }

    /// Rows per statement of ``insert(columns:count:_:connection:)``; row `k` goes into
    /// slot `k % rowsPerStatement` of its statement.
    static let rowsPerStatement = 64

    /// Inserts `count` rows, `rowsPerStatement` per statement; `bind(statement,
    /// firstParameter, row)` binds row `row` from parameter `firstParameter` on
    /// (`columns.count` parameters a row).
    func insert(columns: [String], count: Int, _ bind: (Statement, Int32, Int) -> Void, connection: Connection) throws {
        let perStatement = Self.rowsPerStatement
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var statements: [Int: Statement] = [:]
        var start = 0
        while start < count {
            let end = min(start + perStatement, count)
            if statements[end - start] == nil {
                statements[end - start] = try connection.prepare("INSERT OR IGNORE INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: row, count: end - start).joined(separator: ", "))
            }
            let statement = statements[end - start]!
            statement.reset()
            for k in start..<end { bind(statement, Int32(columns.count * (k - start) + 1), k) }
            try statement.step()
            start = end
        }
    }

    /// Inside a transaction: adds the rows of the tips from id `first` on that the table
    /// lacks, as the tips are now (`INSERT OR IGNORE`).
    func add(fromTipID first: Int64, _ connection: Connection) throws {
        let filter = condition.map { " AND \($0)" } ?? ""
        try connection.run("INSERT OR IGNORE INTO \(table) SELECT \(columnsFromTips) FROM tips WHERE id >= ?\(filter)", [.int(first)])
    }

    /// Inside a transaction: rebuilds the table from `tips` and restores its trigger when the
    /// trigger is missing; otherwise adds the rows of the tips from id `first` on, which bulk
    /// loads may have left out (nil: none did).
    func heal(_ connection: Connection, leftOutFrom first: Int64?) throws {
        if try !isMaintained(connection) {
            try connection.execute("DELETE FROM \(table)")
            try add(fromTipID: Int64.min, connection)
            try restore(connection)
        } else if let first {
            try add(fromTipID: first, connection)
        }
    }
}
