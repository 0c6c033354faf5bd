import Dispatch
import Foundation
import Synchronization
import Testing
@testable import MapServer

@Suite("Blocking work: a bounded pool, cancelled jobs never run")
struct BlockingPoolTests {
    /// A counter shared by test jobs, keeping the highest value it reached.
    final class Counter: Sendable {
        private let state = Mutex((value: 0, most: 0))
        var value: Int { state.withLock { $0.value } }
        var most: Int { state.withLock { $0.most } }
        func add(_ delta: Int = 1) { state.withLock { $0.value += delta; $0.most = max($0.most, $0.value) } }
    }

    /// Waits (without a clock) until `condition` holds.
    func until(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test("a job whose task is cancelled before it is submitted does not run")
    func cancelledBeforeSubmission() async throws {
        let pool = BlockingPool(threads: 2)
        let ran = Counter()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.run { ran.add() }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ran.value == 0)
    }

    @Test("work that must not be lost runs even when its task is cancelled")
    func evenIfCancelled() async throws {
        let pool = BlockingPool(threads: 2)
        let ran = Counter()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await pool.run(evenIfCancelled: true) { ran.add(); return 7 }
        }
        #expect(try await task.value == 7)
        #expect(ran.value == 1)
    }

    @Test("a job cancelled while it waits for a thread does not run; the jobs before it do")
    func cancelledWhileQueued() async throws {
        let pool = BlockingPool(threads: 2)
        let gate = DispatchSemaphore(value: 0)
        let started = Counter()
        let busy = (0..<2).map { _ in
            Task { try await pool.run { started.add(); gate.wait() } }
        }
        await until { started.value == 2 }
        let ran = Counter()
        let queued = Task { try await pool.run { ran.add() } }
        await until { pool.pending == 3 }
        queued.cancel()
        gate.signal(); gate.signal()
        for task in busy { try await task.value }
        await #expect(throws: CancellationError.self) { try await queued.value }
        #expect(ran.value == 0)
        #expect(pool.pending == 0)
        // The pool goes on serving.
        #expect(try await pool.run { 42 } == 42)
    }

    @Test("no more jobs run at once than the pool has threads")
    func bounded() async throws {
        let pool = BlockingPool(threads: 3)
        let gate = DispatchSemaphore(value: 0)
        let running = Counter()
        let jobs = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<jobs {
                group.addTask {
                    try await pool.run { running.add(); gate.wait(); running.add(-1) }
                }
            }
            await until { running.value == 3 && pool.pending == jobs }
            #expect(running.value == 3)
            for _ in 0..<jobs { gate.signal() }
            try await group.waitForAll()
        }
        #expect(running.most == 3)
        #expect(pool.pending == 0)
    }

    @Test("the process's pool has three threads per core")
    func sharedSize() {
        #expect(BlockingPool.shared.threads == max(2, 3 * ProcessInfo.processInfo.activeProcessorCount))
    }

    @Test("when the caller computing a key is cancelled, the callers waiting for it compute it themselves")
    func singleFlightLeaderCancelled() async throws {
        let flights = SingleFlight<Int>()
        let gate = AsyncStream<Void>.makeStream()
        let leader = Task {
            try await flights.run("key") {
                for await _ in gate.stream {}
                try Task.checkCancellation()
                return 1
            }
        }
        await until { flights.inFlight == 1 }
        let follower = Task { try await flights.run("key") { 2 } }
        await until { flights.waiting == 1 }
        leader.cancel()
        gate.continuation.finish()
        await #expect(throws: CancellationError.self) { try await leader.value }
        #expect(try await follower.value == 2)
        #expect(flights.inFlight == 0)
    }

    @Test("writes waiting for the database lock never take the threads reads and token lookups run on",
          .timeLimit(.minutes(1)))
    func waitingWritesLeaveReadsAlone() async throws {
        let release = DispatchSemaphore(value: 0)
        let started = Counter()
        // More blocked writes (as behind an import's write lock) than the shared pool has
        // threads: on the shared pool they would hold every thread and the read below would hang.
        let count = BlockingPool.shared.threads + 3
        let writes = (0..<count).map { _ in
            Task { try await blockingWrite { started.add(); release.wait() } }
        }
        await until { started.value == BlockingPool.writes.threads }
        // A read still runs at once on the shared pool.
        #expect(try await blocking { 42 } == 42)
        for _ in writes { release.signal() }
        for write in writes { try await write.value }
        #expect(started.value == count)
    }
}
