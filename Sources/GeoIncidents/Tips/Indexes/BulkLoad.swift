import Foundation

/// One bulk load (a large import, ``BulkIndexing``): its tips reach `tip_cells` and
/// `tip_communes` in one sorted append when it finishes, not row by row through the tables'
/// insert triggers (``TipIndexes``).
///
/// - The triggers are dropped only inside each of the load's batch transactions, and created
///   again before that transaction commits (``batch(_:_:)``). SQLite's DDL is transactional
///   and nobody else writes while the batch holds the write lock, so every other writer
///   (another connection or process, the sqlite3 shell) finds the triggers in place, and a
///   crash rolls the batch back with the triggers.
/// - Each batch also writes, in the same transaction, a row of `tip_bulk_loads` with the
///   first tip id the load may have left out of the tables; ``finish(_:)`` appends the keys
///   and deletes the row in one transaction. A row left behind (a crash, a kill) makes the
///   next open add the missing rows from `tips` (``TipIndexes/ensure(_:)``).
/// - A process that opens the database during the load heals the same way and deletes the
///   row; the load's next batch writes it again, from a later id, and the final append skips
///   the rows already there (`INSERT OR IGNORE`).
/// - Another writer may move, reassign or delete some of the load's tips before the append:
///   their triggers change rows that are not there yet, and the keys gathered would append
///   stale rows. When `meta.tips_rewritten` (every UPDATE and DELETE on `tips`) has moved
///   since the load began, ``finish(_:)`` therefore adds the load's rows from `tips` as they
///   are then, instead of the gathered keys.
struct BulkLoad: Sendable {
    /// This load's row in `tip_bulk_loads`.
    let id = UUID().uuidString
    /// `meta.tips_rewritten` before the load stored anything.
    let rewrittenAtStart: Int64
    /// The keys of the tips the load stored, for the final append.
    let keys = ShadowKeys()

    /// Begins a load (before its first batch): notes `meta.tips_rewritten`.
    static func begin(_ connection: Connection) throws -> BulkLoad {
        BulkLoad(rewrittenAtStart: try connection.metaCounter("tips_rewritten"))
    }

    /// Runs `body`, which stores one batch of this load, inside the caller's write
    /// transaction, with the shadow tables' insert triggers dropped and this load's row
    /// written; the triggers are back when it returns. If `body` throws, the caller rolls
    /// the transaction back (the triggers are put back here too, should it commit anyway).
    func batch<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        precondition(connection.isInTransaction, "a bulk batch drops triggers only inside its own transaction")
        // The first id this batch can get: one past the largest. SQLite picks random free ids
        // once the largest possible id is taken, so the load may then leave out any id.
        try connection.run("""
            INSERT OR IGNORE INTO tip_bulk_loads (load_id, first_tip_id)
            SELECT ?, CASE WHEN max(id) = 9223372036854775807 THEN -9223372036854775808 ELSE coalesce(max(id), 0) + 1 END FROM tips
            """, [.text(id)])
        for table in ShadowTable.all { try table.suspend(connection) }
        let result: T
        do {
            result = try body()
        } catch {
            for table in ShadowTable.all { try? table.restore(connection) }
            throw error
        }
        for table in ShadowTable.all { try table.restore(connection) }
        return result
    }

    /// Appends the keys of the tips the load stored to both shadow tables and deletes the
    /// load's row, in one transaction.
    func finish(_ connection: Connection) throws {
        try connection.transaction {
            // No row: nothing stored, or a heal since the last batch added every row already.
            if let first = try connection.scalarInt("SELECT first_tip_id FROM tip_bulk_loads WHERE load_id = ?", [.text(id)]) {
                if try connection.metaCounter("tips_rewritten") == rewrittenAtStart {
                    try TipCells.append(sorted: keys.cellsInOrder(), connection)
                    try TipCommunes.append(keys.communeGroups(), connection)
                } else {
                    // Tips were changed or deleted meanwhile, maybe some of this load's.
                    for table in ShadowTable.all { try table.add(fromTipID: first, connection) }
                }
            }
            try connection.run("DELETE FROM tip_bulk_loads WHERE load_id = ?", [.text(id)])
        }
    }

    /// The smallest tip id that a bulk load may have left out of the shadow tables, or nil
    /// when no load has (none running, none stopped half-way).
    static func firstTipLeftOut(_ connection: Connection) throws -> Int64? {
        try connection.scalarInt("SELECT first_tip_id FROM tip_bulk_loads ORDER BY first_tip_id LIMIT 1")
    }

    /// Forgets every load's row, once the shadow tables hold all tips (inside the healing
    /// transaction; running loads write theirs again with their next batch).
    static func forgetAll(_ connection: Connection) throws {
        try connection.execute("DELETE FROM tip_bulk_loads")
    }
}
