import Dispatch
import Synchronization

/// Work split between two threads in a pipeline: a producer makes items on the calling
/// thread while a consumer takes them, in order, on another, with at most `depth` items made
/// and not yet taken (so a producer that outruns its consumer waits instead of filling
/// memory). A listing reads rows from SQLite on one core while its text is formatted and
/// written on the other.
enum OrderedHandoff {
    /// Runs `produce`, which hands items to the `send` it is given; `consume` takes them in
    /// the order sent, with each one's position in that order. Returns, once every item sent
    /// has been consumed, how many were sent. The first error of `consume` stops consumption
    /// and is thrown from the next `send` or from here; an error of `produce` is thrown after
    /// what was sent before it has been consumed.
    @discardableResult
    static func run<Item: Sendable>(depth: Int = 2, consume: @escaping @Sendable (_ item: Item, _ position: Int) throws -> Void,
                                    produce: (_ send: (Item) throws -> Void) throws -> Void) throws -> Int {
        let queue = DispatchQueue(label: "geoincidents.ordered-handoff")
        let slots = DispatchSemaphore(value: max(1, depth))
        let failure = Mutex<(any Error)?>(nil)
        func rethrowFailure() throws {
            if let error = failure.withLock({ $0 }) { throw error }
        }
        let sent = Atomic<Int>(0)
        let produced = Result {
            try produce { item in
                try rethrowFailure()
                slots.wait()
                let position = sent.add(1, ordering: .relaxed).oldValue
                queue.async {
                    defer { slots.signal() }
                    guard failure.withLock({ $0 == nil }) else { return }
                    do { try consume(item, position) } catch { failure.withLock { $0 = $0 ?? error } }
                }
            }
        }
        queue.sync {}
        try rethrowFailure()
        try produced.get()
        return sent.load(ordering: .relaxed)
    }
}
