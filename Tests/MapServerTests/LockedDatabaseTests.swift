import Foundation
@testable import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import MapServer

/// Issue 15: while another process (an import) holds SQLite's write lock, the access-log
/// flusher waits for the lock off the cooperative thread pool, losing no entry.
@Suite("A locked database: intake and the access log")
struct LockedDatabaseTests {
    /// Holds the write lock of `database` from a connection of its own, as `geoq tips import` does.
    static func lock(_ database: GeoDatabase) throws -> Connection {
        let blocker = try Connection(path: database.path)
        try blocker.execute("BEGIN IMMEDIATE")
        return blocker
    }

    @Test("the flusher waiting for a locked database does not hold its executor, and keeps every entry for the next flush")
    func flusherWhileLocked() async throws {
        let fixture = try ServerFixture(tips: 10)
        try fixture.database.writer.sync { try $0.execute("PRAGMA busy_timeout = 1500") }
        let log = fixture.server.accessLog
        for n in 0..<5 { log.record(Principal(tokenID: 1, role: .analyst), action: "tips.item", detail: "tip \(n)", tips: 1) }
        let blocker = try Self.lock(fixture.database)
        // A pool of one thread, as the cooperative pool is when every thread is taken: a flush
        // that waited for SQLite on it would stall every other task on it.
        let pool = OneThreadExecutor()
        let flusher = Task(executorPreference: pool) { try await AccessLogFlusher(accessLog: log, logger: Logger(label: "test")).run() }
        // The first flush starts after 250 ms and waits for the lock until 1,750 ms.
        try await Task.sleep(for: .milliseconds(600))
        let asked = ContinuousClock.now
        let waited = await Task(executorPreference: pool) { asked.duration(to: .now) }.value
        #expect(waited < .milliseconds(200), "a task waited \(waited) for the flusher's thread")
        try await Task.sleep(for: .milliseconds(1_400))
        try blocker.execute("ROLLBACK")
        flusher.cancel()
        try await flusher.value
        #expect(try log.flush() == 0)
        #expect(try log.recent().filter { $0.action == "tips.item" }.count == 5)
    }
}

/// Runs every job on one serial queue: a task executor one thread wide.
final class OneThreadExecutor: TaskExecutor {
    let queue = DispatchQueue(label: "one-thread-executor")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
