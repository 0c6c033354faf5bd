import Synchronization

/// A small least-recently-used cache for analysis results, keyed by the data version and
/// the query: a new tip or boundary bumps the version, so stale entries are never served
/// (they simply age out).
final class AnalysisCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: (value: Value, used: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The cached value for `key`, or the result of `make` (stored for next time).
    /// Two callers missing the same key at once may both compute it; the last one stays.
    func value(for key: Key, make: () throws -> Value) rethrows -> Value {
        if let hit = state.withLock({ state -> Value? in
            guard let entry = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key] = (entry.value, state.clock)
            return entry.value
        }) {
            return hit
        }
        let value = try make()
        state.withLock { state in
            state.clock += 1
            state.entries[key] = (value, state.clock)
            if state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key {
                state.entries.removeValue(forKey: oldest)
            }
        }
        return value
    }

    /// Number of cached entries.
    var count: Int { state.withLock { $0.entries.count } }
}
