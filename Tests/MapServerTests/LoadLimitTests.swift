import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import MapServer

/// A shared counter or flag for closures that run concurrently.
final class Shared: Sendable {
    let value = Mutex(0)
}

@Suite("Load limits: bounded work, single flight, token cache")
struct LoadLimitTests {
    @Test("a full work limiter answers 503 with Retry-After at once; a freed slot admits the next")
    func workLimiter() async throws {
        let limiter = WorkLimiter(running: 1, waiting: 1)
        let gate = Shared()
        async let first: Int = limiter.run { while gate.value.withLock({ $0 }) == 0 { usleep(1_000) }; return 1 }
        while limiter.load.active < 1 { try await Task.sleep(for: .milliseconds(5)) }
        async let second: Int = limiter.run { 2 }
        while limiter.load.queued < 1 { try await Task.sleep(for: .milliseconds(5)) }
        do {
            _ = try await limiter.run { 3 }
            Issue.record("a third request was admitted past the queue")
        } catch let error as APIError {
            #expect(error.status == .serviceUnavailable)
            #expect(error.retryAfter == WorkLimiter.retryAfterSeconds)
            #expect(ErrorMiddleware.response(error).headers[.retryAfter] == "2")
        }
        gate.value.withLock { $0 = 1 }
        #expect(try await first == 1)
        #expect(try await second == 2)
        #expect(limiter.load.active == 0)
    }

    @Test("identical concurrent misses compute once")
    func singleFlight() async throws {
        let flights = SingleFlight<Int>()
        let runs = Shared()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await flights.run("same") {
                        runs.value.withLock { $0 += 1 }
                        try await Task.sleep(for: .milliseconds(200))
                        return 42
                    }
                }
            }
            for try await value in group { #expect(value == 42) }
        }
        #expect(runs.value.withLock { $0 } < 20)
        #expect(flights.inFlight == 0)
    }

    @Test("invalid tokens are not cached, so a spray cannot push real tokens out")
    func tokenSpray() async throws {
        let fixture = try ServerFixture(tips: 10)
        let authenticator = fixture.server.authenticator
        #expect(try await authenticator.principal(secret: fixture.analyst)?.role == .analyst)
        for i in 0..<2_000 {
            let fake = "gi_" + String(repeating: "0", count: 60) + String(format: "%04x", i)
            #expect(try await authenticator.principal(secret: fake) == nil)
        }
        #expect(try await authenticator.principal(secret: String(repeating: "x", count: 1 << 20)) == nil)
        #expect(authenticator.cachedCount == 1)
    }
}
