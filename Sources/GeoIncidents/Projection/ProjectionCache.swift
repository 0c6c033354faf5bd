import Synchronization

/// Projector pools by target CRS, kept for the life of the owner (a service, a benchmark),
/// so that repeated analyses do not re-read proj.db for every run.
public final class ProjectionCache: Sendable {
    private let pools = Mutex<[String: ProjectorPool]>([:])

    public init() {}

    /// The pool for `crs`, created on first use (throws on an unusable CRS).
    func pool(for crs: String) throws -> ProjectorPool {
        if let pool = pools.withLock({ $0[crs] }) { return pool }
        let pool = try ProjectorPool(targetCRS: crs)
        return pools.withLock { pools in
            if let existing = pools[crs] { return existing }
            pools[crs] = pool
            return pool
        }
    }
}
