import Foundation
import Testing
@testable import GeoIncidents

@Suite("Patrol needs")
struct PatrolNeedsTests {
    /// Per border pair, the tips of [from, to) whose nearest stored commune border within
    /// 300 m is that pair, by GEOS (ST_Distance in EPSG:32649).
    static func geosCounts(_ database: GeoDatabase, from: Timestamp, to: Timestamp) throws -> [String: Int] {
        try database.reader.sync { connection in
            let statement = try connection.prepare("""
                SELECT t.id, b.code_a || '|' || b.code_b, ST_Distance(ST_Transform(t.geom, 32649), ST_Transform(b.geom, 32649)) AS d
                FROM tips t, shared_borders b
                WHERE b.level = 'commune' AND unixepoch(t.reported_at) >= ? AND unixepoch(t.reported_at) < ?
                ORDER BY t.id, d
                """)
            try statement.bind([.int(from.secondsSinceEpoch), .int(to.secondsSinceEpoch)])
            var counts: [String: Int] = [:]
            var last: Int64 = -1
            try statement.forEachRow { row in
                guard row.int64(0) != last else { return }
                last = row.int64(0)
                if row.double(2) <= 300 { counts[row.text(1), default: 0] += 1 }
            }
            return counts
        }
    }

    @Test("tips per border and window equal GEOS's nearest-border counts; stretches tile each border")
    func countsMatchGEOS() throws {
        let database = try TestSupport.demoDatabase()
        let needs = try PatrolService(database: database).patrolNeeds(TipFilter(), parameters: PatrolParameters())
        #expect(needs.until.secondsSinceEpoch - needs.since.secondsSinceEpoch == 28 * 86_400)
        #expect(needs.since.secondsSinceEpoch - needs.previousSince.secondsSinceEpoch == 28 * 86_400)
        var current: [String: Int] = [:], previous: [String: Int] = [:]
        for need in needs.needs {
            current["\(need.codeA)|\(need.codeB)", default: 0] += need.tips
            previous["\(need.codeA)|\(need.codeB)", default: 0] += need.previousTips
        }
        #expect(current.filter { $0.value > 0 } == (try Self.geosCounts(database, from: needs.since, to: needs.until)))
        #expect(previous.filter { $0.value > 0 } == (try Self.geosCounts(database, from: needs.previousSince, to: needs.since)))
        #expect(needs.nearBorderTips == current.values.reduce(0, +) && needs.nearBorderTips > 50)
        // Stretches: every border is cut into pieces that add up to it, each near 2 km.
        let borders = try RegionStore(database: database).storedBorders(level: .commune)
        let stretches = try BorderStretcher.cut(borders, length: 2_000, pool: try ProjectionCache().pool(for: needs.crs))
        for (b, border) in borders.enumerated() {
            let pieces = stretches.filter { $0.border == b }
            #expect(abs(pieces.map(\.lengthMeters).reduce(0, +) - border.lengthMeters) < 1e-6 * border.lengthMeters + 1e-6)
            let measured = pieces.map { $0.metric.map(BorderStretcher.polylineLength).reduce(0, +) }.reduce(0, +)
            #expect(abs(measured - border.lengthMeters) < 0.01 * border.lengthMeters, "the cut lines keep the border's length")
            if border.lengthMeters >= 1_000 { for piece in pieces { #expect(piece.lengthMeters >= 1_000 && piece.lengthMeters <= 3_000) } }
        }
        // Scores follow the documented formula and rank the needs.
        for need in needs.needs {
            let ratio = min(2, max(0.5, Double(need.tips + 1) / Double(need.previousTips + 1)))
            #expect(abs(need.score - need.weightedTips * (1 + need.nightShare) * ratio.squareRoot()) < 1e-9)
            #expect(need.weightedTips <= Double(need.tips) && (need.tips == 0 || need.weightedTips >= Double(need.tips) * 0.25))
            #expect(need.hourCounts.reduce(0, +) == need.tips && need.categoryCounts.reduce(0, +) == need.tips)
        }
        #expect(zip(needs.needs, needs.needs.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test("border clusters sit on the stretch nearest to them; a commune scope keeps its own borders")
    func clustersAndScope() throws {
        let database = try TestSupport.demoDatabase()
        let service = PatrolService(database: database)
        var all = TipFilter()
        all.since = Timestamp.parse("2025-01-01T00:00:00+07:00")
        all.until = Timestamp.parse("2025-07-01T00:00:00+07:00")
        let needs = try service.patrolNeeds(all, parameters: PatrolParameters())
        let keys = needs.needs.flatMap(\.clusterKeys)
        #expect(!keys.isEmpty)
        #expect(Set(keys).count == keys.count, "each cluster on one stretch")
        for cluster in needs.clusters {
            #expect(cluster.nearBorder, "clusters on a stretch come within the border distance")
            let need = try #require(needs.needs.first { $0.clusterKeys.contains(cluster.key) })
            #expect([need.codeA, need.codeB].contains(cluster.nearestBorder?.codeA ?? "") || cluster.spansCommunes)
        }
        var scoped = all
        scoped.communeCodes = ["99009"]
        let mine = try service.patrolNeeds(scoped, parameters: PatrolParameters())
        #expect(!mine.needs.isEmpty && mine.needs.allSatisfy { $0.codeA == "99009" || $0.codeB == "99009" })
        // The scope picks borders, not tips: the neighbour's side counts too.
        let full = needs.needs.filter { $0.codeA == "99009" || $0.codeB == "99009" }
        #expect(mine.needs.map(\.tips).reduce(0, +) == full.map(\.tips).reduce(0, +))
    }

    @Test("the commander's report names the units and clusters, escapes HTML and holds no coordinates")
    func report() throws {
        let database = try TestSupport.demoDatabase()
        let needs = try PatrolService(database: database).patrolNeeds(TipFilter(), parameters: PatrolParameters())
        let names = try UnitNames(regions: RegionStore(database: database))
        let report = PatrolReport(needs, names: names, top: 5)
        let markdown = report.markdown
        #expect(markdown.hasPrefix("# Patrol needs along shared commune borders"))
        #expect(markdown.components(separatedBy: "\n## ").count == 6)
        let first = try #require(needs.needs.first)
        #expect(markdown.contains("\(names.communes[first.codeA]!) (\(first.codeA)) | \(names.communes[first.codeB]!) (\(first.codeB))"))
        #expect(markdown.contains("Tips: \(first.tips) (previous window \(first.previousTips);"))
        #expect(!markdown.contains("109.") && !markdown.contains("11.5"), "no positions in the report")
        let html = report.html
        #expect(html.contains("<h2>1. ") && html.contains("<meta charset=\"utf-8\">") && !html.contains("<script"))
        var hostile = names
        hostile.communes[first.codeA] = "<script>alert(1)</script>"
        #expect(!PatrolReport(needs, names: hostile).html.contains("<script>alert"))
    }

    @Test("with cameras, each stretch reports the share of its tips no active camera sees; without, none")
    func unseenShare() throws {
        let without = try PatrolService(database: try TestSupport.demoDatabase()).patrolNeeds(TipFilter(), parameters: PatrolParameters())
        #expect(without.needs.allSatisfy { $0.unseenShare == nil })
        let database = try CoverageTests.demo()
        var all = TipFilter()
        (all.since, all.until) = (Timestamp.parse("2025-01-01T00:00:00+07:00"), Timestamp.parse("2025-07-01T00:00:00+07:00"))
        let needs = try PatrolService(database: database).patrolNeeds(all, parameters: PatrolParameters())
        let withTips = needs.needs.filter { $0.tips > 0 }
        #expect(withTips.allSatisfy { ($0.unseenShare ?? -1) >= 0 && ($0.unseenShare ?? 2) <= 1 })
        // The junction cameras (NG-1, NG-2) watch the border stretches of hotspot 1.
        #expect(withTips.contains { ($0.unseenShare ?? 1) < 1 })
        // Seen tips on stretches never exceed the tips the cameras see in all.
        let seenOnStretches = withTips.map { Int((Double($0.tips) * (1 - ($0.unseenShare ?? 1))).rounded()) }.reduce(0, +)
        #expect(seenOnStretches <= (try CameraService(database: database).coverage(all)).total.covered)
        #expect(PatrolReport(needs, names: UnitNames(), top: 20).markdown.contains("where no active camera looks"))
    }

    @Test("bad input: levels, scopes without neighbours, empty windows")
    func badInput() throws {
        let database = try TestSupport.demoDatabase(tips: 300)
        let service = PatrolService(database: database)
        func message(_ filter: TipFilter, _ parameters: PatrolParameters) -> String {
            do { _ = try service.patrolNeeds(filter, parameters: parameters); return "" } catch { return "\(error)" }
        }
        #expect(message(TipFilter(), PatrolParameters(level: .province)).contains("no shared province borders"))
        #expect(message(TipFilter(), PatrolParameters(level: .neighbourhood)).contains("border level must be commune or province"))
        #expect(message(TipFilter(), PatrolParameters(borderDistanceMeters: 0)).contains("border distance must be"))
        #expect(message(TipFilter(), PatrolParameters(stretchMeters: 5)).contains("stretch must be at least 100 metres"))
        #expect(message(TipFilter(), PatrolParameters(halfLifeDays: -1)).contains("half-life must be a positive number of days"))
        var noDays = PatrolParameters()
        noDays.windowDays = 0
        #expect(message(TipFilter(), noDays).contains("days must be 1…3660"))
        // Library messages reach HTTP clients: they name parameters, never geoq flags.
        for parameters in [PatrolParameters(level: .neighbourhood), PatrolParameters(borderDistanceMeters: 0), PatrolParameters(stretchMeters: 5), noDays] {
            #expect(!message(TipFilter(), parameters).contains("--"))
        }
        var weekly = PatrolParameters()
        weekly.windowDays = 7
        let week = try service.patrolNeeds(TipFilter(), parameters: weekly)
        #expect(week.until.secondsSinceEpoch - week.since.secondsSinceEpoch == 7 * 86_400)
        var neighbourhood = TipFilter()
        neighbourhood.neighbourhoodCodes = ["9900101"]
        #expect(message(neighbourhood, PatrolParameters()).contains("not neighbourhoods"))
        var future = TipFilter()
        future.since = Timestamp.parse("2031-01-01T00:00:00Z")
        #expect(message(future, PatrolParameters()).contains("window holds no tips"))
        #expect(message(future, PatrolParameters()).hasPrefix("'since' 2031-01-01"))
        var nothing = TipFilter()
        (nothing.since, nothing.until) = (Timestamp.parse("2020-01-01T00:00:00Z"), Timestamp.parse("2020-02-01T00:00:00Z"))
        #expect(message(nothing, PatrolParameters()).contains("no tips near the scope's borders"))
        var unknown = TipFilter()
        unknown.communeCodes = ["12345"]
        #expect(!message(unknown, PatrolParameters()).isEmpty)
    }
}
