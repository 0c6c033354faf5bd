import Foundation
import Testing
@testable import GeoIncidents

/// The tips listing reads rows straight into cells; they must be the cells a `TipRecord`
/// gives, whatever other tools left in the table.
@Suite("The tips listing")
struct TipListingTests {
    /// One tip's cells as `geoq tips list` wrote them from a `TipRecord` before issue 20's
    /// batches: the reference.
    static func referenceCells(_ t: TipRecord, clipped: Bool) -> (inout TableWriter.RowWriter) -> Void {
        { row in
            row.integer(t.id)
            row.text(t.externalID ?? "")
            row.text(t.reportedAt.iso8601)
            row.text(t.category.rawValue)
            row.text(t.channel.rawValue)
            row.text(t.source)
            row.fixed(t.location.x, 6)
            row.fixed(t.location.y, 6)
            row.text(t.assignment.provinceCode ?? "")
            row.text(t.assignment.communeCode ?? "")
            row.text(t.assignment.neighbourhoodCode ?? "")
            row.text(t.assignment.method.rawValue)
            if let distance = t.assignment.boundaryDistanceMeters { row.fixed(distance, 1) } else { row.empty() }
            row.text(t.status.rawValue)
            row.text(clipped ? String((t.description ?? "").prefix(40)) : (t.description ?? ""))
        }
    }

    /// The snapshot tests' database with what other tools may leave in each listed column:
    /// codes outside the vocabularies (checks off), NULs, invalid UTF-8, text canonically
    /// equal to a code, times in other forms or not times at all, external ids of every
    /// storage class, distances as text, a tip whose source row is gone.
    static func database() throws -> GeoDatabase {
        let database = try TipPageSnapshotTests.database()
        try database.writer.sync { connection in
            try connection.execute("PRAGMA ignore_check_constraints=ON")
            try connection.execute("PRAGMA foreign_keys=OFF")
            for sql in [
                "UPDATE tips SET category = 'bogus', channel = CAST(X'6F7468657200FF' AS TEXT) WHERE id = 1",
                "UPDATE tips SET category = CAST(X'6669726500' AS TEXT), status = CAST(X'76657269666965640041' AS TEXT) WHERE id = 2",
                "UPDATE tips SET assignment_method = 'weird', status = 'nope' WHERE id = 3",
                "UPDATE tips SET assignment_method = CAST(X'696E736964FF' AS TEXT) WHERE id = 4",
                "UPDATE tips SET reported_at = '2025-03-01 10:00:00+07:00' WHERE id = 5",
                "UPDATE tips SET reported_at = '2025-02-30T00:00:00Z' WHERE id = 6",
                "UPDATE tips SET reported_at = CAST(X'323032352D30332D30315431303A30303A30305A00' AS TEXT) WHERE id = 8",
                "UPDATE tips SET reported_at = '2025-03-01' WHERE id = 9",
                "UPDATE tips SET reported_at = 20250301 WHERE id = 10",
                "UPDATE tips SET external_id = 42 WHERE id = 11",
                "UPDATE tips SET external_id = -9223372036854775808 WHERE id = 12",
                "UPDATE tips SET external_id = 1.5 WHERE id = 13",
                "UPDATE tips SET external_id = X'00FF' WHERE id = 14",
                "UPDATE tips SET external_id = CAST(X'61002C62' AS TEXT) WHERE id = 15",
                "UPDATE tips SET external_id = 'Tin \"số\" 7, khu\n3' WHERE id = 16",
                "UPDATE tips SET external_id = NULL WHERE id = 17",
                "UPDATE tips SET boundary_distance_m = NULL WHERE id = 18",
                "UPDATE tips SET boundary_distance_m = 'far' WHERE id = 19",
                "UPDATE tips SET boundary_distance_m = 1e308, lon = -0.0, lat = 'x' WHERE id = 20",
                "UPDATE tips SET province_code = NULL, commune_code = CAST(X'41FF42' AS TEXT), neighbourhood_code = CAST(X'3100' AS TEXT) WHERE id = 21",
                "UPDATE tips SET description = 'Nhóm thanh niên tụ tập cầm hung khí ở đầu hẻm 12, gần chợ \"Xóm Mới\"' WHERE id = 22",
                "UPDATE tips SET description = 'e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}' WHERE id = 23",
                "UPDATE tips SET description = CAST(X'410042' AS TEXT) WHERE id = 24",
                "UPDATE tips SET description = '' WHERE id = 25",
                "UPDATE tips SET category = 'social_evi\u{212A}' WHERE id = 26",
                "INSERT INTO tip_sources (id, name) VALUES (77, CAST(X'4E68C3B36D00FF' AS TEXT))",
                "UPDATE tips SET source_id = 77 WHERE id IN (27, 28)",
                "UPDATE tips SET source_id = 999 WHERE id IN (29, 31)",
            ] { try connection.execute(sql) }
            try connection.execute("PRAGMA ignore_check_constraints=OFF")
            try connection.execute("PRAGMA foreign_keys=ON")
        }
        return database
    }

    @Test("rows read in batches give the records' cells byte for byte in every format, clipped or not, across batch edges and filters")
    func sameAsRecords() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        var communeFilter = TipFilter()
        communeFilter.communeCodes = Array(Set(try store.list(limit: 200).compactMap(\.assignment.communeCode)).sorted().prefix(2))
        var statusFilter = TipFilter()
        statusFilter.statuses = [.verified, .received]
        let cases: [(TipFilter, Int64?, Int)] = [
            (TipFilter(), nil, 100), (TipFilter(), nil, 5_000), (TipFilter(), 20, 13), (TipFilter(), nil, 0), (TipFilter(), 3_002, 10),
            (communeFilter, nil, 500), (statusFilter, 10, 1_000),
        ]
        for (filter, after, limit) in cases {
            let records = try store.list(filter, afterID: after, limit: limit)
            for clipped in [false, true] {
                var reference = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
                for record in records { reference.addRow(Self.referenceCells(record, clipped: clipped)) }
                for batchSize in [1, 7, TipListing.batchSize] {
                    var listed = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
                    var batches = 0
                    try store.forEachListingBatch(filter, afterID: after, limit: limit, batchSize: batchSize) { rows in
                        #expect(rows.count > 0 && rows.count <= batchSize)
                        listed.append(rowsOf: rows.table(clipped: clipped))
                        batches += 1
                    }
                    let context = "limit \(limit) after \(after ?? 0) batch \(batchSize) clipped \(clipped)"
                    #expect(listed.rowCount == records.count, "\(context)")
                    #expect(batches == (records.count + batchSize - 1) / batchSize, "\(context)")
                    #expect(listed.csv() == reference.csv(), "\(context)")
                    #expect(listed.text() == reference.text(), "\(context)")
                    #expect(listed.json() == reference.json(), "\(context)")
                }
            }
        }
        // The odd rows are among those compared, and the orphans are left out as the join leaves them.
        let all = try store.list(limit: 5_000)
        #expect(all.count == 3_000)
        #expect(Set(all.map(\.id)).isDisjoint(with: [29, 31]))
        #expect(all.first { $0.id == 26 }?.category == .other)
        #expect(all.first { $0.id == 2 }?.status == .verified)
    }

    @Test("long descriptions close a batch early: each holds about batchTextBytes of text at most, and the rows are the records'")
    func batchesByBytes() throws {
        let database = try Self.database()
        try database.writer.sync { try $0.execute("UPDATE tips SET description = printf('%.*c', 1500000, 'x') || id WHERE id BETWEEN 100 AND 111") }
        let store = TipStore(database: database)
        var reference = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
        for record in try store.list(limit: 5_000) { reference.addRow(Self.referenceCells(record, clipped: false)) }
        var listed = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
        var batches: [(rows: Int, bytes: Int)] = []
        try store.forEachListingBatch(TipFilter(), afterID: nil, limit: 5_000) { rows in
            batches.append((rows.count, rows.textBytes))
            listed.append(rowsOf: rows.table())
        }
        #expect(listed.csv() == reference.csv())
        #expect(batches.count >= 4)
        #expect(batches.allSatisfy { $0.bytes < TipListing.batchTextBytes + 1_600_000 })
        // Every batch but the last closed at the byte mark or at full size, not earlier.
        #expect(batches.dropLast().allSatisfy { $0.bytes >= TipListing.batchTextBytes || $0.rows == TipListing.batchSize })
    }

    @Test("the listing's CSV handed over in batches is the same CSV written row by row")
    func streamedListing() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        var reference = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
        for record in try store.list(limit: 5_000) { reference.addRow(Self.referenceCells(record, clipped: false)) }
        let written = Mutex<[UInt8]>([])
        try CSVStream.write(header: TipListing.header, batches: { send in
            try store.forEachListingBatch(TipFilter(), afterID: nil, limit: 5_000, batchSize: 64, send)
        }, table: { $0.table() }, to: { bytes in written.withLock { $0 += bytes } })
        #expect(written.withLock { String(decoding: $0, as: UTF8.self) } == reference.csv())
    }
}

import Synchronization
