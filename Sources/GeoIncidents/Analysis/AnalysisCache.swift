import Synchronization

/// A small least-recently-used cache, shared by the analyses (results keyed by data version
/// and query) and the HTTP service (response bodies). Keys that hold the data version never
/// go stale: a write changes the version, and old entries simply age out.
public final class AnalysisCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: (value: Value, used: UInt64)] = [:]
        var clock: UInt64 = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// A cache holding at most `capacity` entries.
    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The cached value for `key`, if any (marks it as recently used).
    public func value(for key: Key) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key] = (entry.value, state.clock)
            return entry.value
        }
    }

    /// Stores `value`, evicting the least recently used entry when full.
    public func store(_ value: Value, for key: Key) {
        state.withLock { state in
            state.clock += 1
            state.entries[key] = (value, state.clock)
            if state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key {
                state.entries.removeValue(forKey: oldest)
            }
        }
    }

    /// The cached value for `key`, or the result of `make` (stored for next time).
    /// Two callers missing the same key at once may both compute it; the last one stays.
    func value(for key: Key, make: () throws -> Value) rethrows -> Value {
        if let hit = value(for: key) { return hit }
        let value = try make()
        store(value, for: key)
        return value
    }
}
