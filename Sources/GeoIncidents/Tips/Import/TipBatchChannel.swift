import Dispatch
import Synchronization

/// One batch read, parsed and assigned by the producer, ready to be written.
struct ParsedBatch: Sendable {
    var tips: [NewTip] = []
    var assignments: [Assignment] = []
    /// Each tip's Hilbert key, computed by the producer so the writer's thread (the import's
    /// critical path) does not.
    var hilbertKeys: [Int64] = []
    /// Rows read for this batch, rejected ones included.
    var rowsRead = 0
    var rejected = 0
    /// `file:line: reason` for the rejected rows (bounded by the importer).
    var problems: [String] = []
    /// Tips without coordinates that the text locator placed, with the unit it named
    /// (appended to `tips` once the GPS tips are assigned).
    var placed: [(tip: NewTip, assignment: Assignment)] = []
    /// Tips whose text decides no place: kept apart for an officer.
    var unresolved: [UnresolvedTip] = []
    /// Rows stored or kept so far in this batch (the batch ships at the batch size).
    var count: Int { tips.count + placed.count + unresolved.count }
}

/// A bounded hand-off between the thread that reads and assigns tips and the thread that
/// writes them: at most `capacity` batches wait, so memory stays constant.
final class TipBatchChannel: Sendable {
    private struct State {
        var queue: [ParsedBatch] = []
        var finished = false
        var cancelled = false
        var failure: GeoIncidentsError?
    }

    private let state = Mutex(State())
    private let items = DispatchSemaphore(value: 0)
    private let slots = DispatchSemaphore(value: 0)
    private let producerDone = DispatchSemaphore(value: 0)

    init(capacity: Int = 2) {
        // libdispatch traps when a semaphore is freed below its initial value (here: when a
        // cancelled import leaves batches queued), so every semaphore starts at 0 and the
        // free slots are signalled in.
        for _ in 0..<capacity { slots.signal() }
    }

    /// Producer: waits for room, then queues the batch. `false` when the consumer stopped.
    func send(_ batch: ParsedBatch) -> Bool {
        slots.wait()
        let accepted = state.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.queue.append(batch)
            return true
        }
        if accepted { items.signal() }
        return accepted
    }

    /// Producer: no more batches (with the error that stopped it, if any).
    func finish(_ failure: GeoIncidentsError?) {
        state.withLock {
            $0.finished = true
            $0.failure = failure
        }
        items.signal()
        producerDone.signal()
    }

    /// Consumer: the next batch; `nil` at the end; throws the producer's error.
    func receive() throws -> ParsedBatch? {
        while true {
            items.wait()
            let next = try state.withLock { state -> ParsedBatch?? in
                if !state.queue.isEmpty { return .some(state.queue.removeFirst()) }
                if state.finished {
                    if let failure = state.failure { throw failure }
                    return .some(nil)
                }
                return nil
            }
            if let next {
                if next != nil { slots.signal() } else { items.signal() }
                return next
            }
        }
    }

    /// Consumer: stop the producer and wait until it has returned.
    func cancelAndWait() {
        state.withLock { $0.cancelled = true }
        slots.signal()
        producerDone.wait()
        producerDone.signal()
    }
}
