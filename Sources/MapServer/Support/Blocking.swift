import Dispatch

/// Runs blocking work (SQLite, PROJ, analysis) off the cooperative thread pool and Hummingbird's
/// event loops, on Dispatch's global queue, and awaits its result.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}
