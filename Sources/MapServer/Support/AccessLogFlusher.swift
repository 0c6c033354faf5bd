import GeoIncidents
import Logging
import ServiceLifecycle

/// Writes the buffered access log every 250 ms, and once more on graceful shutdown.
struct AccessLogFlusher: Service {
    let accessLog: AccessLog
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            flush()
        }
        flush()
    }

    private func flush() {
        do {
            try accessLog.flush()
        } catch {
            logger.error("could not write the access log", metadata: ["error": "\(error)"])
        }
    }
}
