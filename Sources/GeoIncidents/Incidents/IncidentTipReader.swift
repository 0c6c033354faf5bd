import Foundation

/// Reads tips as the incident rules see them (``IncidentGrouper/Tip``): time, position in
/// a metric CRS, accuracy and locating method, commune, category, sender (the tipster's
/// Zalo id or phone, hashed: the identity itself never leaves this reader), message
/// fingerprint and the URLs of its Zalo photos and files.
struct IncidentTipReader {
    /// Columns of ``select``: id, reported_at, lon, lat, accuracy, method, commune, category,
    /// description, zalo id, phone, neighbourhood.
    static let select = """
        SELECT t.id, t.reported_at, t.lon, t.lat, ifnull(t.accuracy_m, 0), t.locating_method, ifnull(t.commune_code, ''), t.category,
               t.description, c.zalo_id, c.phone, ifnull(t.neighbourhood_code, '')
        FROM tips t LEFT JOIN tipster_contacts c ON c.tip_id = t.id
        """

    /// Attachment URL hashes by tip, for the tips `condition` selects (`t.` is the tip).
    /// Conditions are fixed SQL with bound values (their statements are kept for reuse).
    static func attachments(_ connection: Connection, where condition: String = "1", _ values: [SQLValue] = []) throws -> [Int64: [Int64]] {
        var byTip: [Int64: [Int64]] = [:]
        let statement = try connection.cached("""
            SELECT c.tip_id, a.url FROM zalo_attachments a JOIN zalo_conversations c ON c.id = a.conversation_id
            JOIN tips t ON t.id = c.tip_id WHERE \(condition)
            """)
        try statement.bind(values)
        try statement.forEachRow { row in
            byTip[row.int64(0), default: []].append(MessageFingerprint.hash(Array(row.text(1).utf8)[...], salt: 4))
        }
        return byTip
    }

    /// The tips `condition` selects (`t.` is the tip), in lon/lat (x, y) — project them
    /// with `IncidentGrouper.project(_:crs:)`.
    /// Without `fingerprints`, descriptions are not read (corroboration needs no words).
    static func read(_ connection: Connection, where condition: String, _ values: [SQLValue] = [],
                     attachments: [Int64: [Int64]], fingerprints: Bool = true) throws -> [IncidentGrouper.Tip] {
        var tips: [IncidentGrouper.Tip] = []
        let statement = try connection.cached(select + " WHERE \(condition)")
        try statement.bind(values)
        try statement.forEachRow { row in
            let id = row.int64(0)
            let time = Timestamp.parse(row.text(1)).map { Double($0.secondsSinceEpoch) } ?? 0
            let description = fingerprints ? row.optionalText(8) : nil
            var sender: Int64 = 0
            if let zalo = row.optionalText(9), !zalo.isEmpty {
                sender = MessageFingerprint.hash(Array(("zalo:" + zalo).utf8)[...], salt: 5)
            } else if let phone = row.optionalText(10) {
                let digits = phone.filter(\.isNumber)
                if digits.count >= 6 { sender = MessageFingerprint.hash(Array(("phone:" + String(digits.suffix(9))).utf8)[...], salt: 5) }
            }
            tips.append(IncidentGrouper.Tip(
                id: id, time: time, x: row.double(2), y: row.double(3), accuracy: row.double(4),
                method: LocatingMethod(rawValue: row.text(5)) ?? .gps, commune: row.text(6), neighbourhood: row.text(11), category: row.text(7), sender: sender,
                fingerprint: description.flatMap { $0.isEmpty ? nil : MessageFingerprint($0) }, attachments: attachments[id] ?? []))
        }
        return tips
    }
}
