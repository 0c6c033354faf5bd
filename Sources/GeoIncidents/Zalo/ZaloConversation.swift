import Foundation

/// A resident's messages to one OA that belong together: text, then a shared location, then
/// photos, each a separate webhook event, within the window of each other (default 10
/// minutes). A conversation becomes one tip (or one unresolved tip) and carries the
/// reference number the resident is told.
public struct ZaloConversation: Sendable, Hashable {
    public var id: Int64
    public var oaID: String
    /// The resident's id for the OA: kept to reply, never shown.
    public var userID: String
    /// "TB" and six letters or digits, random (a sequence would tell residents how many tips
    /// the police receive).
    public var reference: String
    public var firstEventKey: String
    public var openedAtMilliseconds: Int64
    public var lastAtMilliseconds: Int64
    /// The resident's words so far, one message a line.
    public var text: String
    public var tipID: Int64?
    public var unresolvedID: Int64?
    /// Whether the resident shared a location.
    public var locatedByUser: Bool

    /// Adds a message's words on a line of their own, up to
    /// ``ZaloEventProcessor/maximumConversationBytes``.
    mutating func append(_ words: String) {
        guard text.utf8.count + words.utf8.count < ZaloEventProcessor.maximumConversationBytes else { return }
        text = text.isEmpty ? words : text + "\n" + words
    }

    /// The external id of the tip a conversation becomes: a digest of its first event's key,
    /// so that Zalo's message ids are not shown to analysts.
    static func externalID(firstEventKey: String) -> String { "zalo:" + String(SHA256.hex(firstEventKey).prefix(20)) }

    /// Now in milliseconds since 1970 (Zalo's unit).
    public static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000).rounded()) }

    /// A new random reference number (the store's unique index catches the rare repeat).
    static func newReference() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return "TB" + String((0..<6).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// The ids of the conversations of a tip (two `?`: the tip id twice): the tip it became, or
    /// the unresolved tip an officer placed.
    static let ofTip = "SELECT id FROM zalo_conversations WHERE tip_id = ? UNION SELECT id FROM zalo_conversations WHERE unresolved_id IN (SELECT id FROM unresolved_tips WHERE resolved_tip_id = ?)"

    static let columns = "id, oa_id, user_id, reference, first_event_key, opened_at_ms, last_at_ms, text, tip_id, unresolved_id, located_by_user"

    /// The latest conversation matching `clause`.
    static func find(_ clause: String, _ values: [SQLValue], connection: Connection) throws -> ZaloConversation? {
        let statement = try connection.prepare("SELECT \(columns) FROM zalo_conversations WHERE \(clause) ORDER BY id DESC LIMIT 1")
        try statement.bind(values)
        var found: ZaloConversation?
        try statement.forEachRow { row in
            found = ZaloConversation(id: row.int64(0), oaID: row.text(1), userID: row.text(2), reference: row.text(3), firstEventKey: row.text(4),
                                     openedAtMilliseconds: row.int64(5), lastAtMilliseconds: row.int64(6), text: row.text(7),
                                     tipID: row.isNull(8) ? nil : row.int64(8), unresolvedID: row.isNull(9) ? nil : row.int64(9),
                                     locatedByUser: row.int(10) != 0)
        }
        return found
    }

    /// Inserts a new conversation (a fresh reference) inside the caller's transaction.
    static func open(oaID: String, userID: String, eventKey: String, at ms: Int64, connection: Connection) throws -> ZaloConversation {
        for _ in 0..<8 {
            let reference = newReference()
            guard try connection.scalarInt("SELECT count(*) FROM zalo_conversations WHERE reference = ?", [.text(reference)]) == 0 else { continue }
            try connection.run("""
                INSERT INTO zalo_conversations (oa_id, user_id, reference, first_event_key, opened_at_ms, last_at_ms) VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(oaID), .text(userID), .text(reference), .text(eventKey), .int(ms), .int(ms)])
            return ZaloConversation(id: connection.lastInsertedRowID, oaID: oaID, userID: userID, reference: reference, firstEventKey: eventKey,
                                    openedAtMilliseconds: ms, lastAtMilliseconds: ms, text: "", tipID: nil, unresolvedID: nil, locatedByUser: false)
        }
        throw GeoIncidentsError(.conflict, "could not draw an unused reference number")
    }

    /// Writes the conversation's mutable columns inside the caller's transaction.
    func save(connection: Connection) throws {
        try connection.run("""
            UPDATE zalo_conversations SET last_at_ms = ?, text = ?, tip_id = ?, unresolved_id = ?, located_by_user = ? WHERE id = ?
            """, [.int(lastAtMilliseconds), .text(text), tipID.map(SQLValue.int) ?? .null, unresolvedID.map(SQLValue.int) ?? .null,
                  .int(locatedByUser ? 1 : 0), .int(id)])
    }
}
