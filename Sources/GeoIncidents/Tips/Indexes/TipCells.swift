/// `tip_cells`: every tip by Hilbert key, with its position (migration 012), the
/// ``ShadowTable`` that box filters and tiles read instead of an index on `tips`.
enum TipCells {
    /// One row of the table, as the writer knows it.
    struct Key {
        var hilbert: Int64
        var tipID: Int64
        var position: Coordinate
    }

    /// Appends the keys of the tips a bulk load stored, already in table order (by Hilbert
    /// key, then id: ``ShadowKeys``; the caller restores the trigger in the same transaction).
    static func append(sorted keys: [Key], _ connection: Connection) throws {
        try ShadowTable.cells.insert(columns: ["hilbert", "tip_id", "lon", "lat"], count: keys.count, { statement, first, k in
            let key = keys[k]
            statement.bind(key.hilbert, at: first)
            statement.bind(key.tipID, at: first + 1)
            statement.bind(key.position.x, at: first + 2)
            statement.bind(key.position.y, at: first + 3)
        }, connection: connection)
    }
}
