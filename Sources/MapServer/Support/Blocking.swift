import Foundation
import NIOPosix
import Synchronization

/// The threads that blocking work (SQLite, PROJ, the analyses) runs on, so that it never
/// holds the cooperative thread pool or Hummingbird's event loops: a fixed number of threads
/// (NIO's `NIOThreadPool`) and a queue in front of them, instead of Dispatch's global queue,
/// which adds threads as long as work blocks.
///
/// A job whose task is cancelled before a thread takes it never runs: ``run(evenIfCancelled:_:)``
/// throws `CancellationError` — unless it is work that must not be lost (the access log's
/// writes), run with `evenIfCancelled`. A job that has started runs to its end: the library's analyses and
/// statements do not poll for cancellation, and a connection is never interrupted because it
/// serves many callers in turn (docs/storage.md). Its result still serves the other callers
/// waiting for the same answer (``SingleFlight``).
final class BlockingPool: Sendable {
    /// The process's pool, used by ``blocking(evenIfCancelled:_:)``: the work limiter's computations (two per
    /// core) and one thread per core more for short jobs (token lookups, the data version,
    /// access-log writes, tip intake), so a burst of analyses cannot stall them all.
    ///
    /// It lives as long as the process, like Hummingbird's event loops (its default
    /// `MultiThreadedEventLoopGroup.singleton`): `blocking` is called from everywhere and the
    /// graceful shutdown still writes the access log through it after the server has stopped;
    /// tests build many servers in one process. Its own pool rather than NIO's
    /// `NIOThreadPool.singleton`, which has one thread per core and is shared with NIO's file
    /// I/O.
    static let shared = BlockingPool(threads: 3 * ProcessInfo.processInfo.activeProcessorCount)

    /// The pool of writes that may wait for the database's write lock (tip intake, status and
    /// location changes, unresolved tips): SQLite runs one writer at a time, and a write can
    /// wait up to the busy timeout (10 s) while an import holds the lock. Two threads, so that
    /// waiting writes queue here and never take the threads that token lookups, reads and
    /// analyses run on.
    static let writes = BlockingPool(threads: 2)

    /// The number of threads: at most that many jobs run at once.
    let threads: Int
    private let pool: NIOThreadPool
    private let pendingJobs = Atomic<Int>(0)

    /// A started pool of `threads` threads (at least 2).
    init(threads: Int) {
        self.threads = max(2, threads)
        pool = NIOThreadPool(numberOfThreads: self.threads)
        pool.start()
    }

    deinit { pool.shutdownGracefully { _ in } }

    /// Runs `body` on one of the pool's threads and returns its result or error. Throws
    /// `CancellationError`, without running `body`, when the calling task is cancelled before
    /// a thread takes the job — unless `evenIfCancelled`, for work that must not be lost.
    func run<T: Sendable>(evenIfCancelled: Bool = false, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        if !evenIfCancelled { try Task.checkCancellation() }
        pendingJobs.add(1, ordering: .relaxed)
        defer { pendingJobs.subtract(1, ordering: .relaxed) }
        guard evenIfCancelled else { return try await pool.runIfActive(body) }
        return try await withCheckedThrowingContinuation { continuation in
            // Not cancellable: only a pool that is shutting down refuses the job.
            pool.submit { state in
                guard case .active = state else { return continuation.resume(throwing: NIOThreadPoolError.ThreadPoolInactive()) }
                continuation.resume(with: Result(catching: body))
            }
        }
    }

    /// Jobs submitted and not finished: running, or waiting for a thread.
    var pending: Int { pendingJobs.load(ordering: .relaxed) }
}

/// Runs blocking work (SQLite, PROJ, analysis) on the process's ``BlockingPool`` and awaits
/// its result; a cancelled caller's job does not run if it has not started, unless
/// `evenIfCancelled` (work that must not be lost, such as the access log's writes).
func blocking<T: Sendable>(evenIfCancelled: Bool = false, _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await BlockingPool.shared.run(evenIfCancelled: evenIfCancelled, body)
}

/// Runs a write that may wait for the database's write lock on ``BlockingPool/writes``.
func blockingWrite<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await BlockingPool.writes.run(body)
}
