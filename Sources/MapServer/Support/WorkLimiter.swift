import HTTPTypes
import Synchronization

/// At most `running` computations at once, at most `waiting` more queued; beyond that a
/// request is answered `503` with `Retry-After` at once instead of piling up threads and
/// memory. Every uncached response body (analyses, tip pages, tiles) is made through it.
final class WorkLimiter: Sendable {
    let running: Int
    let waiting: Int
    private let state = Mutex<(active: Int, queue: [CheckedContinuation<Bool, Never>])>((0, []))

    init(running: Int, waiting: Int) {
        (self.running, self.waiting) = (max(1, running), max(0, waiting))
    }

    /// Seconds a refused client is asked to wait.
    static let retryAfterSeconds = 2

    /// Runs `body` off the cooperative pool when a slot is free (or frees up), or throws a
    /// 503 when the queue is full.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let decision = state.withLock { s -> Bool? in
                if s.active < running { s.active += 1; return true }
                guard s.queue.count < waiting else { return false }
                s.queue.append(continuation)
                return nil
            }
            if let decision { continuation.resume(returning: decision) }
        }
        guard admitted else {
            throw APIError(status: .serviceUnavailable, code: "ServiceUnavailable",
                           description: "the server is busy with other analyses; retry in \(Self.retryAfterSeconds) s", retryAfter: Self.retryAfterSeconds)
        }
        defer {
            // The slot passes to the next in line, or is given back.
            let next = state.withLock { s -> CheckedContinuation<Bool, Never>? in
                if s.queue.isEmpty { s.active -= 1; return nil }
                return s.queue.removeFirst()
            }
            next?.resume(returning: true)
        }
        return try await blocking(body)
    }

    /// Computations running and waiting now.
    var load: (active: Int, queued: Int) { state.withLock { ($0.active, $0.queue.count) } }
}
