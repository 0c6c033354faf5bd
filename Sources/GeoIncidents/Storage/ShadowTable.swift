/// A table that stands in for an index on `tips` (`tip_communes`, `tip_cells`): triggers
/// keep it in step with every change to `tips`, and a bulk load suspends the insert trigger
/// and appends its rows sorted instead (``TipCommunes``, ``TipCells``). Appending presorted
/// keys costs SQLite a fraction of what `CREATE INDEX` spends sorting them.
///
/// A load that stops before restoring the trigger (a crash, an error) leaves it missing;
/// ``heal(_:)``, run on every open, then rebuilds the table from `tips`.
struct ShadowTable: Sendable {
    let table: String
    let insertTrigger: String
    let insertTriggerSQL: String
    /// Fills the empty table from `tips`.
    let fillSQL: String

    static let communes = ShadowTable(
        table: "tip_communes", insertTrigger: "tip_communes_on_insert",
        insertTriggerSQL: """
            CREATE TRIGGER IF NOT EXISTS tip_communes_on_insert AFTER INSERT ON tips WHEN NEW.commune_code IS NOT NULL
                BEGIN INSERT INTO tip_communes VALUES (NEW.commune_code, NEW.reported_at, NEW.id); END
            """,
        fillSQL: "INSERT INTO tip_communes SELECT commune_code, reported_at, id FROM tips WHERE commune_code IS NOT NULL")

    static let cells = ShadowTable(
        table: "tip_cells", insertTrigger: "tip_cells_on_insert",
        insertTriggerSQL: """
            CREATE TRIGGER IF NOT EXISTS tip_cells_on_insert AFTER INSERT ON tips
                BEGIN INSERT INTO tip_cells VALUES (NEW.hilbert, NEW.id, NEW.lon, NEW.lat); END
            """,
        fillSQL: "INSERT INTO tip_cells SELECT hilbert, id, lon, lat FROM tips")

    static let all = [communes, cells]

    /// Whether new tips currently reach the table by trigger.
    func isMaintained(_ connection: Connection) throws -> Bool {
        try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", [.text(insertTrigger)]) == 1
    }

    /// Stops maintaining the table by trigger (a bulk load appends instead).
    func suspend(_ connection: Connection) throws {
        try connection.execute("DROP TRIGGER IF EXISTS \(insertTrigger)")
    }

    /// Maintains the table by trigger again (after a bulk load appended its rows).
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

    /// Rebuilds the table from `tips` and restores the trigger when a load stopped without
    /// restoring it (a no-op otherwise).
    func heal(_ connection: Connection) throws {
        guard try !isMaintained(connection) else { return }
        try connection.transaction {
            try connection.execute("DELETE FROM \(table)")
            try connection.execute(fillSQL)
            try restore(connection)
        }
    }
}
