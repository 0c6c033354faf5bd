import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

@Suite("DBSCAN")
struct DBSCANTests {
    @Test("W3 at 10k: clusters, noise, core counts and every cluster's core points equal scikit-learn and PostGIS")
    func peersW3() throws {
        let points = try ReferenceFixtures.tips10k()
        let result = try DBSCAN.run(lonLat: points, crs: "EPSG:32648", eps: 100, minPoints: 8)
        #expect(result.clusterCount == 93)
        #expect(result.noiseCount == 7_959)
        #expect(result.coreCount == 1_439)
        // Core-only partition: per cluster, the smallest core tip id and the core count.
        var smallest: [Int32: Int] = [:], size: [Int32: Int] = [:]
        for i in points.indices where result.isCore[i] {
            let label = result.labels[i]
            smallest[label] = min(smallest[label] ?? Int.max, i + 1)
            size[label, default: 0] += 1
        }
        let ours = Set(smallest.map { "\($0.value),\(size[$0.key]!)" })
        let reference = Set(try ReferenceFixtures.csv("w3_clusters_coreonly_10k.csv").map { "\($0["min_core_tip_id"]!),\($0["core_size"]!)" })
        #expect(ours == reference)
        // Border points join a cluster one of whose core points is within eps.
        #expect(result.labels.filter { $0 >= 0 }.count == 10_000 - 7_959)
    }

    @Test("distance ≤ eps counts, > eps does not; min-points includes the point itself")
    func boundaries() throws {
        let line = (0..<5).map { Coordinate(x: Double($0) * 100, y: 0) }  // exactly 100 m apart
        let chained = try DBSCAN.run(line, eps: 100, minPoints: 3)
        #expect(chained.clusterCount == 1)
        #expect(chained.coreCount == 3)  // the ends have only one neighbour
        #expect(chained.noiseCount == 0)  // the ends are border points
        let apart = try DBSCAN.run(line, eps: 99.999, minPoints: 2)
        #expect(apart.clusterCount == 0)
        #expect(apart.noiseCount == 5)
        let singles = try DBSCAN.run(line, eps: 10, minPoints: 1)
        #expect(singles.clusterCount == 5)
        #expect(singles.coreCount == 5)
    }

    @Test("a brute-force DBSCAN agrees on random data (core flags, noise, cluster partition of core points and its numbering)")
    func bruteForce() throws {
        var random = SeededRandom(seed: 17)
        var points: [Coordinate] = []
        for _ in 0..<8 {
            let cx = random.unit() * 2_000, cy = random.unit() * 2_000
            for _ in 0..<60 { points.append(Coordinate(x: cx + random.gaussian() * 60, y: cy + random.gaussian() * 60)) }
        }
        for _ in 0..<300 { points.append(Coordinate(x: random.unit() * 2_000, y: random.unit() * 2_000)) }
        let eps = 50.0, minPoints = 5
        let result = try DBSCAN.run(points, eps: eps, minPoints: minPoints)
        func near(_ a: Int, _ b: Int) -> Bool {
            let dx = points[a].x - points[b].x, dy = points[a].y - points[b].y
            return dx * dx + dy * dy <= eps * eps
        }
        let core = points.indices.map { i in points.indices.filter { near(i, $0) }.count >= minPoints }
        #expect(result.isCore == core)
        // Core points are in one cluster exactly when they are density-connected.
        var component = [Int](repeating: -1, count: points.count)
        var next = 0
        for s in points.indices where core[s] && component[s] < 0 {
            var stack = [s]
            component[s] = next
            while let i = stack.popLast() {
                for j in points.indices where core[j] && component[j] < 0 && near(i, j) { component[j] = next; stack.append(j) }
            }
            next += 1
        }
        #expect(result.clusterCount == next)
        // Clusters are numbered in order of their first core point, as the components are.
        #expect(points.indices.filter { core[$0] }.allSatisfy { result.labels[$0] == Int32(component[$0]) })
        for i in points.indices where core[i] {
            for j in points.indices where core[j] && j > i {
                #expect((component[i] == component[j]) == (result.labels[i] == result.labels[j]))
            }
        }
        let noise = points.indices.filter { i in !core[i] && !points.indices.contains { core[$0] && near(i, $0) } }
        #expect(result.noiseCount == noise.count)
        for i in noise { #expect(result.labels[i] == -1) }
    }

    @Test("each grid cell's neighbours are the cells within two columns and rows, in cell order, however the cells are split among workers")
    func gridNeighbours() throws {
        var random = SeededRandom(seed: 23)
        for trial in 0..<8 {
            let side = [70.7, 1, 1_000][trial % 3]
            // Clumps and strays, negative coordinates, a column and a row of their own.
            var points = (0..<(trial == 0 ? 1 : 3_000)).map { _ in
                Coordinate(x: Double.random(in: -40...40, using: &random) * side, y: Double.random(in: -40...40, using: &random) * side)
            }
            points += (0..<200).map { k in Coordinate(x: side * 1e4 + Double(k % 5) * side, y: Double(k) * side * 0.5) }
            points += [Coordinate(x: .nan, y: 0), Coordinate(x: -side * 3e4, y: side * 3e4)]
            var reference: [[Int32]]?
            for split in [WorkSplit(minimum: 20_000), WorkSplit(minimum: 1, cores: 7), WorkSplit(minimum: 1, cores: 300)] {
                let grid = try DBSCAN.Grid(points: points, side: side, split: split)
                // Each cell's column and row, from its first point.
                let cells = (0..<grid.cellCount).map { c -> (Int64, Int64) in
                    let k = grid.range(c).lowerBound
                    return (Int64((grid.xs[k] / side).rounded(.down)), Int64((grid.ys[k] / side).rounded(.down)))
                }
                var cellAt: [String: Int32] = [:]
                for (c, cell) in cells.enumerated() { cellAt["\(cell.0),\(cell.1)"] = Int32(c) }
                #expect(cellAt.count == cells.count, "one cell per column and row")
                let brute: [[Int32]] = cells.indices.map { c in
                    (-2...2).flatMap { dx in (-2...2).compactMap { dy -> Int32? in
                        dx == 0 && dy == 0 ? nil : cellAt["\(cells[c].0 + Int64(dx)),\(cells[c].1 + Int64(dy))"]
                    } }.sorted()
                }
                let found = (0..<grid.cellCount).map { Array(grid.neighbours($0)) }
                #expect(found == brute, "trial \(trial), \(split)")
                if let reference { #expect(found == reference) }
                reference = found
                #expect(trial == 0 || brute.contains { !$0.isEmpty })
            }
        }
    }

    @Test("bad parameters are clear errors")
    func badInput() {
        #expect(throws: GeoIncidentsError.self) { try DBSCAN.run([Coordinate(x: 0, y: 0)], eps: 0, minPoints: 8) }
        #expect(throws: GeoIncidentsError.self) { try DBSCAN.run([Coordinate(x: 0, y: 0)], eps: -1, minPoints: 8) }
        #expect(throws: GeoIncidentsError.self) { try DBSCAN.run([Coordinate(x: 0, y: 0)], eps: 100, minPoints: 0) }
        #expect(throws: GeoIncidentsError.self) { try DBSCAN.run([Coordinate(x: 0, y: 0)], eps: .nan, minPoints: 8) }
    }
}
