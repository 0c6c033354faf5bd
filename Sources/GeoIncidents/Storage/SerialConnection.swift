import Dispatch

/// A ``Connection`` behind a serial dispatch queue: the only way any code reaches it.
///
/// `@unchecked Sendable` is safe because the connection is touched only inside blocks run
/// on `queue`, one at a time; the handle never escapes them. Async callers wait on a
/// continuation, so a long query never blocks the cooperative thread pool, and task
/// cancellation interrupts the running statement (`sqlite3_interrupt` is thread-safe).
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

    /// Runs `body` on the connection's queue without blocking the caller's thread.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try body(self.connection) }) }
            }
        } onCancel: {
            connection.interrupt()
        }
    }
}
