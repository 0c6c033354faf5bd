import Dispatch
import Synchronization

/// A tiny time-limited cache (entries expire after `seconds`).
final class TTLCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let seconds: Double
    private let entries = Mutex<[Key: (Value, UInt64)]>([:])

    init(seconds: Double) { self.seconds = seconds }

    func value(for key: Key) -> Value? {
        let now = DispatchTime.now().uptimeNanoseconds
        return entries.withLock { entries in
            guard let (value, stored) = entries[key] else { return nil }
            if Double(now - stored) / 1e9 > seconds { entries.removeValue(forKey: key); return nil }
            return value
        }
    }

    /// Entries kept now (expired ones included until read).
    var count: Int { entries.withLock { $0.count } }

    func store(_ value: Value, for key: Key) {
        let now = DispatchTime.now().uptimeNanoseconds
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (value, now)
        }
    }
}
