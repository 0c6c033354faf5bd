import Synchronization

/// Identical concurrent misses compute once: the first caller for a key runs the work, the
/// others wait for its result (or its error). A burst of the same uncached request — a
/// hostile script, or a map opened by a whole shift — costs one DBSCAN, not one per caller.
///
/// When the caller running the work is cancelled and the work throws `CancellationError`
/// (its job never ran, see ``BlockingPool``), the others were not cancelled: they ask again,
/// and one of them runs the work.
final class SingleFlight<Value: Sendable>: Sendable {
    private enum Outcome {
        case done(Result<Value, any Error>)
        case askAgain
    }

    private typealias Waiter = CheckedContinuation<Outcome?, Never>
    private let flights = Mutex<[String: [Waiter]]>([:])

    /// The result of `body` for `key`, shared with every caller asking for `key` meanwhile.
    func run(_ key: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        while true {
            let shared = await withCheckedContinuation { (continuation: Waiter) in
                let joined = flights.withLock { flights -> Bool in
                    if flights[key] != nil { flights[key]!.append(continuation); return true }
                    flights[key] = []
                    return false
                }
                if !joined { continuation.resume(returning: nil) }
            }
            switch shared {
            case .done(let result)?: return try result.get()
            case .askAgain?: continue
            case nil: break
            }
            let outcome: Result<Value, any Error>
            do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
            let waiters = flights.withLock { $0.removeValue(forKey: key) ?? [] }
            let cancelled = if case .failure(is CancellationError) = outcome { Task.isCancelled } else { false }
            for waiter in waiters { waiter.resume(returning: cancelled ? .askAgain : .done(outcome)) }
            return try outcome.get()
        }
    }

    /// Keys being computed now.
    var inFlight: Int { flights.withLock { $0.count } }

    /// Callers waiting for another's result now.
    var waiting: Int { flights.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}
