import Synchronization

/// A small least-recently-used cache, shared by the analyses (results keyed by data version
/// and query) and the HTTP service (response bodies). Keys that hold the data version never
/// go stale: a write changes the version, and old entries simply age out.
///
/// Bounded by entries and, when given a `cost` (bytes of a response body), by their total
/// cost: a few huge bodies cannot hold gigabytes, and a value costing more than the whole
/// budget is simply not kept.
public final class AnalysisCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var entries: [Key: (value: Value, used: UInt64, cost: Int)] = [:]
        var clock: UInt64 = 0
        var totalCost = 0
    }

    private let capacity: Int
    private let maximumCost: Int
    private let cost: @Sendable (Value) -> Int
    private let state = Mutex(State())

    /// A cache holding at most `capacity` entries.
    public convenience init(capacity: Int) {
        self.init(capacity: capacity, maximumCost: .max) { _ in 0 }
    }

    /// A cache holding at most `capacity` entries of total `cost` at most `maximumCost`.
    public init(capacity: Int, maximumCost: Int, cost: @escaping @Sendable (Value) -> Int) {
        (self.capacity, self.maximumCost, self.cost) = (max(1, capacity), maximumCost, cost)
    }

    /// The total cost of the entries kept.
    public var totalCost: Int { state.withLock { $0.totalCost } }

    /// The cached value for `key`, if any (marks it as recently used).
    public func value(for key: Key) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            state.clock += 1
            state.entries[key] = (entry.value, state.clock, entry.cost)
            return entry.value
        }
    }

    /// Stores `value`, evicting the least recently used entries while over a bound.
    public func store(_ value: Value, for key: Key) {
        let cost = max(0, cost(value))
        guard cost <= maximumCost else { return }
        state.withLock { state in
            state.clock += 1
            if let old = state.entries.updateValue((value, state.clock, cost), forKey: key) { state.totalCost -= old.cost }
            state.totalCost += cost
            while state.entries.count > capacity || state.totalCost > maximumCost,
                  let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key {
                state.totalCost -= state.entries.removeValue(forKey: oldest)?.cost ?? 0
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
