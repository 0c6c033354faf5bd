import Dispatch

/// A ``Connection`` behind a serial dispatch queue: the only way any code reaches it.
///
/// `@unchecked Sendable` is safe because the connection is touched only inside blocks run
/// on `queue`, one at a time; the handle never escapes them. Callers block while their
/// block runs: the HTTP service calls in from Dispatch threads (`blocking`, `WorkLimiter`),
/// never from the cooperative pool. Nothing interrupts a running statement: one connection
/// serves many callers in turn, and `sqlite3_interrupt` would stop whichever runs.
final class SerialConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    private let connection: Connection

    init(path: String, readOnly: Bool, label: String) throws {
        self.connection = try Connection(path: path, readOnly: readOnly)
        self.queue = DispatchQueue(label: "GeoIncidents.\(label)")
    }

    /// Runs `body` on the connection's queue and waits for it (CLI and tests).
    func sync<T>(_ body: (Connection) throws -> T) throws -> T {
        try queue.sync { try body(connection) }
    }
}
