import GeoIncidents
import Logging
import ServiceLifecycle

/// Writes the buffered access log every 250 ms, and once more on graceful shutdown.
///
/// The write runs on the blocking pool (``blocking(evenIfCancelled:_:)``), off the
/// cooperative threads: it can wait up to the writer's busy timeout while an import holds
/// the lock. It runs even when the flusher's task is cancelled: the last flush is what keeps
/// the entries. A failed write keeps the entries queued; the next flush retries them.
struct AccessLogFlusher: Service {
    let accessLog: AccessLog
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            await flush()
        }
        if await !flush(), accessLog.queued > 0 {
            logger.error("access log entries were not written before shutdown", metadata: ["queued": "\(accessLog.queued)"])
        }
    }

    /// One flush; returns whether it succeeded (failures are logged, entries stay queued).
    @discardableResult
    func flush() async -> Bool {
        let accessLog = self.accessLog
        do {
            _ = try await blocking(evenIfCancelled: true) { try accessLog.flush() }
            return true
        } catch {
            logger.error("could not write the access log; its entries stay queued for the next flush",
                         metadata: ["error": "\(error)", "queued": "\(accessLog.queued)"])
            return false
        }
    }
}
