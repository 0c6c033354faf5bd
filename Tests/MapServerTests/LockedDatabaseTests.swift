import Foundation
@testable import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import MapServer

/// Issue 15: while another process (an import) holds SQLite's write lock, intake answers
/// 503 with Retry-After instead of 500, and the access-log flusher waits for the lock off
/// the cooperative thread pool, losing no entry.
@Suite("A locked database: intake and the access log")
struct LockedDatabaseTests {
    /// Holds the write lock of `database` from a connection of its own, as `geoq tips import` does.
    static func lock(_ database: GeoDatabase) throws -> Connection {
        let blocker = try Connection(path: database.path)
        try blocker.execute("BEGIN IMMEDIATE")
        return blocker
    }

    @Test("POST /tips and PATCH /tips/{id} past the busy timeout: 503 with Retry-After, not 500; after the lock, 201")
    func intakeWhileLocked() async throws {
        let fixture = try ServerFixture(tips: 10)
        // The server waits 10 s for the lock; 200 ms keeps the test short.
        try fixture.database.writer.sync { try $0.execute("PRAGMA busy_timeout = 200") }
        let body = #"{"lon": 108.95, "lat": 11.58, "category": "criminal", "external_id": "locked-1"}"#
        let blocker = try Self.lock(fixture.database)
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(body)) { response in
                #expect(response.status == .serviceUnavailable, "\(response.text)")
                #expect((response.headers[.retryAfter].flatMap { Int($0) } ?? 0) > 0)
                #expect(response.object["code"] as? String == "ServiceUnavailable")
            }
            try await client.execute(uri: "/tips/3", method: .patch, headers: bearer(fixture.commander), body: json(#"{"status": "verified"}"#)) { response in
                #expect(response.status == .serviceUnavailable, "\(response.text)")
            }
        }
        try blocker.execute("ROLLBACK")
        try await fixture.test { client in
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(body)) { #expect($0.status == .created) }
        }
        #expect(try TipStore(database: fixture.database).count() == 11)
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
        #expect(waited < .milliseconds(500), "a task waited \(waited) for the flusher's thread")
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
    @Test("an access log that cannot be written fails closed: tip readers get 503 at the backlog limit, the public still gets its statistics; after a flush, 200")
    func backloggedAuditFailsClosed() async throws {
        let fixture = try ServerFixture(tips: 10)
        let log = fixture.server.accessLog
        for n in 0..<log.backlogLimit { log.record(.init(tokenID: nil, role: .analyst, action: "tips.item", detail: "tip \(n)", tips: 1)) }
        try await fixture.test { client in
            try await client.execute(uri: "/collections/tips/items?limit=1", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .serviceUnavailable, "\(response.text)")
                #expect((response.headers[.retryAfter].flatMap { Int($0) } ?? 0) > 0)
            }
            try await client.execute(uri: "/stats", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake),
                                     body: json(#"{"lon": 108.95, "lat": 11.58, "category": "criminal"}"#)) { #expect($0.status == .created) }
        }
        #expect(try log.flush() == log.backlogLimit)
        try await fixture.test { client in
            try await client.execute(uri: "/collections/tips/items?limit=1", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .ok) }
        }
    }
}
