import GeoIncidents
import Logging
import ServiceLifecycle

/// Turns recorded Zalo events into tips and sends the queued replies, one pass each time the
/// doorbell rings (a webhook event, a tip resolved) and at the latest every few seconds (a
/// reply's retry falling due). Its first pass, at startup, takes up whatever a crash left
/// pending. Logs counts and Zalo's error codes, never a resident's id or words.
struct ZaloWorker: Service {
    let server: ServerContext
    let zalo: ZaloChannel
    let logger: Logger
    var client = ZaloAPIClient()
    /// Events processed per transaction batch before the worker looks at replies again.
    static let batch = 50
    /// Zalo error codes that say the access token is invalid or expired.
    static let tokenErrors: Set<Int> = [-216, -220, -124]
    /// Zalo error codes no retry can fix: outside the 7-day window (-230, -232), quota
    /// exhausted (-211, -218), user unknown or blocked the OA (-213, -201).
    static let permanentErrors: Set<Int> = [-230, -232, -211, -218, -213, -201]

    func run() async throws {
        await pass()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await zalo.doorbell.wait(upTo: .seconds(2))
            await pass()
        }
    }

    /// Processes every pending event, then sends every reply due.
    func pass() async {
        do { try await processEvents() } catch {
            logger.error("Zalo events could not be processed; they stay pending", metadata: ["error": "\(error)"])
        }
        do { try await sendReplies() } catch {
            logger.error("Zalo replies could not be read", metadata: ["error": "\(error)"])
        }
    }

    func processEvents() async throws {
        let server = self.server, zalo = self.zalo
        while true {
            let pass = try await blockingWrite {
                try zalo.processor.processPending(limit: Self.batch, placer: server.placers.placer(database: server.database),
                                                  boundaries: server.boundaryIndex())
            }
            if pass.tipsChanged {
                await server.catchUpIncidents()
                server.dataChanged()
            }
            if pass.processed > 0 { logger.info("Zalo events processed", metadata: ["events": "\(pass.processed)"]) }
            if pass.processed < Self.batch { break }
        }
    }

    func sendReplies() async throws {
        let zalo = self.zalo
        let now = ZaloConversation.nowMilliseconds()
        for message in try await blocking({ try zalo.outbox.due(now: now) }) {
            guard let account = zalo.account(oaID: message.oaID) else {
                try await blockingWrite { try zalo.outbox.markFailed(id: message.id, reason: "OA \(message.oaID) is no longer configured") }
                continue
            }
            if now - message.lastInteractionMilliseconds > ZaloOutbox.replyWindowMilliseconds {
                try await blockingWrite { try zalo.outbox.markFailed(id: message.id, reason: "outside Zalo's 7-day reply window") }
                continue
            }
            await deliver(message, account: account, now: now)
        }
    }

    /// One reply: sent, refused for good, or scheduled again; an expired access token is
    /// refreshed (and the new pair stored) before one more try.
    func deliver(_ message: ZaloOutbox.Message, account: ZaloAccount, now: Int64) async {
        let outbox = zalo.outbox
        do {
            var tokens = try await blocking { try outbox.tokens(for: account) }
            var result = try await client.send(text: message.text, to: message.userID, accessToken: tokens.access, account: account)
            if case .refused(let code, _) = result, Self.tokenErrors.contains(code) {
                let fresh = try await client.refresh(refreshToken: tokens.refresh, account: account)
                try await blockingWrite { try outbox.storeTokens(for: account, access: fresh.access, refresh: fresh.refresh) }
                logger.info("Zalo access token refreshed", metadata: ["oa": "\(account.oaID)"])
                tokens = fresh
                result = try await client.send(text: message.text, to: message.userID, accessToken: tokens.access, account: account)
            }
            switch result {
            case .sent(let id):
                try await blockingWrite { try outbox.markSent(id: message.id, zaloMessageID: id) }
            case .refused(let code, let text) where Self.permanentErrors.contains(code):
                logger.warning("Zalo refused a reply for good", metadata: ["code": "\(code)", "kind": "\(message.kind)"])
                try await blockingWrite { try outbox.markFailed(id: message.id, reason: "Zalo error \(code): \(text)") }
            case .refused(let code, let text):
                logger.warning("Zalo refused a reply; it will be retried", metadata: ["code": "\(code)", "kind": "\(message.kind)"])
                try await blockingWrite { try outbox.retryLater(message, reason: "Zalo error \(code): \(text)", now: now) }
            }
        } catch {
            logger.warning("a Zalo reply failed; it will be retried", metadata: ["error": "\(error)", "kind": "\(message.kind)"])
            try? await blockingWrite { try outbox.retryLater(message, reason: "\(error)", now: now) }
        }
    }
}
