import Synchronization

/// Identical concurrent misses compute once: the first caller for a key runs the work, the
/// others wait for its result (or its error). A burst of the same uncached request — a
/// hostile script, or a map opened by a whole shift — costs one DBSCAN, not one per caller.
final class SingleFlight<Value: Sendable>: Sendable {
    private typealias Waiter = CheckedContinuation<Result<Value, any Error>?, Never>
    private let flights = Mutex<[String: [Waiter]]>([:])

    /// The result of `body` for `key`, shared with every caller asking for `key` meanwhile.
    func run(_ key: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        let shared = await withCheckedContinuation { (continuation: Waiter) in
            let joined = flights.withLock { flights -> Bool in
                if flights[key] != nil { flights[key]!.append(continuation); return true }
                flights[key] = []
                return false
            }
            if !joined { continuation.resume(returning: nil) }
        }
        if let shared { return try shared.get() }
        let outcome: Result<Value, any Error>
        do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
        let waiters = flights.withLock { $0.removeValue(forKey: key) ?? [] }
        for waiter in waiters { waiter.resume(returning: outcome) }
        return try outcome.get()
    }

    /// Keys being computed now.
    var inFlight: Int { flights.withLock { $0.count } }
}
