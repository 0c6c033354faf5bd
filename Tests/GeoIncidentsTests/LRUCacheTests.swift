import Synchronization
import Testing
@testable import GeoIncidents

@Suite("The one cache: LRU, capacity, cost and expiry")
struct LRUCacheTests {
    /// A clock the test moves by hand: expiry is tested without waiting.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
    }

    func cache(capacity: Int, maximumCost: Int = .max, expiry: Duration? = nil, clock: ManualClock = ManualClock()) -> LRUCache<Int, String> {
        LRUCache(capacity: capacity, maximumCost: maximumCost, expiry: expiry, cost: { $0.utf8.count }, now: { clock.now })
    }

    @Test("past its capacity, the least recently used entry goes, and a read counts as a use")
    func capacity() {
        let cache = cache(capacity: 3)
        for i in 0..<3 { cache.store("\(i)", for: i) }
        #expect(cache.value(for: 0) == "0")
        cache.store("3", for: 3)
        #expect(cache.count == 3)
        #expect(cache.value(for: 1) == nil)
        #expect(cache.value(for: 0) == "0")
        #expect(cache.value(for: 2) == "2")
        #expect(cache.value(for: 3) == "3")
        cache.store("4", for: 4)
        #expect(cache.value(for: 0) == nil)
    }

    @Test("storing a key again replaces its value and cost, without evicting another")
    func replace() {
        let cache = cache(capacity: 2, maximumCost: 10)
        cache.store("aaaa", for: 1)
        cache.store("bb", for: 2)
        cache.store("cccccc", for: 1)
        #expect(cache.count == 2)
        #expect(cache.totalCost == 8)
        #expect(cache.value(for: 1) == "cccccc")
        #expect(cache.value(for: 2) == "bb")
    }

    @Test("over the cost budget, the oldest entries go until it fits; a value over the whole budget is not kept")
    func cost() {
        let cache = cache(capacity: 100, maximumCost: 10)
        for i in 0..<5 { cache.store("abc", for: i) }
        #expect(cache.totalCost == 9)
        #expect(cache.value(for: 0) == nil && cache.value(for: 1) == nil)
        #expect(cache.value(for: 4) == "abc")
        cache.store(String(repeating: "x", count: 11), for: 99)
        #expect(cache.value(for: 99) == nil)
        #expect(cache.totalCost == 9)
        cache.store("xxxxxxxxx", for: 50)
        #expect(cache.count == 1 && cache.totalCost == 9)
    }

    @Test("a capacity of one keeps the current value only")
    func single() {
        let cache = cache(capacity: 1)
        #expect(cache.value(for: 1) { "one" } == "one")
        #expect(cache.value(for: 1) { "other" } == "one")
        #expect(cache.value(for: 2) { "two" } == "two")
        #expect(cache.count == 1 && cache.value(for: 1) == nil)
    }

    @Test("an entry older than the expiry is a miss and is dropped; a read does not renew it")
    func expiry() {
        let clock = ManualClock()
        let cache = cache(capacity: 10, expiry: .seconds(10), clock: clock)
        cache.store("a", for: 1)
        clock.advance(by: .seconds(6))
        cache.store("b", for: 2)
        #expect(cache.value(for: 1) == "a")
        clock.advance(by: .seconds(5))
        #expect(cache.value(for: 1) == nil)
        #expect(cache.count == 1)
        #expect(cache.value(for: 2) == "b")
        cache.store("a2", for: 1)
        clock.advance(by: .seconds(6))
        #expect(cache.value(for: 2) == nil)
        #expect(cache.value(for: 1) == "a2")
    }

    @Test("without an expiry, entries last until pushed out")
    func noExpiry() {
        let clock = ManualClock()
        let cache = cache(capacity: 10, clock: clock)
        cache.store("a", for: 1)
        clock.advance(by: .seconds(86_400 * 365))
        #expect(cache.value(for: 1) == "a")
    }

    @Test("entries can be removed one by one or all at once")
    func removal() {
        let cache = cache(capacity: 10, maximumCost: 100)
        for i in 0..<5 { cache.store("ab", for: i) }
        cache.removeValue(for: 2)
        #expect(cache.value(for: 2) == nil && cache.count == 4 && cache.totalCost == 8)
        cache.removeAll()
        #expect(cache.count == 0 && cache.totalCost == 0)
        cache.store("c", for: 7)
        #expect(cache.value(for: 7) == "c")
    }

    @Test("slots freed by evictions are reused and the order survives many rounds")
    func churn() {
        let cache = cache(capacity: 8)
        for i in 0..<10_000 {
            cache.store("\(i)", for: i)
            if i % 3 == 0 { _ = cache.value(for: i - 5) }
            if i % 7 == 0 { cache.removeValue(for: i - 1) }
        }
        #expect(cache.count <= 8)
        #expect(cache.value(for: 9_999) == "9999")
        for key in 20_000..<20_008 { cache.store("\(key)", for: key) }
        #expect(cache.count == 8)
        #expect((20_000..<20_008).allSatisfy { cache.value(for: $0) == "\($0)" })
        #expect(cache.value(for: 9_999) == nil)
    }
}
