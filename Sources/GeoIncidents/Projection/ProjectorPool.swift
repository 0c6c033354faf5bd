import Synchronization

/// Reusable PROJ transformations for one target CRS. Creating one reads proj.db (several
/// milliseconds); a PROJ object must not be used by two threads at once, so each caller
/// borrows one for the duration of its work and gives it back.
final class ProjectorPool: Sendable {
    let targetCRS: String
    private let idle: Mutex<[ProjectorBox]> = Mutex([])

    /// Creates the pool, failing early and clearly on an unusable CRS.
    init(targetCRS: String) throws {
        self.targetCRS = targetCRS
        let first = try Projector(targetCRS: targetCRS)
        idle.withLock { $0.append(ProjectorBox(first)) }
    }

    /// Runs `body` with a projector nobody else uses meanwhile.
    func withProjector<T>(_ body: (Projector) throws -> T) throws -> T {
        let box = try idle.withLock { $0.popLast() } ?? ProjectorBox(try Projector(targetCRS: targetCRS))
        defer { idle.withLock { $0.append(box) } }
        return try body(box.projector)
    }
}

/// Moves a projector between threads through the pool. `@unchecked Sendable`: a boxed
/// projector is used by one borrower at a time (the pool's mutex hands it out once).
private final class ProjectorBox: @unchecked Sendable {
    let projector: Projector
    init(_ projector: Projector) { self.projector = projector }
}
