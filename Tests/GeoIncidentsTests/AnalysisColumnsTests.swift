import Foundation
import Glibc
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

/// The analysis columns must select exactly the tips SQL reads, for every filter, and their
/// file must never stand for another state of the database.
@Suite("Analysis columns")
struct AnalysisColumnsTests {
    /// The snapshot tests' database (odd texts, moved statuses, a tip outside every commune),
    /// grouped into incidents, with unit codes other tools may leave: one in NFD, one with
    /// invalid UTF-8, one with a NUL.
    static func database() throws -> GeoDatabase {
        let database = try TipPageSnapshotTests.database()
        _ = try IncidentStore(database: database).catchUp()
        try database.writer.sync { connection in
            let code = try connection.scalarText("SELECT neighbourhood_code FROM tips WHERE neighbourhood_code IS NOT NULL LIMIT 1") ?? "x"
            try connection.execute("UPDATE tips SET neighbourhood_code = 'Phu\u{0300}' WHERE id IN (11, 12)")
            try connection.execute("UPDATE tips SET neighbourhood_code = 'Ph\u{00F9}' WHERE id = 13")
            try connection.execute("UPDATE tips SET neighbourhood_code = CAST(X'41FF42' AS TEXT) WHERE id = 14")
            try connection.execute("UPDATE tips SET neighbourhood_code = CAST(X'41FE42' AS TEXT) WHERE id = 15")
            try connection.execute("UPDATE tips SET neighbourhood_code = CAST(X'\(Array(code.utf8).map { String(format: "%02X", $0) }.joined())0041' AS TEXT) WHERE id = 16")
        }
        return database
    }

    /// The columns read from SQL (without the anchors they carry) and the anchors.
    static func read(_ database: GeoDatabase) throws -> (AnalysisColumns, [Int64]) {
        var (columns, anchors) = try AnalysisInput(database: database, columnFile: false).currentColumns(anchors: true)
        columns.anchors = nil
        return (columns, try #require(anchors))
    }

    @Test("the incidents' anchors travel with the columns' file at its version, and are read again once the data moved")
    func anchorsInTheFile() throws {
        let database = try Self.database()
        let columnPath = AnalysisColumnFile.path(for: database.path)
        try? FileManager.default.removeItem(atPath: columnPath)
        let sqlAnchors = { try database.reader.sync { connection in
            var ids: [Int64] = []
            try connection.prepare("SELECT anchor_tip_id FROM incidents ORDER BY anchor_tip_id").forEachRow { ids.append($0.int64(0)) }
            return ids
        } }
        let (_, anchors) = try AnalysisInput(database: database).currentColumns(anchors: true)
        #expect(anchors == (try sqlAnchors()) && anchors?.isEmpty == false)
        #expect(AnalysisColumnFile.load(columnPath)?.anchors == anchors, "saved with the file")
        let (_, fromFile) = try AnalysisInput(database: database).currentColumns(anchors: true)
        #expect(fromFile == anchors)
        // Grouping changes the anchors and moves the version: the file's anchors are not used.
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.execute("DELETE FROM incident_members WHERE incident_id = (SELECT min(id) FROM incidents)")
                try connection.execute("DELETE FROM incidents WHERE id = (SELECT min(id) FROM incidents)")
                try connection.bumpDataVersion()
            }
        }
        let (_, after) = try AnalysisInput(database: database).currentColumns(anchors: true)
        #expect(after == (try sqlAnchors()) && after != anchors)
        // A damaged anchor list (not ascending) makes the whole file unusable.
        var bad = try #require(AnalysisColumnFile.load(columnPath))
        bad.anchors = [5, 3]
        let decoded = AnalysisColumnFile.encode(bad).withUnsafeBytes { AnalysisColumnFile.decode($0) }
        #expect(decoded == nil)
    }

    @Test("the anchors are caught up by the change log: an incident added, re-anchored or removed, by grouping or by hand, and new tips grouped")
    func anchorsCaughtUp() throws {
        let database = try Self.database()
        let sqlAnchors = { try database.reader.sync { connection in
            var ids: [Int64] = []
            try connection.prepare("SELECT anchor_tip_id FROM incidents ORDER BY anchor_tip_id").forEachRow { ids.append($0.int64(0)) }
            return ids
        } }
        let (base, anchors) = try AnalysisInput(database: database, columnFile: false).currentColumns(anchors: true)
        let initial = try sqlAnchors()
        #expect(base.anchors == anchors && anchors == initial)
        let held = try #require(anchors)
        let others = base.ids.filter { held.sortedIndex(of: $0) == nil }
        #expect(others.count >= 2)
        try database.writer.sync { connection in
            try connection.transaction {
                // A new incident on a tip that anchored none, another moved to a tip that anchored none,
                // a third removed; a status change that moves no anchor.
                try connection.run("""
                    INSERT INTO incidents (anchor_tip_id, status, first_reported_at, last_reported_at, tips, copies, corroborations, repeats, categories, channels, sources)
                    SELECT ?, status, first_reported_at, last_reported_at, tips, copies, corroborations, repeats, categories, channels, sources FROM incidents LIMIT 1
                    """, [.int(others[0])])
                try connection.run("UPDATE incidents SET anchor_tip_id = ? WHERE anchor_tip_id = ?", [.int(others[1]), .int(held[1])])
                try connection.run("DELETE FROM incidents WHERE anchor_tip_id = ?", [.int(held[0])])
                try connection.run("UPDATE tips SET status = 'verified' WHERE id = ?", [.int(held[2])])
                try connection.bumpDataVersion()
            }
        }
        let caughtUp = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: base) }
        }
        #expect(!caughtUp.readWhole)
        let afterEdits = try sqlAnchors()
        #expect(caughtUp.columns.anchors == afterEdits, "caught up, not dropped to be read whole")
        #expect(caughtUp.columns.anchors != anchors)

        // New tips grouped by the incident store: some start incidents, some join one.
        let before = caughtUp.columns
        let tips = try TipStore(database: database).unitTips()
        var added: [NewTip] = []
        for k in 0..<6 {
            let place = tips.points.coordinates[k % tips.count]
            var tip = NewTip(source: "test", reportedAt: Timestamp(secondsSinceEpoch: 1_740_000_000 + Int64(k)), category: .criminal, channel: .hotline, location: place)
            tip.description = "anchor catch-up \(k)"
            added.append(tip)
        }
        let index = try RegionStore(database: database).boundaryIndex()
        _ = try TipStore(database: database).insert(added, assignments: try index.assign(added.map(\.location)))
        _ = try IncidentStore(database: database).catchUp()
        let grouped = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: before) }
        }
        let afterGrouping = try sqlAnchors()
        #expect(!grouped.readWhole && grouped.columns.anchors == afterGrouping && grouped.columns.anchors != before.anchors)

        // An anchor moved by INSERT OR REPLACE (no delete trigger fires), a merge and a split.
        let third = grouped.columns
        let (held3, others3) = (try #require(third.anchors), third.ids.filter { (third.anchors ?? []).sortedIndex(of: $0) == nil })
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("""
                    INSERT OR REPLACE INTO incidents (id, anchor_tip_id, status, first_reported_at, last_reported_at, tips, copies, corroborations, repeats, categories, channels, sources)
                    SELECT id, ?, status, first_reported_at, last_reported_at, tips, copies, corroborations, repeats, categories, channels, sources FROM incidents WHERE anchor_tip_id = ?
                    """, [.int(others3[0]), .int(held3[3])])
                try connection.bumpDataVersion()
            }
        }
        let incidents = IncidentStore(database: database)
        let pair = try database.reader.sync { connection in
            var ids: [Int64] = []
            try connection.prepare("SELECT id FROM incidents ORDER BY tips DESC, id LIMIT 2").forEachRow { ids.append($0.int64(0)) }
            return ids
        }
        let merged = try incidents.merge(pair[1], with: pair[0], actor: "test")
        let member = try database.reader.sync { try $0.scalarInt("SELECT tip_id FROM incident_members WHERE incident_id = ? ORDER BY tip_id DESC LIMIT 1", [.int(merged.id)]) }
        _ = try incidents.split(tip: try #require(member), actor: "test")
        let decided = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: third) }
        }
        let afterDecisions = try sqlAnchors()
        #expect(!decided.readWhole && decided.columns.anchors == afterDecisions && afterDecisions != third.anchors)
    }

    @Test("log entries for tips newer than the columns' last do not count against the patch limit: an import's new anchors are read as added")
    func newerEntriesOutsideTheLimit() throws {
        let database = try Self.database()
        let (base, _) = try AnalysisInput(database: database, columnFile: false).currentColumns(anchors: true)
        let last = try #require(base.ids.last)
        let many = AnalysisColumns.patchLimit(count: base.count) + 5
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("""
                    WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?)
                    INSERT INTO tip_changes (tip_id) SELECT ? + n FROM k
                    """, [.int(many), .int(last)])
                try connection.bumpDataVersion()
            }
        }
        let standing = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try base.standing(connection, try AnalysisColumns.Counters(connection)) }
        }
        guard case .behind = standing else { Issue.record("\(standing): \(many) entries above the last tip held made the columns stale"); return }
        // The same number of entries for tips held is too many to patch.
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("""
                    WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ?)
                    INSERT INTO tip_changes (tip_id) SELECT ? FROM k
                    """, [.int(many), .int(last)])
                try connection.bumpDataVersion()
            }
        }
        let tooMany = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try base.standing(connection, try AnalysisColumns.Counters(connection)) }
        }
        guard case .stale = tooMany else { Issue.record("\(tooMany): \(many) entries for held tips were patched"); return }
    }

    static func expectSame(_ a: TipPoints, _ b: TipPoints, _ what: String) {
        #expect(a.coordinates == b.coordinates, "\(what): coordinates")
        #expect(a.times == b.times, "\(what): times")
        #expect(a.categories == b.categories, "\(what): categories")
        #expect(a.radii == b.radii, "\(what): radii")
    }

    static func expectSame(_ a: UnitTips, _ b: UnitTips, _ what: String) {
        #expect(a.ids == b.ids, "\(what): ids")
        expectSame(a.points, b.points, what)
        #expect(a.provinces == b.provinces && a.provinceCodes == b.provinceCodes, "\(what): provinces")
        #expect(a.communes == b.communes && a.communeCodes == b.communeCodes, "\(what): communes")
        #expect(a.neighbourhoods == b.neighbourhoods, "\(what): neighbourhoods")
        #expect(a.neighbourhoodCodes.map { Array($0.utf8) } == b.neighbourhoodCodes.map { Array($0.utf8) }, "\(what): neighbourhood codes")
    }

    @Test("random filters select what SQL reads: the same tips, points, times, radii and unit tables")
    func sameAsSQL() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        let (columns, anchors) = try Self.read(database)
        #expect(columns.count == 3_002)
        let extent = try #require(try store.extent().box)
        let tips = try store.list(limit: 5_000)
        let communes = tips.compactMap(\.assignment.communeCode), provinces = tips.compactMap(\.assignment.provinceCode)
        let neighbourhoods = tips.compactMap(\.assignment.neighbourhoodCode) + ["Phu\u{0300}", "Ph\u{00F9}"]
        var random = SystemRandomNumberGenerator()
        var selected = 0
        for trial in 0..<120 {
            var filter = TipFilter()
            if trial % 2 == 0 { filter.unit = .incidents }
            if trial % 3 == 0 {
                let w = Double.random(in: 0.01...0.4, using: &random) * (extent.maxX - extent.minX)
                let h = Double.random(in: 0.01...0.4, using: &random) * (extent.maxY - extent.minY)
                let x = Double.random(in: extent.minX...extent.maxX, using: &random), y = Double.random(in: extent.minY...extent.maxY, using: &random)
                filter.boundingBox = BoundingBox(minX: x - w / 2, minY: y - h / 2, maxX: x + w / 2, maxY: y + h / 2)
            }
            if trial % 9 == 2 { filter.provinceCodes = [provinces.randomElement(using: &random)!] }
            if trial % 5 == 4 { filter.neighbourhoodCodes = [neighbourhoods.randomElement(using: &random)!, "Phu\u{0300}"] }
            if trial % 13 == 5 { filter.since = tips.randomElement(using: &random)!.reportedAt }
            if trial % 7 == 3 { filter.categories = [TipCategory.allCases.randomElement(using: &random)!, .criminal] }
            if trial % 10 == 0 { filter.statuses = [.verified, .received] }
            if trial % 11 == 0 { filter.channels = [TipChannel.allCases.randomElement(using: &random)!] }
            if trial % 4 == 1 { filter.communeCodes = [communes.randomElement(using: &random)!, "no-such-code"] }
            if trial % 6 == 1 {
                filter.since = Timestamp(secondsSinceEpoch: 1_735_000_000 + Int64.random(in: 0...20_000_000, using: &random))
                filter.until = Timestamp(secondsSinceEpoch: filter.since!.secondsSinceEpoch + Int64.random(in: 1...20_000_000, using: &random))
            }
            let positions = try #require(try columns.positions(filter, anchors: anchors), "\(filter.summary)")
            Self.expectSame(columns.unitTips(at: positions), try store.unitTips(filter), filter.summary)
            Self.expectSame(columns.points(at: positions), try store.points(filter), filter.summary)
            selected += positions.count
        }
        #expect(selected > 10_000)
        // Every tip, both units: the odd codes come out as SQL's strings.
        for unit in [CountingUnit.tips, .incidents] {
            var filter = TipFilter()
            filter.unit = unit
            let all = columns.unitTips(at: try #require(try columns.positions(filter, anchors: anchors)))
            Self.expectSame(all, try store.unitTips(filter), "unit \(unit)")
            #expect(unit == .tips ? all.count == 3_002 : all.count < 3_002)
        }
    }

    @Test("tips with units made after a grid's points of the same filter take those points, and still read as SQL does")
    func unitTipsAfterPoints() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        let input = AnalysisInput(database: database, columnFile: false)
        let version = try input.version()
        var filters = [TipFilter](repeating: TipFilter(), count: 3)
        filters[1].unit = .incidents
        filters[2].unit = .incidents
        filters[2].categories = [.socialEvil, .criminal]
        for filter in filters {
            let points = try input.tipPoints(filter, version: version)
            let tips = try input.unitTips(filter, version: version)
            Self.expectSame(tips, try store.unitTips(filter), filter.summary)
            #expect(tips.points.coordinates == points.coordinates && tips.points.times == points.times, "\(filter.summary)")
        }
        // Points of other positions (a count that does not match) are not taken.
        let (columns, anchors) = try Self.read(database)
        let positions = try #require(try columns.positions(TipFilter(), anchors: anchors))
        let other = columns.points(at: Array(positions.dropFirst()))
        Self.expectSame(columns.unitTips(at: positions, points: other), try store.unitTips(TipFilter()), "mismatched points")
    }

    @Test("points selected before another writer changed which tips match are not lent to tips with units under the same version key")
    func unitTipsAfterAnotherWriter() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        let input = AnalysisInput(database: database, columnFile: false)
        var filter = TipFilter()
        filter.statuses = [.received]
        // The version read first, as a command reads it before the columns catch up.
        let version = try input.version()
        let before = try input.tipPoints(filter, version: version)
        // Another writer: a matching tip leaves the filter and another comes in, far away: as many match.
        try database.writer.sync { connection in
            let leaving = try #require(try connection.scalarInt("SELECT id FROM tips WHERE status = 'received' ORDER BY lon LIMIT 1"))
            let coming = try #require(try connection.scalarInt("SELECT id FROM tips WHERE status <> 'received' ORDER BY lon DESC LIMIT 1"))
            try connection.execute("UPDATE tips SET status = 'verified' WHERE id = \(leaving)")
            try connection.execute("UPDATE tips SET status = 'received' WHERE id = \(coming)")
        }
        let tips = try input.unitTips(filter, version: version)
        #expect(tips.count == before.count)
        Self.expectSame(tips, try store.unitTips(filter), "after another writer")
    }

    @Test("crosstabs counted over the columns equal SQL's: every dimension, column grouping, filter and unit")
    func crosstabs() throws {
        let database = try Self.database()
        // Times near the edges of Vietnam's day, week, month and year (UTC+7).
        try database.writer.sync { connection in
            for (id, time) in [(31, "2024-12-31T16:59:59Z"), (32, "2024-12-31T17:00:00Z"), (33, "2025-03-02T16:59:59Z"), (34, "2025-03-02T17:00:00Z"),
                               (35, "2024-02-28T17:00:00Z"), (36, "2023-01-01T00:00:00Z")] {
                try connection.execute("UPDATE tips SET reported_at = '\(time)' WHERE id = \(id)")
            }
        }
        let input = AnalysisInput(database: database, columnFile: false)
        let store = TipStore(database: database)
        let dimensionSets: [[StatsDimension]] = [[.commune], [.province], [.neighbourhood], [.category], [.channel], [.status], [.week], [.month],
                                                 [.province, .commune], [.month, .category], [.week, .neighbourhood], [.commune, .status, .channel], [.month, .month]]
        for (n, dimensions) in dimensionSets.enumerated() {
            for columns in StatsColumns.allCases {
                var filter = TipFilter()
                if n % 2 == 0 { filter.unit = .incidents }
                if n % 3 == 1 { filter.categories = [.criminal, .socialEvil, .fire] }
                if n % 4 == 2 { filter.since = Timestamp(secondsSinceEpoch: 1_735_000_000) }
                let ours = try input.crosstab(by: dimensions, columns: columns, filter: filter)
                let sql = try store.crosstab(by: dimensions, columns: columns, filter: filter)
                let what = "\(dimensions) × \(columns) (\(filter.summary))"
                #expect(ours.rows.map(\.keys) == sql.rows.map(\.keys), "\(what): keys")
                #expect(ours.rows.map(\.names) == sql.rows.map(\.names), "\(what): names")
                #expect(ours.rows.map(\.counts) == sql.rows.map(\.counts) && ours.rows.map(\.total) == sql.rows.map(\.total), "\(what): counts")
                #expect(ours.totals == sql.totals && ours.columns == sql.columns, "\(what): totals")
            }
        }
        // No more dimensions than there are kinds, on either path: a request repeating `by`
        // must not make a key column per repetition.
        let nine = [StatsDimension](repeating: .week, count: 9)
        #expect(throws: GeoIncidentsError.self) { try input.crosstab(by: nine) }
        #expect(throws: GeoIncidentsError.self) { try store.crosstab(by: nine) }
        #expect(try input.crosstab(by: StatsDimension.allCases).totals.last == (try store.crosstab(by: StatsDimension.allCases).totals.last))
        // The columns answered (not SQL behind them): the groups exist for these filters.
        let (columns, anchors) = try Self.read(database)
        let positions = try #require(try columns.positions(TipFilter(), anchors: anchors))
        #expect(columns.crosstabGroups(positions, by: [.week, .commune], columns: .group)?.isEmpty == false)
    }

    @Test("a stored time is canonical exactly when SQLite's epoch seconds write it back, and then they are SQLite's")
    func canonicalTimes() throws {
        let database = try TestSupport.freshDatabase()
        var random = SystemRandomNumberGenerator()
        var texts = ["2025-02-28T23:59:59Z", "2025-02-29T00:00:00Z", "2024-02-29T12:00:00Z", "2025-04-31T00:00:00Z", "2025-01-01T24:00:00Z",
                     "2025-01-01T23:60:00Z", "2025-01-01T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2025-1-01T00:00:00Z",
                     "2025-01-01 00:00:00Z", "2025-01-01T00:00:00", "2025-01-01T00:00:00+07:00", "2025-01-01T00:00:00.5Z", "2025-13-01T00:00:00Z",
                     "2025-00-10T00:00:00Z", "2025-01-00T00:00:00Z", "abcd-01-01T00:00:00Z", "", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z"]
        for _ in 0..<3_000 {
            let t = Timestamp(secondsSinceEpoch: Int64.random(in: -62_167_219_200...253_402_300_799, using: &random)).iso8601
            var bytes = Array(t.utf8)
            if Bool.random(using: &random) { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0x2F...0x3A, using: &random) }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        try database.reader.sync { connection in
            for text in texts {
                let statement = try connection.prepare("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', ?1) IS ?1, unixepoch(?1)")
                try statement.bind([.text(text)])
                var sqlite: (Bool, Int64?) = (false, nil)
                try statement.forEachRow { sqlite = ($0.int(0) == 1, $0.isNull(1) ? nil : $0.int64(1)) }
                var text = text
                let ours = text.withUTF8 { Timestamp.canonicalSeconds($0) }
                // Canonical: the text and SQLite's epoch seconds name each other one to one, so
                // comparing either orders alike. (SQLite's own strftime also gives back texts
                // such as 2025-02-29 or 24:00:00, whose seconds another text shares.)
                let roundTrip = sqlite.1.map { Timestamp(secondsSinceEpoch: $0).iso8601 == text } ?? false
                #expect((ours != nil) == roundTrip, "\(text)")
                if let ours { #expect(ours == sqlite.1 && sqlite.0, "\(text)") }
            }
        }
    }

    @Test("a window ending past year 9999 bounds nothing, one starting past it holds nothing, on both paths")
    func windowsPastTheLastText() throws {
        let database = try Self.database()
        let store = TipStore(database: database)
        let (columns, anchors) = try Self.read(database)
        var open = TipFilter()
        open.until = Timestamp(secondsSinceEpoch: TipFilter.lastTextTime.secondsSinceEpoch + 1)  // 10000-01-01: sorts before "2025" as text
        open.since = Timestamp(secondsSinceEpoch: 0)
        #expect(try store.count(open) == 3_002)
        let positions = try #require(try columns.positions(open, anchors: anchors))
        #expect(positions.count == 3_002)
        Self.expectSame(columns.unitTips(at: positions), try store.unitTips(open), "until 10000")
        var late = TipFilter()
        late.since = open.until
        late.until = Timestamp(secondsSinceEpoch: open.until!.secondsSinceEpoch + 86_400)
        #expect(try store.count(late) == 0)
        #expect(try columns.positions(late, anchors: anchors) == [])
        var edge = TipFilter()
        edge.until = TipFilter.lastTextTime
        #expect(try store.count(edge) == 3_002)
    }

    @Test("a CQL2 filter, or a time window over a stored time in another form, is left to SQL; other filters still select")
    func leftToSQL() throws {
        let database = try Self.database()
        try database.writer.sync { try $0.execute("UPDATE tips SET reported_at = '2025-03-01 10:00:00Z' WHERE id = 8") }
        let (columns, anchors) = try Self.read(database)
        var timed = TipFilter()
        timed.since = Timestamp(secondsSinceEpoch: 1_700_000_000)
        #expect(try columns.positions(timed, anchors: anchors) == nil)
        var cql = TipFilter()
        cql.cql2 = try CQL2Filter.parse("category = 'fire'")
        #expect(try columns.positions(cql, anchors: anchors) == nil)
        var plain = TipFilter()
        plain.categories = [.fire, .criminal]
        let positions = try #require(try columns.positions(plain, anchors: anchors))
        Self.expectSame(columns.unitTips(at: positions), try TipStore(database: database).unitTips(plain), "categories")
        // The analyses answer both through SQL: same hot spots as before.
        let input = AnalysisInput(database: database, columnFile: false)
        Self.expectSame(try input.tipPoints(timed, version: 0), try TipStore(database: database).points(timed), "through the input")
    }

    @Test("read from disk as from memory: the same columns; torn, grown or damaged files refused; the sum is the same in pieces")
    func fileOnDisk() throws {
        let database = try Self.database()
        var (columns, anchors) = try Self.read(database)
        columns.anchors = anchors
        let bytes = AnalysisColumnFile.encode(columns)
        let path = TestSupport.temporaryPath("disk.columns")
        func load(_ image: [UInt8]) throws -> AnalysisColumns? {
            try? FileManager.default.removeItem(atPath: path)
            try Data(image).write(to: URL(fileURLWithPath: path))
            return AnalysisColumnFile.load(path)
        }
        let loaded = try #require(try load(bytes))
        #expect(AnalysisColumnFile.encode(loaded) == bytes && loaded.anchors == anchors)
        for cut in [0, 7, 60, bytes.count / 2, bytes.count - 9, bytes.count - 1] { #expect(try load(Array(bytes.prefix(cut))) == nil, "cut at \(cut)") }
        #expect(try load(bytes + [0]) == nil, "a byte more")
        var random = SeededRandom(seed: 3)
        for _ in 0..<40 {
            var flipped = bytes
            flipped[Int(random.next() % UInt64(bytes.count))] ^= 1 << UInt8(random.next() % 8)
            #expect(try load(flipped) == nil)
        }
        // The checksum over random pieces equals the one-shot sum.
        for _ in 0..<20 {
            var sum = AnalysisColumnFile.Checksum(length: bytes.count)
            var offset = 0
            while offset < bytes.count {
                let piece = min(bytes.count - offset, Int(random.next() % 23))
                bytes.withUnsafeBytes { sum.add(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + piece)])) }
                offset += piece
            }
            #expect(sum.value == bytes.withUnsafeBytes { AnalysisColumnFile.checksum($0) })
        }
    }

    @Test("the file is read through its buffer in pieces of any size, small and larger than the buffer, to its end and no further")
    func bufferedFileReads() throws {
        var random = SeededRandom(seed: 11)
        let bytes = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let path = TestSupport.temporaryPath("buffered.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for trial in 0..<30 {
            let descriptor = open(path, O_RDONLY)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            var source = AnalysisColumnFile.FileSource(descriptor: descriptor)
            var read: [UInt8] = []
            while read.count < bytes.count {
                // Mostly a few bytes (the header and codes), now and then more than the buffer holds.
                let size = min(bytes.count - read.count, trial % 3 == 0 ? Int(random.next() % 200_000) : Int(random.next() % 9) + (random.next() % 7 == 0 ? 70_000 : 0))
                var piece = [UInt8](repeating: 0, count: size)
                #expect(piece.withUnsafeMutableBytes { source.read(into: $0) })
                read += piece
            }
            #expect(read == bytes, "trial \(trial)")
            var more = [UInt8](repeating: 0, count: 1)
            #expect(!more.withUnsafeMutableBytes { source.read(into: $0) }, "nothing past the end")
        }
    }

    @Test("the file round-trips, and a torn, foreign or damaged file is not used")
    func file() throws {
        let database = try Self.database()
        let (columns, _) = try Self.read(database)
        let bytes = AnalysisColumnFile.encode(columns)
        let back = try #require(bytes.withUnsafeBytes { AnalysisColumnFile.decode($0) })
        #expect(AnalysisColumnFile.encode(back) == bytes)
        #expect(back.codeIndex == columns.codeIndex && back.canonicalTimes == columns.canonicalTimes)
        for cut in [0, 1, 8, 20, 60, bytes.count / 3, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(Array(bytes.prefix(cut)).withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil, "cut at \(cut)")
        }
        #expect((bytes + [0]).withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil)
        // One bit flipped anywhere: the checksum refuses it.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var flipped = bytes
            flipped[Int.random(in: 0..<(bytes.count - 16), using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
            #expect(flipped.withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil)
        }
        // Behind a valid checksum, values a reader indexes with must still be in range.
        let header = 8 + 4 + 4 + 4 + columns.databaseID.utf8.count + 4 + columns.dataToken.utf8.count
        let codesEnd = header + 40 + columns.codes.reduce(0) { $0 + 4 + $1.count }
        let n = columns.count
        for (offset, value) in [(codesEnd + 32 * n + 5, 9 as UInt8),                 // a category past the vocabulary
                                (codesEnd + 39 * n + 3, 0x7F),                        // a province index past the codes
                                (codesEnd + 8, 0)] {                                  // ids no longer ascending
            var damaged = Array(bytes.prefix(bytes.count - 16))
            damaged[offset] = value
            #expect(Self.sealed(damaged).withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil, "offset \(offset)")
        }
        #expect(Self.sealed(Array(bytes.prefix(bytes.count - 16))).withUnsafeBytes { AnalysisColumnFile.decode($0) } != nil)
        // A negative last change (a crafted file behind a valid checksum) is refused, not
        // subtracted from (it overflowed in `standing`).
        var negative = Array(bytes.prefix(bytes.count - 16))
        withUnsafeBytes(of: Int64.min.littleEndian) { negative.replaceSubrange(header + 8..<header + 16, with: $0) }
        #expect(Self.sealed(negative).withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil)
        // Counts that would overflow or outgrow the file: refused, no trap.
        for count in [Int64.max, 1 << 62, Int64(bytes.count)] {
            var huge = Array(bytes.prefix(bytes.count - 16))
            withUnsafeBytes(of: count.littleEndian) { huge.replaceSubrange(header + 24..<header + 32, with: $0) }
            #expect(Self.sealed(huge).withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil)
        }
        for _ in 0..<200 {
            let junk = (0..<Int.random(in: 0...400, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(Self.sealed(Array(bytes.prefix(64)) + junk).withUnsafeBytes { AnalysisColumnFile.decode($0) } == nil)
        }
    }

    /// `payload` with its checksum and trailer.
    static func sealed(_ payload: [UInt8]) -> [UInt8] {
        var out = payload
        withUnsafeBytes(of: payload.withUnsafeBytes { AnalysisColumnFile.checksum($0) }.littleEndian) { out += $0 }
        return out + AnalysisColumnFile.trailer
    }

    @Test("a backup restored and written to again is not taken for the columns of the writes it lost")
    func restoredBackup() throws {
        let database = try Self.database()
        let input = AnalysisInput(database: database)
        _ = try input.currentColumns(anchors: false)
        try database.checkpoint()
        let restored = TestSupport.temporaryPath("restored.sqlite")
        try FileManager.default.copyItem(atPath: database.path, toPath: restored)
        func add(_ database: GeoDatabase, _ k: Int, lon: Double) throws {
            let location = Coordinate(x: lon, y: 11.58)
            _ = try TipStore(database: database).submit(NewTip(externalID: "t\(k)-\(lon)", source: "Nhóm Zalo", reportedAt: Timestamp(secondsSinceEpoch: 1_750_000_000),
                                                              category: .fire, channel: .hotline, description: "Cháy", location: location),
                                                       assignment: try RegionStore(database: database).boundaryIndex().assign(location))
        }
        // Writes the backup will lose, and their columns on file (as the restored copy will find them).
        for k in 0..<3 { try add(database, k, lon: 108.951) }
        let (lost, _) = try input.currentColumns(anchors: false)
        try AnalysisColumnFile.save(lost, to: AnalysisColumnFile.path(for: restored))
        // The restored copy is written to up to the same version: other tips under the same ids.
        let copy = try GeoDatabase.open(path: restored)
        for k in 0..<3 { try add(copy, k, lon: 108.962) }
        let (same, _) = try AnalysisInput(database: copy).currentColumns(anchors: false)
        #expect(same.dataVersion == lost.dataVersion && same.ids == lost.ids)
        #expect(Array(same.lon.suffix(3)) == [108.962, 108.962, 108.962])
        // And beyond it, with the lost columns on file again: the last row tells them apart.
        try AnalysisColumnFile.save(lost, to: AnalysisColumnFile.path(for: restored))
        try add(copy, 9, lon: 108.963)
        let (beyond, _) = try AnalysisInput(database: copy).currentColumns(anchors: false)
        #expect(Array(beyond.lon.suffix(4)) == [108.962, 108.962, 108.962, 108.963])
        #expect(AnalysisColumnFile.encode(beyond) == AnalysisColumnFile.encode(try Self.read(copy).0))
    }

    @Test("a restored backup whose new changes are numbered like the ones it lost: the log entry's token tells them apart")
    func restoredBackupChanges() throws {
        let database = try Self.database()
        try database.checkpoint()
        let backup = TestSupport.temporaryPath("backup.sqlite")
        try FileManager.default.copyItem(atPath: database.path, toPath: backup)
        func change(_ database: GeoDatabase, _ sql: String) throws {
            try database.writer.sync { connection in try connection.transaction { try connection.execute(sql); try connection.bumpDataVersion() } }
        }
        func current(_ database: GeoDatabase, after base: AnalysisColumns?) throws -> (columns: AnalysisColumns, readWhole: Bool, changed: Int) {
            try database.reader.sync { connection in try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: base) } }
        }
        // The columns see tip 20 resolved: a change the backup never had.
        let before = try current(database, after: nil).columns
        try change(database, "UPDATE tips SET status = 'resolved' WHERE id = 20")
        let seen = try current(database, after: before)
        #expect(!seen.readWhole && seen.changed == 1)
        // The backup comes back and takes two other changes: its log reaches one entry past
        // the columns' own, and the last tip is untouched.
        let restored = try GeoDatabase.open(path: backup)
        try change(restored, "UPDATE tips SET status = 'verified' WHERE id = 21")
        try change(restored, "UPDATE tips SET status = 'verified' WHERE id = 22")
        let caught = try current(restored, after: seen.columns)
        #expect(caught.readWhole, "the entry the columns saw is not the backup's")
        Self.expectSameContent(caught.columns, try Self.read(restored).0, "restored")
    }

    @Test("another writer: new tips are caught up, a change rebuilds, the file of another database is ignored")
    func catchUpAndFile() throws {
        let database = try Self.database()
        let columnPath = AnalysisColumnFile.path(for: database.path)
        let input = AnalysisInput(database: database)
        let (first, _) = try input.currentColumns(anchors: false)
        #expect(first.count == 3_002 && FileManager.default.fileExists(atPath: columnPath))
        #expect((try FileManager.default.attributesOfItem(atPath: columnPath)[.posixPermissions] as? Int) == 0o600)
        // Another process adds tips: a new input (a new geoq command) starts from the file
        // and reads only the new tips.
        let other = try GeoDatabase.open(path: database.path)
        let index = try RegionStore(database: other).boundaryIndex()
        for k in 0..<3 {
            let location = Coordinate(x: 108.95 + Double(k) / 1_000, y: 11.58)
            _ = try TipStore(database: other).submit(NewTip(externalID: "later\(k)", source: "Nhóm Zalo", reportedAt: Timestamp(secondsSinceEpoch: 1_750_000_000),
                                                           category: .fire, channel: .hotline, description: "Cháy", location: location),
                                                    assignment: try index.assign(location))
        }
        let (grown, _) = try AnalysisInput(database: database).currentColumns(anchors: false)
        let (fresh, _) = try Self.read(database)
        #expect(grown.count == 3_005 && AnalysisColumnFile.encode(grown) == AnalysisColumnFile.encode(fresh))
        // A change to a stored tip: read whole.
        try other.writer.sync { try $0.execute("UPDATE tips SET lon = lon + 0.001 WHERE id = 3") }
        let (changed, _) = try input.currentColumns(anchors: false)
        #expect(changed.lon[2] != first.lon[2])
        #expect(AnalysisColumnFile.encode(changed) == AnalysisColumnFile.encode(try Self.read(database).0))
        // This database's file beside another database with the same counters: ignored.
        let stranger = try TestSupport.demoDatabase(tips: 50)
        let (version, rewritten) = try database.reader.sync { (try $0.dataVersion(), try $0.metaCounter("tips_rewritten")) }
        try stranger.writer.sync { connection in
            try connection.execute("UPDATE meta SET value = \(version) WHERE key = 'data_version'")
            try connection.execute("UPDATE meta SET value = \(rewritten) WHERE key = 'tips_rewritten'")
        }
        try? FileManager.default.removeItem(atPath: AnalysisColumnFile.path(for: stranger.path))
        try FileManager.default.copyItem(atPath: columnPath, toPath: AnalysisColumnFile.path(for: stranger.path))
        let (theirs, _) = try AnalysisInput(database: stranger).currentColumns(anchors: false)
        #expect(theirs.count == 50)
        // A garbage file: read from SQL, and replaced.
        try Data("GEOQCOLS garbage".utf8).write(to: URL(fileURLWithPath: columnPath))
        let (again, _) = try AnalysisInput(database: database).currentColumns(anchors: false)
        #expect(again.count == 3_005 && AnalysisColumnFile.load(columnPath)?.count == 3_005)
    }
}

extension AnalysisColumnsTests {
    /// The same tips with the same values, unit codes compared as bytes (a patched code table
    /// may hold its codes in another order, or one no tip uses any more).
    static func expectSameContent(_ a: AnalysisColumns, _ b: AnalysisColumns, _ what: String) {
        #expect(a.ids == b.ids, "\(what): ids")
        #expect(a.lon == b.lon && a.lat == b.lat && a.times == b.times && a.radii == b.radii, "\(what): positions, times, radii")
        #expect(a.categories == b.categories && a.channels == b.channels && a.statuses == b.statuses, "\(what): vocabularies")
        #expect(a.canonicalTimes == b.canonicalTimes, "\(what): canonical times")
        func codes(_ c: AnalysisColumns, _ column: [Int32]) -> [[UInt8]?] { column.map { $0 < 0 ? nil : c.codes[Int($0)] } }
        #expect(codes(a, a.provinces) == codes(b, b.provinces) && codes(a, a.communes) == codes(b, b.communes)
                && codes(a, a.neighbourhoods) == codes(b, b.neighbourhoods), "\(what): units")
    }

    @Test("changed tips are re-read one by one: status, position, unit, deletion; a log that no longer reaches back reads whole")
    func changedTipsPatched() throws {
        let database = try Self.database()
        let columnPath = AnalysisColumnFile.path(for: database.path)
        try? FileManager.default.removeItem(atPath: columnPath)
        let first = try database.reader.sync { try Counters.read($0) }.columns
        let other = try GeoDatabase.open(path: database.path)
        func step(_ what: String, _ sql: String, readsWhole: Bool = false, rereads: Bool = true) throws {
            let before = try database.reader.sync { try Counters.read($0) }
            try other.writer.sync { connection in
                try connection.transaction {
                    try connection.execute(sql)
                    try connection.bumpDataVersion()
                }
            }
            let (caughtUp, readWhole, changed) = try database.reader.sync { connection in
                try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: before.columns) }
            }
            let (fresh, _) = try Self.read(database)
            Self.expectSameContent(caughtUp, fresh, what)
            #expect(readWhole == readsWhole, "\(what): read whole")
            if !readsWhole { #expect((changed > 0) == rereads, "\(what): changed tips re-read") }
        }
        try step("status", "UPDATE tips SET status = 'resolved' WHERE id IN (2, 40, 41)")
        try step("position", "UPDATE tips SET lon = lon + 0.01, lat = lat - 0.01 WHERE id = 3")
        try step("a unit code no tip had", "UPDATE tips SET commune_code = 'new-code', neighbourhood_code = NULL WHERE id = 5")
        try step("a time in another form", "UPDATE tips SET reported_at = '2025-06-01 10:00:00' WHERE id = 6")
        try step("deletions", "DELETE FROM tips WHERE id IN (7, 8, 3000)")
        let last = try database.reader.sync { try $0.scalarInt("SELECT max(id) FROM tips") } ?? 0
        try step("the last tip changed", "UPDATE tips SET category = 'fire' WHERE id = \(last)")
        try other.writer.sync { try $0.execute("PRAGMA foreign_keys = OFF") }
        try step("a tip moved to a new id through rowid", "UPDATE tips SET rowid = \(last + 1_000) WHERE id = 15")
        try step("a tip moved below the last held id", "UPDATE tips SET rowid = 7 WHERE id = \(last + 1_000)", readsWhole: true)
        try other.writer.sync { try $0.execute("PRAGMA foreign_keys = ON") }
        try step("a description only: logged and re-read like any update", "UPDATE tips SET description = 'x' WHERE id = 10")
        try step("the log emptied, the columns' own entry with it", "DELETE FROM tip_changes; UPDATE tips SET status = 'verified' WHERE id = 11", readsWhole: true)
        try step("the log pruned past the columns",
                 "UPDATE tips SET status = 'verified' WHERE id = 12; UPDATE tips SET status = 'verified' WHERE id = 14; DELETE FROM tip_changes WHERE tip_id = 12",
                 readsWhole: true)
        let many = AnalysisColumns.patchLimit(count: first.count) + 1
        try step("more changes than re-reading pays for",
                 "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < \(many)) INSERT INTO tip_changes (tip_id) SELECT 12 FROM k",
                 readsWhole: true)
        // The file keeps the last change it includes: a later process patches from there.
        let filed = AnalysisInput(database: database)
        _ = try filed.currentColumns(anchors: false)
        try other.writer.sync { connection in
            try connection.transaction { try connection.execute("UPDATE tips SET status = 'resolved' WHERE id = 13"); try connection.bumpDataVersion() }
        }
        let loaded = try #require(AnalysisColumnFile.load(columnPath))
        let (patched, readWhole, changed) = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: loaded) }
        }
        #expect(!readWhole && changed == 1)
        Self.expectSameContent(patched, try Self.read(database).0, "from the file")
    }

    @Test("the change log keeps its last 100,000 entries, pruned a thousand at a time")
    func changeLogPruned() throws {
        let database = try TestSupport.freshDatabase()
        try database.writer.sync { connection in
            try connection.execute("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 150500) INSERT INTO tip_changes (tip_id) SELECT n FROM k")
        }
        let (count, low, high) = try database.reader.sync { connection in
            (try connection.scalarInt("SELECT count(*) FROM tip_changes"), try connection.scalarInt("SELECT min(seq) FROM tip_changes"),
             try connection.scalarInt("SELECT max(seq) FROM tip_changes"))
        }
        #expect(high == 150_500 && low == 50_001 && count == 100_500)
    }

    /// The columns as they stand now, to catch up from.
    struct Counters {
        var columns: AnalysisColumns
        static func read(_ connection: Connection) throws -> Counters {
            try connection.transaction(immediate: false) { Counters(columns: try AnalysisColumns.current(connection, after: nil).columns) }
        }
    }
}

extension AnalysisColumns: Equatable {
    public static func == (a: AnalysisColumns, b: AnalysisColumns) -> Bool { AnalysisColumnFile.encode(a) == AnalysisColumnFile.encode(b) }
}

extension AnalysisColumnsTests {
    @Test("a rebuild logs no incident (its triggers dropped and made again): the log is emptied but for one entry, and columns from before it read whole to SQL's anchors")
    func rebuildEmptiesTheLog() throws {
        let database = try Self.database()
        let (base, _) = try AnalysisInput(database: database, columnFile: false).currentColumns(anchors: true)
        try database.writer.sync { try $0.run("UPDATE tips SET status = 'verified' WHERE id = ?", [.int(base.ids[0])]) }
        let report = try IncidentStore(database: database).rebuild()
        #expect(report.rebuilt && report.incidents > 10)
        let (entries, paused) = try database.reader.sync { connection in
            (try connection.scalarInt("SELECT count(*) FROM tip_changes") ?? -1,
             try connection.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tip_changes_on_incident_%'") ?? -1)
        }
        #expect(entries == 1 && paused == 4, "one entry, not two per incident; the four triggers back")
        let after = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: base) }
        }
        let sql = try database.reader.sync { connection in
            var ids: [Int64] = []
            try connection.prepare("SELECT anchor_tip_id FROM incidents ORDER BY anchor_tip_id").forEachRow { ids.append($0.int64(0)) }
            return ids
        }
        #expect(after.readWhole && after.columns.anchors == nil, "read whole; the anchors are read again with them")
        let (_, anchors) = try AnalysisInput(database: database, columnFile: false).currentColumns(anchors: true)
        #expect(anchors == sql)
        // Logging is on again: a hand-made move is logged.
        try database.writer.sync { try $0.run("UPDATE incidents SET anchor_tip_id = anchor_tip_id + 0 WHERE id = (SELECT min(id) FROM incidents)") }
        try database.writer.sync { try $0.run("DELETE FROM incidents WHERE id = (SELECT min(id) FROM incidents)") }
        #expect(try database.reader.sync { try $0.scalarInt("SELECT count(*) FROM tip_changes") } == 2)
    }
}

extension AnalysisColumnsTests {
    @Test("columns read before the log ever held an entry read whole after a rebuild, even holding a tip 0")
    func rebuildAfterAnEmptyLog() throws {
        let database = try Self.database()
        try database.writer.sync { connection in
            let first = try connection.scalarInt("SELECT min(id) FROM tips") ?? 1
            try connection.execute("PRAGMA foreign_keys = OFF")
            for sql in ["UPDATE tips SET id = 0 WHERE id = ?", "UPDATE incident_members SET tip_id = 0 WHERE tip_id = ?",
                        "UPDATE incident_keys SET tip_id = 0 WHERE tip_id = ?", "UPDATE incidents SET anchor_tip_id = 0 WHERE anchor_tip_id = ?"] {
                try connection.run(sql, [.int(first)])
            }
            try connection.execute("PRAGMA foreign_keys = ON")
            try connection.execute("DELETE FROM tip_changes; DELETE FROM sqlite_sequence WHERE name = 'tip_changes'")
            try connection.bumpDataVersion()
        }
        let (base, _) = try AnalysisInput(database: database, columnFile: false).currentColumns(anchors: true)
        #expect(base.changeSeq == 0 && base.ids.first == 0)
        _ = try IncidentStore(database: database).rebuild()
        let after = try database.reader.sync { connection in
            try connection.transaction(immediate: false) { try AnalysisColumns.current(connection, after: base) }
        }
        #expect(after.readWhole)
    }
}
