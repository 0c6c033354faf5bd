import Dispatch
import Foundation
import Synchronization
import Testing
@testable import GeoIncidents

/// Issue 15: tips stored by any other writer while a bulk import runs must reach `tip_cells`
/// and `tip_communes` like any other tip.
@Suite("Bulk import beside other writers")
struct ConcurrentImportTests {
    /// What the second writer did, shared with the importing thread.
    final class Intake: Sendable {
        let stop = Atomic<Bool>(false)
        let submitted = Atomic<Int>(0)
        let errors = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)

        /// Waits until the second writer has stored a tip more than `count` (at most 10 s).
        func waitForSubmission(after count: Int) {
            let deadline = Date().addingTimeInterval(10)
            while submitted.load(ordering: .acquiring) <= count, Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
        }
    }

    @Test("tips taken in through another connection during a bulk import are in tip_cells and tip_communes")
    func intakeDuringBulkImport() throws {
        let database = try TestSupport.rulesDatabase()
        // A second GeoDatabase on the same file: its own connections, as a second process
        // (the HTTP service taking tips in) would have. Opened before the import starts.
        let other = try GeoDatabase.open(path: database.path)
        let index = try RegionStore(database: other).boundaryIndex()
        let intake = Intake()
        Thread.detachNewThread {
            let store = TipStore(database: other)
            var k = 0
            while !intake.stop.load(ordering: .acquiring) {
                // Every other tip lies outside every commune: it belongs in tip_cells only.
                let location = k % 2 == 0 ? Coordinate(x: 106.0035 + Double(k % 7) * 0.001, y: 10.006) : Coordinate(x: 107.5, y: 11.5)
                let tip = NewTip(externalID: "intake-\(k)", source: "hotline", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000 + Int64(k)),
                                 category: .criminal, channel: .hotline, location: location)
                do {
                    _ = try store.submit(tip, assignment: try index.assign(location))
                    intake.submitted.add(1, ordering: .releasing)
                } catch {
                    intake.errors.withLock { $0.append("\(error)") }
                    break
                }
                k += 1
            }
            intake.done.signal()
        }

        let path = try TipImportTests.writeTips(60_000, name: "concurrent.csv")
        var options = TipImportOptions()
        options.batchSize = 2_000
        options.bulkIndexing = .always
        var batches = 0
        var atFirstBatch = 0
        let report = try TipImporter(database: database, index: try RegionStore(database: database).boundaryIndex(), options: options)
            .run(path: path, progress: { _ in
                // Let the other writer store at least one tip between every two batches.
                let now = intake.submitted.load(ordering: .acquiring)
                if batches == 0 { atFirstBatch = now }
                batches += 1
                intake.waitForSubmission(after: now)
            })
        let duringImport = intake.submitted.load(ordering: .acquiring) - atFirstBatch
        intake.stop.store(true, ordering: .releasing)
        intake.done.wait()

        #expect(intake.errors.withLock { $0 }.isEmpty)
        #expect(report.inserted == 60_000)
        #expect(batches == 30)
        #expect(duringImport >= batches - 1, "the other writer stored \(duringImport) tips during \(batches) batches")
        let submitted = Int64(intake.submitted.load(ordering: .acquiring))
        let (tips, cells, assigned, communes) = try database.writer.sync { c in
            (try c.scalarInt("SELECT count(*) FROM tips"), try c.scalarInt("SELECT count(*) FROM tip_cells"),
             try c.scalarInt("SELECT count(*) FROM tips WHERE commune_code IS NOT NULL"), try c.scalarInt("SELECT count(*) FROM tip_communes"))
        }
        #expect(tips == 60_000 + submitted)
        #expect(cells == tips)
        #expect(communes == assigned)
        // Every intake tip, with and without a commune, is where the maps and filters read.
        let missing = try database.writer.sync { c in
            try c.scalarInt("""
                SELECT count(*) FROM tips t JOIN tip_sources s ON s.id = t.source_id WHERE s.name = 'hotline'
                AND (NOT EXISTS (SELECT 1 FROM tip_cells c WHERE c.hilbert = t.hilbert AND c.tip_id = t.id)
                     OR (t.commune_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tip_communes m
                         WHERE m.commune_code = t.commune_code AND m.reported_at = t.reported_at AND m.tip_id = t.id)))
                """)
        }
        #expect(missing == 0, "\(missing ?? -1) of \(submitted) tips taken in during the import are missing from tip_cells or tip_communes")
        try TipImportTests.expectCommunesConsistent(database)
    }

    /// Stores tips `range` as one batch of `load`, as the importer does (keys gathered too).
    static func storeBatch(_ range: Range<Int>, of load: BulkLoad, in database: GeoDatabase, index: BoundaryIndex) throws {
        var batch = ParsedBatch()
        for k in range {
            // Every tenth tip lies outside every commune.
            let location = k % 10 == 9 ? Coordinate(x: 107.5, y: 11.5) : Coordinate(x: 106.0005 + Double(k % 9) * 0.002, y: 10.004)
            batch.tips.append(NewTip(externalID: "b\(k)", source: "bulk", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000 + Int64(k % 13)),
                                     category: .criminal, channel: .other, location: location))
            batch.hilbertKeys.append(HilbertKey.key(location))
        }
        batch.assignments = try index.assign(batch.tips.map(\.location))
        let result = try TipStore(database: database).insert(batch.tips, assignments: batch.assignments, hilbertKeys: batch.hilbertKeys, bulkLoad: load)
        load.keys.add(batch, ids: result.ids)
    }

    static func pendingLoads(_ database: GeoDatabase) throws -> [Int64] {
        try database.writer.sync { c in
            var firsts: [Int64] = []
            try c.prepare("SELECT first_tip_id FROM tip_bulk_loads ORDER BY first_tip_id").forEachRow { firsts.append($0.int64(0)) }
            return firsts
        }
    }

    @Test("a bulk load that stops between batches, even after another process healed it half-way, is healed on the next open")
    func stoppedBetweenBatches() throws {
        let database = try TestSupport.rulesDatabase()
        let index = try RegionStore(database: database).boundaryIndex()
        let load = try database.writer.sync { try BulkLoad.begin($0) }
        try Self.storeBatch(0..<100, of: load, in: database, index: index)
        // Between batches: triggers in place for everyone, the load's tips left out and recorded.
        #expect(try database.writer.sync { c in try ShadowTable.all.allSatisfy { try $0.isMaintained(c) } })
        #expect(try database.writer.sync { try $0.scalarInt("SELECT count(*) FROM tip_cells") } == 0)
        #expect(try Self.pendingLoads(database) == [1])
        // Another process opens the database: it adds the rows and forgets the load's row...
        let other = try GeoDatabase.open(path: database.path)
        try TipImportTests.expectCommunesConsistent(other)
        #expect(try Self.pendingLoads(database) == [])
        // ...which the load's next batch writes again, from its own first tip.
        try Self.storeBatch(100..<200, of: load, in: database, index: index)
        #expect(try Self.pendingLoads(database) == [101])
        // A batch that fails rolls back with the triggers and rows as they were.
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try database.writer.sync { c in try c.transaction { try BulkLoad.begin(c).batch(c) { throw Failure() } } }
        }
        #expect(try database.writer.sync { c in try ShadowTable.all.allSatisfy { try $0.isMaintained(c) } })
        #expect(try Self.pendingLoads(database) == [101])
        // The load stops here (a kill): the next open heals.
        let reopened = try GeoDatabase.open(path: database.path)
        try TipImportTests.expectCommunesConsistent(reopened)
        #expect(try Self.pendingLoads(reopened) == [])
        #expect(try reopened.writer.sync { try $0.scalarInt("SELECT count(*) FROM tip_cells") } == 200)
    }

    @Test("a bulk load that finishes after another process healed it half-way appends the rest exactly")
    func finishedAfterHeal() throws {
        let database = try TestSupport.rulesDatabase()
        let index = try RegionStore(database: database).boundaryIndex()
        let load = try database.writer.sync { try BulkLoad.begin($0) }
        try Self.storeBatch(0..<100, of: load, in: database, index: index)
        _ = try GeoDatabase.open(path: database.path)
        try Self.storeBatch(100..<250, of: load, in: database, index: index)
        try database.writer.sync { try load.finish($0) }
        try TipImportTests.expectCommunesConsistent(database)
        #expect(try Self.pendingLoads(database) == [])
        // Two loads at once: the one that finishes first does not forget the other's tips.
        let (first, second) = try database.writer.sync { (try BulkLoad.begin($0), try BulkLoad.begin($0)) }
        try Self.storeBatch(250..<300, of: first, in: database, index: index)
        try Self.storeBatch(300..<350, of: second, in: database, index: index)
        try database.writer.sync { try first.finish($0) }
        #expect(try Self.pendingLoads(database) == [301])
        let reopened = try GeoDatabase.open(path: database.path)
        try TipImportTests.expectCommunesConsistent(reopened)
    }

    @Test("tips of a bulk load that another writer moves, reassigns or deletes before the load finishes leave no stale rows", arguments: [false, true])
    func changedBeforeTheAppend(healedHalfWay: Bool) throws {
        let database = try TestSupport.rulesDatabase()
        let other = try GeoDatabase.open(path: database.path)
        let index = try RegionStore(database: database).boundaryIndex()
        let load = try database.writer.sync { try BulkLoad.begin($0) }
        try Self.storeBatch(0..<100, of: load, in: database, index: index)
        if healedHalfWay { _ = try GeoDatabase.open(path: database.path) }
        try other.writer.sync { c in
            try c.execute("UPDATE tips SET commune_code = '11', reported_at = '2025-02-02T00:00:00Z' WHERE id = 5")
            try c.execute("UPDATE tips SET lon = lon + 0.001, hilbert = hilbert + 1 WHERE id = 6")
            try c.execute("UPDATE tips SET commune_code = NULL WHERE id = 7")
            try c.execute("DELETE FROM tips WHERE id = 8")
        }
        try Self.storeBatch(100..<200, of: load, in: database, index: index)
        try database.writer.sync { try load.finish($0) }
        try TipImportTests.expectCommunesConsistent(database)
        #expect(try Self.pendingLoads(database) == [])
    }
}

