import CSpatiaLite

/// Writes tips inside an open transaction with prepared statements and geometry BLOBs
/// built in Swift (no SQL function call per row).
///
/// Rows go in by `rowsPerStatement` per `INSERT … VALUES (…), (…), …`: starting a statement
/// costs SQLite about as much as storing a row, so a statement per row doubled the writer's
/// time. The ids come back without a query when every row of a statement was new (they are
/// consecutive, in `VALUES` order); when some were already stored, one query over the new
/// ids tells which.
struct TipWriter {
    let connection: Connection
    /// Rows per multi-row statement (19 parameters each), within SQLite's parameter limit.
    static let rowsPerStatement = 64
    static let columns = 19

    /// How many rows one statement may carry on this connection. One row per statement
    /// when the ids could run out: at id 2⁶³−1 SQLite picks random free ids, and the
    /// consecutive-id rule no longer holds.
    private func rowsPerStatement(adding count: Int) throws -> Int {
        let parameters = Int(sqlite3_limit(connection.handle, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
        let largest = try connection.scalarInt("SELECT max(id) FROM tips") ?? 0
        guard largest < Int64.max - Int64(count) - 1 else { return 1 }
        return max(1, min(Self.rowsPerStatement, parameters / Self.columns))
    }

    /// Writes `tips` with their `assignments`; `hilbertKeys` are the tips' keys when the caller
    /// computed them already (else empty).
    func write(_ tips: [NewTip], _ assignments: [Assignment], hilbertKeys: [Int64] = []) throws -> TipStore.BatchResult {
        var result = TipStore.BatchResult()
        result.ids.reserveCapacity(tips.count)
        let contact = try connection.prepare("INSERT INTO tipster_contacts (tip_id, name, phone, zalo_id, note) VALUES (?, ?, ?, ?, ?)")
        var sources = SourceIDs(connection: connection)
        let now = Timestamp.now()
        let perStatement = try rowsPerStatement(adding: tips.count)
        let encoding = TipRowEncoding(slots: perStatement)
        let keysGiven = hilbertKeys.count == tips.count
        var statements: [Int: Statement] = [:]
        var keys: [StoredKey] = []
        // A tip kept unresolved earlier and now stored (its sender added a position, or a place
        // became known) closes the unresolved one: one tip, one contact, nothing left open.
        // Checked once per write; most stores hold no open unresolved tip.
        let closeUnresolved = try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM unresolved_tips WHERE resolved_tip_id IS NULL)") == 1
            ? try connection.prepare("""
                UPDATE unresolved_tips SET resolved_tip_id = ?, resolved_at = ?, contact_name = NULL, contact_phone = NULL,
                    contact_zalo_id = NULL, contact_note = NULL
                WHERE source_id = ? AND external_id = ? AND resolved_tip_id IS NULL
                """)
            : nil
        var start = 0
        while start < tips.count {
            let end = min(start + perStatement, tips.count)
            let rows = end - start
            if statements[rows] == nil { statements[rows] = try connection.prepare(Self.insertSQL(rows: rows)) }
            let insert = statements[rows]!
            insert.reset()
            keys.removeAll(keepingCapacity: true)
            for row in start..<end {
                let tip = tips[row], a = assignments[row], slot = row - start
                let base = Int32(slot * Self.columns)
                let sourceID = try sources.id(for: tip.source)
                let key = StoredKey(sourceID: sourceID, externalID: tip.externalID)
                keys.append(key)
                insert.bind(sourceID, at: base + 1)
                if let external = tip.externalID {
                    if case .integer(let integer) = key.external { insert.bind(integer, at: base + 2) } else { insert.bind(external, at: base + 2) }
                }
                let reported = encoding.reported[slot], received = encoding.received[slot]
                insert.bind(staticUTF8: reported.text, count: reported.encode(tip.reportedAt), at: base + 3)
                insert.bind(staticUTF8: received.text, count: received.encode(tip.receivedAt ?? now), at: base + 4)
                insert.bind(staticText: encoding.code(tip.category), at: base + 5)
                insert.bind(staticText: encoding.code(tip.channel), at: base + 6)
                insert.bind(tip.description, at: base + 7)
                insert.bind(tip.location.x, at: base + 8)
                insert.bind(tip.location.y, at: base + 9)
                insert.bind(tip.accuracyMeters, at: base + 10)
                insert.bind(keysGiven ? hilbertKeys[row] : HilbertKey.key(tip.location), at: base + 11)
                insert.bind(a.provinceCode, at: base + 12)
                insert.bind(a.communeCode, at: base + 13)
                insert.bind(a.neighbourhoodCode, at: base + 14)
                insert.bind(staticText: encoding.code(a.method), at: base + 15)
                insert.bind(a.boundaryDistanceMeters, at: base + 16)
                insert.bind(staticBytes: encoding.encodePoint(tip.location, slot: slot), at: base + 17)
                insert.bind(staticText: encoding.code(tip.locatingMethod), at: base + 18)
                insert.bind(tip.locationText, at: base + 19)
            }
            try insert.step()
            let ids = try newIDs(for: keys, inserted: connection.changes, lastID: connection.lastInsertedRowID)
            for (offset, id) in ids.enumerated() {
                result.ids.append(id)
                guard let id else {
                    result.duplicates += 1
                    continue
                }
                result.inserted += 1
                if let closeUnresolved, let external = tips[start + offset].externalID {
                    closeUnresolved.reset()
                    try closeUnresolved.bind([.int(id), .text(now.iso8601), .int(keys[offset].sourceID), .text(external)])
                    _ = try closeUnresolved.step()
                }
                if let c = tips[start + offset].contact, !c.isEmpty {
                    try contact.bind([.int(id), c.name.map(SQLValue.text) ?? .null, c.phone.map(SQLValue.text) ?? .null,
                                      c.zaloID.map(SQLValue.text) ?? .null, c.note.map(SQLValue.text) ?? .null])
                    try contact.step()
                }
            }
            start = end
        }
        if result.inserted > 0 { try connection.bumpDataVersion() }
        return result
    }

    /// The id of each row of one statement, `nil` for rows skipped as already stored.
    /// New rows got consecutive ids ending at `lastID`, in the statement's row order.
    private func newIDs(for keys: [StoredKey], inserted: Int, lastID: Int64) throws -> [Int64?] {
        if inserted == keys.count { return (0..<Int64(keys.count)).map { lastID - Int64(keys.count) + 1 + $0 } }
        if inserted == 0 { return Array(repeating: nil, count: keys.count) }
        // Some rows were duplicates: read back which keys the new ids hold, and walk both
        // lists in order (a key repeated within the statement is new only the first time).
        var stored: [(id: Int64, key: StoredKey)] = []
        let query = try connection.prepare("SELECT id, source_id, external_id FROM tips WHERE id BETWEEN ? AND ? ORDER BY id")
        try query.bind([.int(lastID - Int64(inserted) + 1), .int(lastID)])
        try query.forEachRow { row in
            let external: StoredKey.External = switch row.storageClass(2) {
            case SQLITE_INTEGER: .integer(row.int64(2))
            case SQLITE_NULL: .none
            default: .text(row.withTextBytes(2) { Array($0) })
            }
            stored.append((row.int64(0), StoredKey(sourceID: row.int64(1), external: external)))
        }
        var ids: [Int64?] = []
        var next = 0
        for key in keys {
            if next < stored.count, stored[next].key == key {
                ids.append(stored[next].id)
                next += 1
            } else {
                ids.append(nil)
            }
        }
        return ids
    }

    /// `INSERT … VALUES` with `rows` rows of placeholders; rows already stored are skipped.
    static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
        return """
            INSERT INTO tips (source_id, external_id, reported_at, received_at, category, channel, description, lon, lat,
                accuracy_m, hilbert, province_code, commune_code, neighbourhood_code, assignment_method, boundary_distance_m, geom,
                locating_method, location_text)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ","))
            ON CONFLICT DO NOTHING
            """
    }

    /// The integer an id stands for when it is written canonically ("42", not "042" or
    /// "+42"): such ids are stored as INTEGER so that sequential ids append to the unique
    /// index instead of landing all over it. Other ids are stored as text.
    static func canonicalInteger(_ text: String) -> Int64? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.count <= 18, first != UInt8(ascii: "0") || utf8.count == 1 else { return nil }
        var value: Int64 = 0
        for byte in utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        return value
    }
}

/// A tip's identity as stored: its source's id and its external id (canonical integers as
/// INTEGER, other ids as text, none as NULL). Text is compared as bytes, as SQLite's unique
/// index does: Swift's `String ==` would call an NFC and an NFD spelling equal.
struct StoredKey: Equatable {
    enum External: Equatable {
        case integer(Int64)
        case text([UInt8])
        case none
    }

    let sourceID: Int64
    let external: External

    init(sourceID: Int64, external: External) {
        self.sourceID = sourceID
        self.external = external
    }

    init(sourceID: Int64, externalID: String?) {
        self.sourceID = sourceID
        guard let externalID else {
            self.external = .none
            return
        }
        self.external = TipWriter.canonicalInteger(externalID).map(External.integer) ?? .text(Array(externalID.utf8))
    }
}

/// Source names to ids, creating sources on first use.
/// The stored tip with a (source, external id), whichever way the id was stored (text, or
/// the canonical integer ``TipWriter/canonicalInteger(_:)`` gives); one prepared statement.
struct StoredTipLookup {
    private let statement: Statement

    init(connection: Connection) throws {
        statement = try connection.prepare("SELECT id FROM tips WHERE source_id = ? AND (external_id = ? OR external_id = ?) LIMIT 1")
    }

    func id(sourceID: Int64, externalID: String) throws -> Int64? {
        statement.reset()
        try statement.bind([.int(sourceID), .text(externalID), TipWriter.canonicalInteger(externalID).map(SQLValue.int) ?? .null])
        var id: Int64?
        try statement.forEachRow { id = $0.int64(0) }
        return id
    }
}

struct SourceIDs {
    let connection: Connection
    private var cache: [String: Int64] = [:]
    /// The last name asked for: rows of one file usually share it (no hashing then).
    private var last: (name: String, id: Int64)?

    init(connection: Connection) {
        self.connection = connection
    }

    mutating func id(for name: String) throws -> Int64 {
        if let last, last.name == name { return last.id }
        let id = try lookUp(name)
        last = (name, id)
        return id
    }

    private mutating func lookUp(_ name: String) throws -> Int64 {
        if let id = cache[name] { return id }
        try connection.run("INSERT INTO tip_sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [.text(name)])
        let id = try connection.scalarInt("SELECT id FROM tip_sources WHERE name = ?", [.text(name)])!
        cache[name] = id
        return id
    }
}
