import Glibc
import Synchronization

/// Projector pools by target CRS, kept for the life of the owner (a service, a benchmark),
/// so that repeated analyses do not re-read proj.db for every run.
///
/// At most ``capacity`` CRSs are kept (the least recently created goes first): a caller
/// sending a new CRS string with every request must not grow memory without bound. A pool
/// in use elsewhere lives on until its user lets go.
public final class ProjectionCache: Sendable {
    private let pools = Mutex<(byCRS: [String: ProjectorPool], order: [String])>(([:], []))
    /// The most CRSs kept.
    public let capacity: Int

    public init(capacity: Int = 16) { self.capacity = max(1, capacity) }

    /// The pool for `crs`, created on first use (throws on an unusable CRS).
    func pool(for crs: String) throws -> ProjectorPool {
        if let pool = pools.withLock({ $0.byCRS[crs] }) { return pool }
        let pool = try ProjectorPool(targetCRS: crs)
        return pools.withLock { pools in
            if let existing = pools.byCRS[crs] { return existing }
            pools.byCRS[crs] = pool
            pools.order.append(crs)
            while pools.order.count > capacity { pools.byCRS[pools.order.removeFirst()] = nil }
            return pool
        }
    }

    /// `lonLat` projected to `crs` (non-finite where PROJ cannot), through the pool for `crs`.
    /// The last points projected are kept with their projection: an analysis that projects
    /// the same points as the one before it (coverage gaps: the grid, the clusters and the
    /// cameras' tally over the same million tips) gets them back instead of projecting again.
    /// Points are the same when they are the same bits (compared whole, never by a hash).
    func forward(_ lonLat: [Coordinate], to crs: String) throws -> [Coordinate] {
        if let kept = last.withLock({ $0 }), kept.crs == crs, Self.same(kept.lonLat, lonLat) { return kept.metres }
        let metres = try ParallelProjection.forward(lonLat, pool: try pool(for: crs))
        if !lonLat.isEmpty { last.withLock { $0 = (crs, lonLat, metres) } }    // an empty grid's keeps the tips
        return metres
    }

    private let last = Mutex<(crs: String, lonLat: [Coordinate], metres: [Coordinate])?>(nil)

    private static func same(_ a: [Coordinate], _ b: [Coordinate]) -> Bool {
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                a.count == b.count && (a.baseAddress == b.baseAddress || a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }

    /// How many CRSs are kept now.
    public var count: Int { pools.withLock { $0.byCRS.count } }
}
