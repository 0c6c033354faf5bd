import GeoIncidents

/// The Zalo OA intake of one server: its accounts, the durable inbox (with group commit),
/// the event processor, the outbox, and the doorbells of the worker that processes events
/// and sends replies (``ZaloWorker``).
final class ZaloChannel: Sendable {
    let accounts: [ZaloAccount]
    let inboxWriter: InboxWriter
    let processor: ZaloEventProcessor
    let outbox: ZaloOutbox
    let inbox: ZaloInbox
    /// Rung when an event is recorded or a reply queued.
    let doorbell = Doorbell()

    /// Events older than this are refused (Zalo retries a delivery for up to about 12 hours;
    /// a retry of an event already recorded is a repeat, whatever its age).
    static let maximumAgeMilliseconds: Int64 = 13 * 3_600_000
    /// Events stamped further ahead of this server's clock are refused.
    static let maximumSkewMilliseconds: Int64 = 5 * 60_000
    /// The largest webhook body accepted (Zalo's events are a few kilobytes).
    static let maximumBodyBytes = 256 * 1_024

    init(database: GeoDatabase, accounts: [ZaloAccount], windowMinutes: Int) {
        self.accounts = accounts
        inbox = ZaloInbox(database: database)
        inboxWriter = InboxWriter(inbox: inbox)
        processor = ZaloEventProcessor(database: database, accounts: accounts, windowMinutes: windowMinutes)
        outbox = ZaloOutbox(database: database)
    }

    /// The account an event is for.
    func account(appID: String, oaID: String) -> ZaloAccount? {
        accounts.first { $0.appID == appID && $0.oaID == oaID }
    }

    /// The account of OA `oaID`.
    func account(oaID: String) -> ZaloAccount? { accounts.first { $0.oaID == oaID } }
}
