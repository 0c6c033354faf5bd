import Synchronization

/// The one cache of the code base: a least-recently-used map, bounded by entries and
/// optionally by total cost and by age. The analyses keep their results in it (keyed by data
/// version and query), and the HTTP service its response bodies, tiles, token lookups, the
/// data version and the assignment index.
///
/// - Keys that hold the data version never go stale: a write changes the version, and old
///   entries simply age out. A single current value (one entry under its version, say) is a
///   cache of `capacity: 1`: storing the new version pushes the old one out.
/// - With a `cost` (bytes of a response body), the total cost stays within `maximumCost`: a
///   few huge bodies cannot hold gigabytes, and a value costing more than the whole budget is
///   simply not kept.
/// - With an `expiry`, an entry older than that (counted from when it was stored) is a miss
///   and is dropped: for values the cache cannot see change, such as a token's revocation.
///
/// Every operation takes one lock and costs O(1) (amortised); values are made outside it.
public final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let capacity: Int
    private let maximumCost: Int
    private let cost: @Sendable (Value) -> Int
    private let expiry: Duration?
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(LRUList<Key, Value>())

    /// A cache holding at most `capacity` entries, each for at most `expiry` (forever if nil).
    public convenience init(capacity: Int, expiry: Duration? = nil) {
        self.init(capacity: capacity, maximumCost: .max, expiry: expiry) { _ in 0 }
    }

    /// A cache holding at most `capacity` entries of total `cost` at most `maximumCost`, each
    /// for at most `expiry` (forever if nil).
    public convenience init(capacity: Int, maximumCost: Int, expiry: Duration? = nil, cost: @escaping @Sendable (Value) -> Int) {
        self.init(capacity: capacity, maximumCost: maximumCost, expiry: expiry, cost: cost, now: { .now })
    }

    /// As above, reading the time from `now` (tests move it by hand).
    init(capacity: Int, maximumCost: Int, expiry: Duration?, cost: @escaping @Sendable (Value) -> Int,
         now: @escaping @Sendable () -> ContinuousClock.Instant) {
        (self.capacity, self.maximumCost, self.cost) = (max(1, capacity), max(0, maximumCost), cost)
        (self.expiry, self.now) = (expiry, now)
    }

    /// The total cost of the entries kept.
    public var totalCost: Int { state.withLock { $0.totalCost } }

    /// The entries kept now (expired ones included until they are read or pushed out).
    public var count: Int { state.withLock { $0.count } }

    /// The cached value for `key`, if any and not expired (marks it as recently used).
    public func value(for key: Key) -> Value? {
        let now = expiry == nil ? nil : self.now()
        return state.withLock { list in
            guard let slot = list.slot(of: key) else { return nil }
            if let expiry, let now, list.stored(slot).map({ now - $0 > expiry }) == true {
                list.remove(slot)
                return nil
            }
            list.touch(slot)
            return list.value(slot)
        }
    }

    /// Stores `value`, evicting the least recently used entries while over a bound.
    public func store(_ value: Value, for key: Key) {
        let cost = max(0, cost(value))
        guard cost <= maximumCost else { return }
        let stored = expiry == nil ? nil : now()
        state.withLock { list in
            list.insert(key: key, value: value, cost: cost, stored: stored)
            while list.count > capacity || list.totalCost > maximumCost, let oldest = list.oldest {
                list.remove(oldest)
            }
        }
    }

    /// The cached value for `key`, or the result of `make` (stored for next time).
    /// Two callers missing the same key at once may both compute it; the last one stays.
    public func value(for key: Key, make: () throws -> Value) rethrows -> Value {
        if let hit = value(for: key) { return hit }
        let value = try make()
        store(value, for: key)
        return value
    }

    /// Forgets `key`'s entry, if any.
    public func removeValue(for key: Key) {
        state.withLock { list in list.slot(of: key).map { list.remove($0) } }
    }

    /// Forgets every entry.
    public func removeAll() {
        state.withLock { $0 = LRUList() }
    }
}
