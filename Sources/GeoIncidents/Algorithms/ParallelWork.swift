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
