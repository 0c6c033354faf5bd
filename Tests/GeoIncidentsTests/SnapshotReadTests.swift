import Foundation
import Testing
@testable import GeoIncidents

/// Issue 16: statements that belong together (a page and its total) read one snapshot.
@Suite("Reads in one transaction see one snapshot")
struct SnapshotReadTests {
    @Test("a write committed between two statements of one read is not seen by the second; after the read it is")
    func oneSnapshot() throws {
        let database = try TestSupport.demoDatabase(tips: 50)
        let (first, second) = try database.read { connection -> (Int64, Int64) in
            let first = try connection.scalarInt("SELECT count(*) FROM tips") ?? -1
            // Another connection commits meanwhile (the writer has its own queue).
            try database.writer.sync { try $0.execute("DELETE FROM tips WHERE id = (SELECT min(id) FROM tips)") }
            return (first, try connection.scalarInt("SELECT count(*) FROM tips") ?? -1)
        }
        #expect(first == 50)
        #expect(second == first)
        #expect(try TipStore(database: database).count() == 49)
    }

    @Test("a feature page's total is its own snapshot's, and equals count() when nothing writes")
    func pageTotal() throws {
        let database = try TestSupport.demoDatabase(tips: 120)
        let store = TipStore(database: database)
        var filter = TipFilter()
        filter.categories = [.criminal]
        let page = try store.featurePage(filter, limit: 10)
        #expect(page.count == min(10, page.matched))
        #expect(page.matched == (try store.count(filter)))
        let halves = [BoundingBox(minX: -180, minY: -90, maxX: 108.951234, maxY: 90), BoundingBox(minX: 108.951234, minY: -90, maxX: 180, maxY: 90)]
        let (records, matched) = try store.list(across: halves.map { box in var f = filter; f.boundingBox = box; return f }, limit: 10)
        #expect(records.map(\.id) == records.map(\.id).sorted())
        #expect(records.count == 10)
        #expect(matched == page.matched)
    }
}
