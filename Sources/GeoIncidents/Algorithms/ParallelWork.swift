import Foundation
import Synchronization

/// Uneven work items on all cores.
enum ParallelWork {
    /// `body(&state, i)` for i in 0..<count on all cores, heaviest first (by `weight`), each
    /// worker with a `state` of its own (scratch reused from one item to the next); the
    /// results in index order.
    static func map<T: Sendable, State>(_ count: Int, weight: (Int) -> Int, state makeState: @Sendable () -> State,
                                        _ body: @Sendable (inout State, Int) -> T) -> [T] {
        let results = Mutex([T?](repeating: nil, count: count))
        let weights = (0..<count).map(weight)
        let order: [Int] = (0..<count).sorted { weights[$0] > weights[$1] }
        let next = Atomic<Int>(0)
        let workers = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var state = makeState()
            while true {
                let slot = next.add(1, ordering: .relaxed).oldValue
                guard slot < count else { return }
                let value = body(&state, order[slot])
                results.withLock { $0[order[slot]] = value }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// `body(i)` for i in 0..<count on all cores, heaviest first; the results in index order.
    static func map<T: Sendable>(_ count: Int, weight: (Int) -> Int, _ body: @Sendable (Int) -> T) -> [T] {
        map(count, weight: weight, state: {}) { _, i in body(i) }
    }
}

/// How a loop over many items is split among workers: one per core, each with at least
/// `minimum` items. Tests split small inputs among more workers than the machine has cores
/// (`cores`), so that every way of splitting runs on any machine.
struct WorkSplit: Sendable {
    /// The fewest items a worker takes.
    var minimum: Int
    /// The most workers.
    var cores = ProcessInfo.processInfo.activeProcessorCount

    /// Workers for `count` items: at least 1.
    func workers(_ count: Int) -> Int { min(max(1, cores), max(1, count / max(1, minimum))) }

    /// `0..<count` cut into `workers(count)` runs of about equal length: run w is
    /// `bounds[w]..<bounds[w + 1]`.
    func bounds(_ count: Int) -> [Int] {
        let workers = workers(count)
        return (0...workers).map { count * $0 / workers }
    }

    /// `body(w, run)` for each run w of ``bounds(_:)`` over `0..<count`, the runs on all
    /// cores; the results in run order. The same split of the same count gives the same
    /// runs, so a second pass can rely on what a first computed per run.
    func map<T: Sendable>(_ count: Int, _ body: @Sendable (_ run: Int, _ range: Range<Int>) -> T) -> [T] {
        let bounds = bounds(count)
        return ParallelWork.map(bounds.count - 1, weight: { _ in 1 }) { w in body(w, bounds[w]..<bounds[w + 1]) }
    }
}
