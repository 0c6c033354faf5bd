/// `tip_communes`: the tips of each commune in time order (migration 011), a table that
/// commune filters read instead of an index on `tips`.
///
/// Triggers keep it in step with every change to `tips`. A bulk load drops the insert
/// trigger, remembers the key of every row it stores, and at the end appends them sorted in
/// one transaction that also restores the trigger: appending sorted keys costs SQLite a
/// fifth of what sorting them in `CREATE INDEX` did. A load that stops before that (a crash,
/// an error) leaves the trigger missing, and the next open rebuilds the table from `tips`.
enum TipCommunes {
    static let insertTrigger = "tip_communes_on_insert"
    static let insertTriggerSQL = """
        CREATE TRIGGER IF NOT EXISTS tip_communes_on_insert AFTER INSERT ON tips WHEN NEW.commune_code IS NOT NULL
            BEGIN INSERT INTO tip_communes VALUES (NEW.commune_code, NEW.reported_at, NEW.id); END
        """

    /// One row of the table, as the writer knows it.
    struct Key {
        var commune: String
        var reportedAt: Timestamp
        var tipID: Int64
    }

    /// Whether new tips currently reach the table by trigger.
    static func isMaintained(_ connection: Connection) throws -> Bool {
        try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", [.text(insertTrigger)]) == 1
    }

    /// Stops maintaining the table by trigger (bulk loads append instead).
    static func suspend(_ connection: Connection) throws {
        try connection.execute("DROP TRIGGER IF EXISTS \(insertTrigger)")
    }

    /// Appends the keys of the tips a bulk load stored, sorted as the table is, and
    /// restores the trigger, in one transaction.
    static func resume(_ connection: Connection, appending keys: [Key]) throws {
        // SQLite orders text by its bytes; stored times are fixed-width UTC, so time order.
        // One hash per key finds its commune's slot; a stable counting sort by commune keeps
        // file order inside each commune, which an import in time order has already sorted
        // (Swift's sort is linear on sorted runs).
        var slotOf: [String: Int] = [:]
        var codes: [String] = []
        var slots = [Int32](repeating: 0, count: keys.count)
        for (k, key) in keys.enumerated() {
            if let slot = slotOf[key.commune] {
                slots[k] = Int32(slot)
            } else {
                slotOf[key.commune] = codes.count
                slots[k] = Int32(codes.count)
                codes.append(key.commune)
            }
        }
        let byteOrder = codes.indices.sorted { codes[$0].utf8.lexicographicallyPrecedes(codes[$1].utf8) }
        var rankOfSlot = [Int](repeating: 0, count: codes.count)
        for (rank, slot) in byteOrder.enumerated() { rankOfSlot[slot] = rank }
        var starts = [Int](repeating: 0, count: codes.count + 1)
        for slot in slots { starts[rankOfSlot[Int(slot)] + 1] += 1 }
        for r in 0..<codes.count { starts[r + 1] += starts[r] }
        var fill = starts
        var order = [(code: Int, seconds: Int64, id: Int64)](repeating: (0, 0, 0), count: keys.count)
        for (k, key) in keys.enumerated() {
            let rank = rankOfSlot[Int(slots[k])]
            order[fill[rank]] = (byteOrder[rank], key.reportedAt.secondsSinceEpoch, key.tipID)
            fill[rank] += 1
        }
        for r in 0..<codes.count {
            order[starts[r]..<starts[r + 1]].sort { ($0.seconds, $0.id) < ($1.seconds, $1.id) }
        }
        try connection.transaction {
            let perStatement = 64
            var statements: [Int: Statement] = [:]
            let times = (0..<perStatement).map { _ in TimeText() }
            // Each code as C text once, bound without a copy per row.
            let codeText = codes.map { FrozenBuffer(Array($0.utf8).map { CChar(bitPattern: $0) }) }
            var start = 0
            while start < order.count {
                let end = min(start + perStatement, order.count)
                let rows = end - start
                if statements[rows] == nil {
                    statements[rows] = try connection.prepare("INSERT OR IGNORE INTO tip_communes (commune_code, reported_at, tip_id) VALUES "
                        + Array(repeating: "(?, ?, ?)", count: rows).joined(separator: ", "))
                }
                let insert = statements[rows]!
                insert.reset()
                for k in start..<end {
                    let slot = k - start, base = Int32(3 * slot)
                    insert.bind(staticUTF8: codeText[order[k].code].pointer, count: codeText[order[k].code].count, at: base + 1)
                    let time = times[slot]
                    insert.bind(staticUTF8: time.text, count: time.encode(Timestamp(secondsSinceEpoch: order[k].seconds)), at: base + 2)
                    insert.bind(order[k].id, at: base + 3)
                }
                try insert.step()
                start = end
            }
            try connection.execute(insertTriggerSQL)
        }
    }

    /// Rebuilds the table from `tips` and restores the trigger when a load stopped without
    /// resuming it (a no-op otherwise).
    static func heal(_ connection: Connection) throws {
        guard try !isMaintained(connection) else { return }
        try connection.transaction {
            try connection.execute("DELETE FROM tip_communes")
            try connection.execute("INSERT INTO tip_communes SELECT commune_code, reported_at, id FROM tips WHERE commune_code IS NOT NULL")
            try connection.execute(insertTriggerSQL)
        }
    }
}
