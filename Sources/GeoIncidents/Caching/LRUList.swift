/// The entries of an ``LRUCache`` in order of use: a hash map to slots of a doubly linked
/// list (newest first), so a lookup, a touch, an insertion and an eviction are O(1). Freed
/// slots are reused. Not thread-safe: the cache holds it behind its lock.
struct LRUList<Key: Hashable, Value> {
    private struct Entry {
        var key: Key
        var value: Value
        var cost: Int
        var stored: ContinuousClock.Instant?
        var newer = -1
        var older = -1
    }

    private var entries: [Entry?] = []
    private var slots: [Key: Int] = [:]
    private var free: [Int] = []
    private var newest = -1
    private var oldestSlot = -1
    /// The sum of the entries' costs.
    private(set) var totalCost = 0

    /// The number of entries.
    var count: Int { slots.count }

    /// The least recently used entry's slot.
    var oldest: Int? { oldestSlot >= 0 ? oldestSlot : nil }

    /// The slot of `key`'s entry.
    func slot(of key: Key) -> Int? { slots[key] }

    /// The value in `slot`.
    func value(_ slot: Int) -> Value { entries[slot]!.value }

    /// When the entry in `slot` was stored (nil when the cache does not expire).
    func stored(_ slot: Int) -> ContinuousClock.Instant? { entries[slot]!.stored }

    /// Makes the entry in `slot` the most recently used.
    mutating func touch(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        pushNewest(slot)
    }

    /// Adds or replaces `key`'s entry, as the most recently used.
    mutating func insert(key: Key, value: Value, cost: Int, stored: ContinuousClock.Instant?) {
        if let slot = slots[key] {
            totalCost += cost - entries[slot]!.cost
            (entries[slot]!.value, entries[slot]!.cost, entries[slot]!.stored) = (value, cost, stored)
            touch(slot)
            return
        }
        let entry = Entry(key: key, value: value, cost: cost, stored: stored)
        let slot: Int
        if let reused = free.popLast() {
            slot = reused
            entries[slot] = entry
        } else {
            slot = entries.count
            entries.append(entry)
        }
        slots[key] = slot
        totalCost += cost
        pushNewest(slot)
    }

    /// Removes the entry in `slot`.
    mutating func remove(_ slot: Int) {
        unlink(slot)
        let entry = entries[slot]!
        slots.removeValue(forKey: entry.key)
        totalCost -= entry.cost
        entries[slot] = nil
        free.append(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let (newer, older) = (entries[slot]!.newer, entries[slot]!.older)
        if newer >= 0 { entries[newer]!.older = older } else { newest = older }
        if older >= 0 { entries[older]!.newer = newer } else { oldestSlot = newer }
        (entries[slot]!.newer, entries[slot]!.older) = (-1, -1)
    }

    private mutating func pushNewest(_ slot: Int) {
        entries[slot]!.older = newest
        entries[slot]!.newer = -1
        if newest >= 0 { entries[newest]!.newer = slot } else { oldestSlot = slot }
        newest = slot
    }
}
