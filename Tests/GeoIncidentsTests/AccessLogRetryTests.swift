import Foundation
import Testing
@testable import GeoIncidents

/// Issue 15: a failed access-log write drops nothing.
@Suite("Access log: entries survive a failed write")
struct AccessLogRetryTests {
    @Test("a flush that cannot get the write lock keeps its entries, in order; the next flush writes them with the newer ones")
    func keepsEntriesOnFailure() throws {
        let database = try TestSupport.freshDatabase()
        try database.writer.sync { try $0.execute("PRAGMA busy_timeout = 50") }
        let log = AccessLog(database: database)
        for n in 1...3 { log.record(.init(tokenID: 7, role: .analyst, action: "tips.item", detail: "tip \(n)", tips: 1)) }
        // Another process (an import) holds the write lock.
        let blocker = try Connection(path: database.path)
        try blocker.execute("BEGIN IMMEDIATE")
        #expect(throws: GeoIncidentsError.self) { try log.flush() }
        log.record(.init(tokenID: 7, role: .analyst, action: "tips.item", detail: "tip 4", tips: 1))
        #expect(throws: GeoIncidentsError.self) { try log.flush() }
        try blocker.execute("ROLLBACK")
        #expect(try log.flush() == 4)
        #expect(try log.flush() == 0)
        #expect(try log.recent().map(\.detail) == ["tip 4", "tip 3", "tip 2", "tip 1"])
    }
}
