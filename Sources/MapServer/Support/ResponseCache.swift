import Foundation
import GeoIncidents
import Hummingbird
import Synchronization

/// Finished response bodies keyed by (data version, caller's visibility, URI): a repeated
/// GET while nothing changed is answered from memory. Any write bumps the data version, so
/// a stale body is never served.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        var body: ByteBuffer
        var contentType: String
        var etag: String
    }

    private let capacity: Int
    private let entries = Mutex<[String: (entry: Entry, used: UInt64)]>([:])
    private let clock = Atomic<UInt64>(0)

    init(capacity: Int) { self.capacity = capacity }

    func entry(_ key: String) -> Entry? {
        let tick = clock.wrappingAdd(1, ordering: .relaxed).newValue
        return entries.withLock { entries in
            guard let found = entries[key] else { return nil }
            entries[key] = (found.entry, tick)
            return found.entry
        }
    }

    func store(_ entry: Entry, for key: String) {
        let tick = clock.wrappingAdd(1, ordering: .relaxed).newValue
        entries.withLock { entries in
            entries[key] = (entry, tick)
            if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
                entries.removeValue(forKey: oldest)
            }
        }
    }
}
