import Foundation
import Testing
@testable import GeoIncidents

@Suite("Cluster reports")
struct ClusterReportTests {
    @Test("demo clusters: totals equal DBSCAN on the same tips; every report adds up; keys are the smallest core ids")
    func reportsAddUp() throws {
        let database = try TestSupport.demoDatabase()
        let analysis = try ClusterService(database: database).clusters(TipFilter(), parameters: ClusterParameters())
        let tips = try TipStore(database: database).unitTips()
        let direct = try DBSCAN.run(lonLat: tips.points.coordinates, crs: analysis.crs, eps: 100, minPoints: 8)
        #expect(analysis.crs == "EPSG:32649")
        #expect(analysis.clusters.count == direct.clusterCount && analysis.clusters.count > 5)
        #expect(analysis.noiseCount == direct.noiseCount && analysis.coreCount == direct.coreCount)
        #expect(analysis.clusters.map(\.size).reduce(0, +) == tips.count - direct.noiseCount)
        var coreKeys = Set<Int64>()
        for label in 0..<direct.clusterCount {
            coreKeys.insert(tips.ids.indices.filter { direct.isCore[$0] && direct.labels[$0] == Int32(label) }.map { tips.ids[$0] }.min()!)
        }
        #expect(Set(analysis.clusters.map(\.key)) == coreKeys)
        for c in analysis.clusters {
            #expect(c.categoryCounts.reduce(0, +) == c.size)
            #expect(c.hourByWeekday.reduce(0, +) == c.size)
            #expect(c.communes.map(\.count).reduce(0, +) == c.size, "every demo tip has a commune")
            #expect(abs(c.communes.map(\.share).reduce(0, +) - 1) < 1e-9)
            #expect(c.firstReport <= c.lastReport)
            #expect(c.hull.count < 3 || c.hull.first == c.hull.last)
            #expect(c.spansCommunes == (c.communes.count >= 2))
            #expect(c.nearBorder == ((c.nearestBorder?.distanceMeters ?? .infinity) <= 300))
            #expect(c.isBorder == !c.borderCommunes.isEmpty)
            if c.isBorder { #expect(c.borderProvinces == ["99"]) }
            for share in c.communes where c.isBorder { #expect(c.borderCommunes.contains(share.code)) }
        }
        #expect(analysis.clusters.contains { $0.spansCommunes } && analysis.clusters.contains { $0.nearBorder && !$0.spansCommunes })
        #expect(analysis.clusters.contains { !$0.isBorder })
    }

    @Test("each cluster's distance to the nearest shared border equals GEOS's ST_Distance over the stored borders")
    func nearestBorderMatchesGEOS() throws {
        let database = try TestSupport.demoDatabase()
        let analysis = try ClusterService(database: database).clusters(TipFilter(), parameters: ClusterParameters())
        for c in analysis.clusters where c.hull.count >= 4 {
            let wkt = "POLYGON((" + c.hull.map { "\($0.x) \($0.y)" }.joined(separator: ",") + "))"
            let (distance, pair) = try database.reader.sync { connection -> (Double, String) in
                let statement = try connection.prepare("""
                    SELECT ST_Distance(ST_Transform(GeomFromText(?, 4326), 32649), ST_Transform(geom, 32649)) AS d, code_a || '|' || code_b
                    FROM shared_borders WHERE level = 'commune' ORDER BY d LIMIT 1
                    """)
                try statement.bind([.text(wkt)])
                _ = try statement.step()
                defer { statement.reset() }
                return (statement.double(0), statement.text(1))
            }
            let ours = try #require(c.nearestBorder)
            #expect(abs(ours.distanceMeters - distance) < 0.01, "cluster \(c.key): \(ours.distanceMeters) vs GEOS \(distance)")
            if distance > 1 { #expect("\(ours.codeA)|\(ours.codeB)" == pair) }
        }
    }

    @Test("Vietnam time: hour and weekday of known instants")
    func vietnamTime() throws {
        let friday = try #require(Timestamp.parse("2025-03-14T21:05:00+07:00")).secondsSinceEpoch
        #expect(VietnamTime.hour(friday) == 21 && VietnamTime.weekday(friday) == 4)
        let mondayMorning = try #require(Timestamp.parse("2025-03-16T17:30:00Z")).secondsSinceEpoch  // 00:30 Monday in Vietnam
        #expect(VietnamTime.hour(mondayMorning) == 0 && VietnamTime.weekday(mondayMorning) == 0)
        #expect(VietnamTime.isNight(mondayMorning) && !VietnamTime.isNight(friday - 10 * 3_600))
        let before1970 = try #require(Timestamp.parse("1969-12-31T23:00:00+07:00")).secondsSinceEpoch  // a Wednesday
        #expect(VietnamTime.weekday(before1970) == 2 && VietnamTime.hour(before1970) == 23)
    }

    @Test("bad parameters and empty windows give clear errors")
    func badInput() throws {
        let database = try TestSupport.demoDatabase(tips: 200)
        let service = ClusterService(database: database)
        for parameters in [ClusterParameters(epsMeters: 0), ClusterParameters(epsMeters: -3), ClusterParameters(minPoints: 0),
                           ClusterParameters(borderDistanceMeters: .nan)] {
            #expect(throws: GeoIncidentsError.self) { try service.clusters(TipFilter(), parameters: parameters) }
        }
        var empty = TipFilter()
        empty.since = Timestamp.parse("2030-01-01T00:00:00Z")
        do {
            _ = try service.clusters(empty, parameters: ClusterParameters())
            Issue.record("an empty window must fail")
        } catch let error as GeoIncidentsError {
            #expect(error.description.contains("no tips match"))
        }
        // Few tips, strict density: no clusters is an answer, not an error.
        let none = try service.clusters(TipFilter(), parameters: ClusterParameters(epsMeters: 1, minPoints: 50))
        #expect(none.clusters.isEmpty && none.noiseCount == none.tipCount)
    }
}
