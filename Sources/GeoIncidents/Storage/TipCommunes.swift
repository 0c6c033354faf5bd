/// `tip_communes`: the tips of each commune in time order (migration 011), the
/// ``ShadowTable`` that commune filters read instead of an index on `tips`.
enum TipCommunes {
    /// One row of the table, as the writer knows it.
    struct Key {
        var commune: String
        var reportedAt: Timestamp
        var tipID: Int64
    }

    /// Appends the keys of the tips a bulk load stored, sorted as the table is (the caller
    /// restores the trigger in the same transaction).
    static func append(_ keys: [Key], _ connection: Connection) throws {
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
        // Each code as C text once, bound without a copy per row; one time buffer per
        // row of a statement (bound without a copy until the statement is stepped).
        let codeText = codes.map { FrozenBuffer(Array($0.utf8).map { CChar(bitPattern: $0) }) }
        let times = (0..<ShadowTable.rowsPerStatement).map { _ in TimeText() }
        try ShadowTable.communes.insert(columns: ["commune_code", "reported_at", "tip_id"], count: order.count, { statement, first, k in
            let code = codeText[order[k].code], time = times[k % ShadowTable.rowsPerStatement]
            statement.bind(staticUTF8: code.pointer, count: code.count, at: first)
            statement.bind(staticUTF8: time.text, count: time.encode(Timestamp(secondsSinceEpoch: order[k].seconds)), at: first + 1)
            statement.bind(order[k].id, at: first + 2)
        }, connection: connection)
    }
}
