import GeoIncidents

/// Records webhook deliveries with group commit: requests that arrive while a commit is
/// running wait for the next one, which writes them all in one transaction (one fsync). Each
/// request returns only after its own event is durable.
actor InboxWriter {
    private let inbox: ZaloInbox
    private var waiting: [(ZaloInbox.Delivery, CheckedContinuation<Bool, any Error>)] = []
    private var flushing = false

    init(inbox: ZaloInbox) { self.inbox = inbox }

    /// Records `delivery` durably; true when it is new, false for a repeat.
    func record(_ delivery: ZaloInbox.Delivery) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((delivery, continuation))
            if !flushing {
                flushing = true
                Task { await flush() }
            }
        }
    }

    private func flush() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting = []
            let inbox = self.inbox, deliveries = batch.map(\.0)
            do {
                let created = try await blockingWrite { try inbox.record(deliveries) }
                for (entry, new) in zip(batch, created) { entry.1.resume(returning: new) }
            } catch {
                for entry in batch { entry.1.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
