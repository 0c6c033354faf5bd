import Foundation
import Synchronization
import Testing
@testable import GeoIncidents

@Suite("Ordered handoff between a producer and a consumer thread")
struct OrderedHandoffTests {
    struct Stop: Error, Equatable { let at: Int }

    @Test("items arrive in order, all of them, and at most depth wait unconsumed")
    func order() throws {
        let consumed = Mutex<[Int]>([]), positions = Mutex<[Int]>([])
        let sent = Atomic<Int>(0)
        let mostAhead = Atomic<Int>(0)
        // Expectations are checked on the test's thread: the consumer's has no test.
        let count = try OrderedHandoff.run(depth: 2, consume: { (item: Int, position: Int) in
            positions.withLock { $0.append(position) }
            let ahead = sent.load(ordering: .relaxed) - item
            _ = mostAhead.max(ahead, ordering: .relaxed)
            if item % 50 == 0 { usleep(2_000) }
            consumed.withLock { $0.append(item) }
        }, produce: { send in
            for i in 0..<1_000 {
                try send(i)
                sent.store(i + 1, ordering: .relaxed)
            }
        })
        #expect(consumed.withLock { $0 } == Array(0..<1_000))
        #expect(positions.withLock { $0 } == Array(0..<1_000))
        #expect(count == 1_000)
        #expect(mostAhead.load(ordering: .relaxed) <= 2)
    }

    @Test("a consumer's error stops consumption and reaches the producer; later items are not consumed")
    func consumerError() {
        let consumed = Mutex<[Int]>([])
        let sends = Atomic<Int>(0)
        #expect(throws: Stop(at: 5)) {
            try OrderedHandoff.run(consume: { (item: Int, _: Int) in
                if item == 5 { throw Stop(at: 5) }
                consumed.withLock { $0.append(item) }
            }, produce: { send in
                for i in 0..<10_000 {
                    try send(i)
                    sends.add(1, ordering: .relaxed)
                }
            })
        }
        #expect(consumed.withLock { $0 } == Array(0..<5))
        #expect(sends.load(ordering: .relaxed) < 10_000)
    }

    @Test("a producer's error is thrown after what it sent before has been consumed")
    func producerError() {
        let consumed = Mutex<[Int]>([])
        #expect(throws: Stop(at: 3)) {
            try OrderedHandoff.run(consume: { (item: Int, _: Int) in
                usleep(1_000)
                consumed.withLock { $0.append(item) }
            }, produce: { send in
                for i in 0..<3 { try send(i) }
                throw Stop(at: 3)
            })
        }
        #expect(consumed.withLock { $0 } == [0, 1, 2])
    }
}
