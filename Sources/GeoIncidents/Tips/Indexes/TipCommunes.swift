/// `tip_communes`: the tips of each commune in time order (migration 011), the
/// ``ShadowTable`` that commune filters read instead of an index on `tips`.
enum TipCommunes {
    /// One commune's row of the table: the report time (seconds since the epoch) and the tip.
    struct Row {
        var seconds: Int64
        var tipID: Int64
    }

    /// The rows of a bulk load in table order (``ShadowKeys``): `codes` by their bytes, as
    /// SQLite orders text, and the rows of `codes[c]` at `rows[starts[c]..<starts[c + 1]]`,
    /// by time, then id.
    struct Groups {
        var codes: [String]
        var starts: [Int]
        var rows: [Row]
    }

    /// Appends the rows of the tips a bulk load stored (the caller restores the trigger in
    /// the same transaction).
    static func append(_ groups: Groups, _ connection: Connection) throws {
        // Stored times are fixed-width UTC text, so text order is time order. Each code is
        // C text once, bound without a copy per row; one time buffer per row slot of a
        // statement (bound without a copy until the statement is stepped).
        let codeText = groups.codes.map { FrozenBuffer(Array($0.utf8).map { CChar(bitPattern: $0) }) }
        let times = (0..<ShadowTable.rowsPerStatement).map { _ in TimeText() }
        var code = 0
        try ShadowTable.communes.insert(columns: ["commune_code", "reported_at", "tip_id"], count: groups.rows.count, { statement, first, k in
            while k >= groups.starts[code + 1] { code += 1 }
            let text = codeText[code], time = times[k % ShadowTable.rowsPerStatement], row = groups.rows[k]
            statement.bind(staticUTF8: text.pointer, count: text.count, at: first)
            statement.bind(staticUTF8: time.text, count: time.encode(Timestamp(secondsSinceEpoch: row.seconds)), at: first + 1)
            statement.bind(row.tipID, at: first + 2)
        }, connection: connection)
    }
}
