/// `tip_cells`: every tip by Hilbert key, with its position (migration 012), the
/// ``ShadowTable`` that box filters and tiles read instead of an index on `tips`.
enum TipCells {
    /// One row of the table, as the writer knows it.
    struct Key {
        var hilbert: Int64
        var tipID: Int64
        var position: Coordinate
    }

    /// Appends the keys of the tips a bulk load stored, sorted as the table is (by Hilbert
    /// key, then id; the caller restores the trigger in the same transaction).
    static func append(_ keys: [Key], _ connection: Connection) throws {
        // Hilbert keys are non-negative, so their bit patterns sort as the numbers do. A
        // stable radix sort keeps the ids of equal keys in storing order, which is id order.
        let order = RadixSort.order(keys.map { UInt64(bitPattern: $0.hilbert) })
        let perStatement = 64
        var statements: [Int: Statement] = [:]
        var start = 0
        while start < order.count {
            let end = min(start + perStatement, order.count)
            let rows = end - start
            if statements[rows] == nil {
                statements[rows] = try connection.prepare("INSERT OR IGNORE INTO tip_cells (hilbert, tip_id, lon, lat) VALUES "
                    + Array(repeating: "(?, ?, ?, ?)", count: rows).joined(separator: ", "))
            }
            let insert = statements[rows]!
            insert.reset()
            for k in start..<end {
                let key = keys[Int(order[k])], base = Int32(4 * (k - start))
                insert.bind(key.hilbert, at: base + 1)
                insert.bind(key.tipID, at: base + 2)
                insert.bind(key.position.x, at: base + 3)
                insert.bind(key.position.y, at: base + 4)
            }
            try insert.step()
            start = end
        }
    }
}
