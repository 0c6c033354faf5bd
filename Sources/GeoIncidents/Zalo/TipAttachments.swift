/// The photos, files and links a resident sent with a tip through Zalo: URLs on Zalo's
/// servers, kept with the conversation and never downloaded.
public struct TipAttachment: Sendable, Hashable {
    public var kind: String
    public var url: String
    public var name: String?
}

extension ZaloInbox {
    /// The attachments of tip `id` (through its conversation, also when an officer placed the
    /// conversation's unresolved tip).
    public func attachments(tipID id: Int64) throws -> [TipAttachment] {
        try database.read { connection in
            let statement = try connection.prepare("""
                SELECT a.kind, a.url, a.name FROM zalo_attachments a JOIN zalo_conversations c ON c.id = a.conversation_id
                WHERE c.id IN (\(ZaloConversation.ofTip)) ORDER BY a.rowid
                """)
            try statement.bind([.int(id), .int(id)])
            var found: [TipAttachment] = []
            try statement.forEachRow { found.append(TipAttachment(kind: $0.text(0), url: $0.text(1), name: $0.optionalText(2))) }
            return found
        }
    }
}
