/// Writes tips inside an open transaction with prepared statements and geometry BLOBs
/// built in Swift (no SQL function call per row).
struct TipWriter {
    let connection: Connection

    /// Writes `tips` with their `assignments`; `hilbertKeys` are the tips' keys when the caller
    /// computed them already (else empty).
    func write(_ tips: [NewTip], _ assignments: [Assignment], hilbertKeys: [Int64] = []) throws -> TipStore.BatchResult {
        var result = TipStore.BatchResult()
        result.ids.reserveCapacity(tips.count)
        let insert = try connection.prepare("""
            INSERT INTO tips (source_id, external_id, reported_at, received_at, category, channel, description, lon, lat,
                accuracy_m, hilbert, province_code, commune_code, neighbourhood_code, assignment_method, boundary_distance_m, geom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        let contact = try connection.prepare("INSERT INTO tipster_contacts (tip_id, name, phone, zalo_id, note) VALUES (?, ?, ?, ?, ?)")
        var sources = SourceIDs(connection: connection)
        let now = Timestamp.now()
        let encoding = TipRowEncoding()
        let keysGiven = hilbertKeys.count == tips.count
        for (row, (tip, a)) in zip(tips, assignments).enumerated() {
            insert.reset()
            insert.bind(try sources.id(for: tip.source), at: 1)
            if let external = tip.externalID {
                if let integer = Self.canonicalInteger(external) { insert.bind(integer, at: 2) } else { insert.bind(external, at: 2) }
            }
            insert.bind(utf8: encoding.time, count: encoding.encode(tip.reportedAt), at: 3)
            insert.bind(utf8: encoding.time, count: encoding.encode(tip.receivedAt ?? now), at: 4)
            insert.bind(staticText: encoding.code(tip.category.rawValue), at: 5)
            insert.bind(staticText: encoding.code(tip.channel.rawValue), at: 6)
            insert.bind(tip.description, at: 7)
            insert.bind(tip.location.x, at: 8)
            insert.bind(tip.location.y, at: 9)
            insert.bind(tip.accuracyMeters, at: 10)
            insert.bind(keysGiven ? hilbertKeys[row] : HilbertKey.key(tip.location), at: 11)
            insert.bind(a.provinceCode, at: 12)
            insert.bind(a.communeCode, at: 13)
            insert.bind(a.neighbourhoodCode, at: 14)
            insert.bind(staticText: encoding.code(a.method.rawValue), at: 15)
            insert.bind(a.boundaryDistanceMeters, at: 16)
            insert.bind(bytes: encoding.encodePoint(tip.location), at: 17)
            try insert.step()
            if connection.changes == 0 {
                result.duplicates += 1
                result.ids.append(nil)
                continue
            }
            let id = connection.lastInsertedRowID
            result.inserted += 1
            result.ids.append(id)
            if let c = tip.contact, !c.isEmpty {
                try contact.bind([.int(id), c.name.map(SQLValue.text) ?? .null, c.phone.map(SQLValue.text) ?? .null,
                                  c.zaloID.map(SQLValue.text) ?? .null, c.note.map(SQLValue.text) ?? .null])
                try contact.step()
            }
        }
        if result.inserted > 0 { try connection.bumpDataVersion() }
        return result
    }

    /// The integer an id stands for when it is written canonically ("42", not "042" or
    /// "+42"): such ids are stored as INTEGER so that sequential ids append to the unique
    /// index instead of landing all over it. Other ids are stored as text.
    static func canonicalInteger(_ text: String) -> Int64? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.count <= 18, first != UInt8(ascii: "0") || utf8.count == 1,
              utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(text)
    }
}

/// Source names to ids, creating sources on first use.
struct SourceIDs {
    let connection: Connection
    private var cache: [String: Int64] = [:]

    init(connection: Connection) {
        self.connection = connection
    }

    mutating func id(for name: String) throws -> Int64 {
        if let id = cache[name] { return id }
        try connection.run("INSERT INTO tip_sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [.text(name)])
        let id = try connection.scalarInt("SELECT id FROM tip_sources WHERE name = ?", [.text(name)])!
        cache[name] = id
        return id
    }
}
