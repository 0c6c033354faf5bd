import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

@Suite("Border cluster selection (W3)")
struct BorderClusterSelectionTests {
    /// DBSCAN of the bench's 10k tips, the W1 commune of each tip and the bench communes near
    /// the clusters (see scripts/reference/make_w3_fixtures.py).
    static func inputs() throws -> (dbscan: DBSCAN.Result, communes: [Int32], rings: [[[Coordinate]]]) {
        let dbscan = try DBSCAN.run(lonLat: try ReferenceFixtures.tips10k(), crs: "EPSG:32648", eps: 100, minPoints: 8)
        let communes = try ReferenceFixtures.csv("clusters/w3_commune_of_tip_10k.csv").map { Int32($0["commune_id"]!)! }
        let database = try TestSupport.freshDatabase()
        let regions = RegionStore(database: database)
        _ = try regions.importFile(TestSupport.fixture("clusters/w3_communes_10k.geojson"), options: RegionImportOptions(level: .commune, codeField: "id"))
        let rings = try regions.allAreas(level: .commune).map { $0.area.polygons.flatMap(\.rings) }
        return (dbscan, communes, rings)
    }

    @Test("core-only selection at 10k equals scikit-learn and PostGIS cluster by cluster (43 selected); all members select 46 as both peers")
    func peersAt10k() throws {
        let (dbscan, communes, rings) = try Self.inputs()
        #expect(communes.count == 10_000)
        let core = try ClusterSelection.select(dbscan: dbscan, communes: communes, lines: rings, crs: "EPSG:32648", distance: 300, hullTips: .core)
        func selected(_ f: ClusterSelection.Footprint) -> Bool { f.communeCount >= 2 || (f.nearest?.distance ?? .infinity) <= 300 }
        var minCore = [Int](repeating: Int.max, count: dbscan.clusterCount)
        for i in dbscan.labels.indices where dbscan.isCore[i] { minCore[Int(dbscan.labels[i])] = min(minCore[Int(dbscan.labels[i])], i + 1) }
        let ours = Set(core.indices.map { c in
            let f = core[c]
            return "\(minCore[c]),\(f.coreCount),\(f.communeCount),\((f.nearest?.distance ?? .infinity) <= 300 ? 1 : 0),\(selected(f) ? 1 : 0)"
        })
        let reference = Set(try ReferenceFixtures.csv("w3_clusters_coreonly_10k.csv").map {
            "\($0["min_core_tip_id"]!),\($0["core_size"]!),\($0["n_communes"]!),\($0["near_border"]!),\($0["selected"]!)"
        })
        #expect(ours == reference, "rows differing: \(ours.subtracting(reference).sorted().prefix(5))")
        #expect(core.filter(selected).count == 43)
        let members = try ClusterSelection.select(dbscan: dbscan, communes: communes, lines: rings, crs: "EPSG:32648", distance: 300, hullTips: .members)
        #expect(members.filter(selected).count == 46)
        #expect(members.map(\.size).reduce(0, +) == 10_000 - dbscan.noiseCount)
    }

    @Test("pruning the lines to the hulls' surroundings changes no distance")
    func pruningIsExact() throws {
        let (dbscan, communes, rings) = try Self.inputs()
        let pool = try ProjectionCache().pool(for: "EPSG:32648")
        let pruned = try ClusterSelection.footprints(dbscan: dbscan, communes: communes, lines: rings, pool: pool, hullTips: .members, searchUpTo: 2_000, reach: 300)
        // Brute force over every projected segment, for every fourth cluster (debug builds are slow).
        let all = try ParallelProjection.forward(rings, pool: pool)
        for f in pruned.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
            let hull = f.hull.map { dbscan.points[Int($0)] }
            var best = Double.infinity
            for item in all { for line in item { for k in 0..<(line.count - 1) { best = min(best, ConvexHull.distance(hull, toSegment: line[k], line[k + 1])) } } }
            if best <= 2_000 {
                #expect(abs((f.nearest?.distance ?? -1) - best) < 1e-9, "hull nearest \(f.nearest?.distance ?? -1) vs brute force \(best)")
            } else {
                #expect(f.nearest == nil)
            }
        }
    }

    @Test("convex hulls equal GEOS's (ST_ConvexHull) on random and degenerate point sets")
    func hullsMatchGEOS() throws {
        let database = try TestSupport.freshDatabase()
        var random = SeededRandom(seed: 5)
        var sets: [[Coordinate]] = [[Coordinate(x: 1, y: 1)], [Coordinate(x: 1, y: 1), Coordinate(x: 1, y: 1)],
                                    (0..<5).map { Coordinate(x: Double($0), y: 2 * Double($0)) }]
        for n in [3, 10, 100, 1_000] { sets.append((0..<n).map { _ in Coordinate(x: random.unit() * 500, y: random.gaussian() * 100) }) }
        for points in sets {
            let hull = ConvexHull.of(points)
            let wkt = "MULTIPOINT(" + points.map { "\($0.x) \($0.y)" }.joined(separator: ",") + ")"
            let (vertices, area) = try database.reader.sync { connection -> (Int64, Double) in
                let statement = try connection.prepare("SELECT ST_NPoints(h), ST_Area(h) FROM (SELECT ST_ConvexHull(GeomFromText(?)) AS h)")
                try statement.bind([.text(wkt)])
                _ = try statement.step()
                defer { statement.reset() }
                return (statement.int64(0), statement.double(1))
            }
            // GEOS closes polygon rings (first vertex repeated); points and lines are not closed.
            #expect(Int64(hull.count + (hull.count >= 3 ? 1 : 0)) == vertices, "\(points.count) points")
            #expect(abs(ConvexHull.area(hull) - area) <= 1e-9 * max(1, area))
            for p in points where hull.count >= 3 { #expect(ConvexHull.contains(hull, p)) }
        }
    }

    @Test("dropping the points inside the extremes' quadrilateral leaves the same hull, vertex for vertex")
    func interiorDropKeepsHull() {
        var random = SeededRandom(seed: 11)
        var sets: [[Coordinate]] = []
        for n in [65, 200, 5_000] {
            sets.append((0..<n).map { _ in Coordinate(x: random.gaussian() * 80, y: random.gaussian() * 30) })
            // Integer grid: duplicates, collinear runs along every side, tied extremes.
            sets.append((0..<n).map { _ in Coordinate(x: Double(Int(random.unit() * 6)), y: Double(Int(random.unit() * 4))) })
            // On a circle, a square's boundary, and a line: every point is extreme or collinear.
            sets.append((0..<n).map { k in Coordinate(x: cos(Double(k)), y: sin(Double(k))) })
            sets.append((0..<n).map { k in let t = Double(k % 10); return [Coordinate(x: t, y: 0), Coordinate(x: 10, y: t), Coordinate(x: 10 - t, y: 10), Coordinate(x: 0, y: 10 - t)][k % 4] })
            sets.append((0..<n).map { k in Coordinate(x: Double(k), y: 3 * Double(k) + 1) })
            sets.append([Coordinate](repeating: Coordinate(x: 2, y: 3), count: n))
        }
        for points in sets {
            let all = points.indices.map { Int32($0) }
            let fast = ConvexHull.indices(of: all, in: points)
            let reference = ConvexHull.indices(of: all, in: points, dropInterior: false)
            #expect(fast.map { points[Int($0)] } == reference.map { points[Int($0)] }, "\(points.count) points")
            #expect(ConvexHull.withoutInterior(all, in: points).count <= points.count)
        }
        let dense = (0..<5_000).map { _ in Coordinate(x: random.gaussian() * 80, y: random.gaussian() * 30) }
        #expect(ConvexHull.withoutInterior(dense.indices.map { Int32($0) }, in: dense).count < 2_500, "most of a dense cluster is dropped")
    }
}
