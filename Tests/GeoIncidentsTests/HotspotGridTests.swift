import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

/// Grid geometry, cell sets and the W2 reference of the peers.
@Suite("Hotspot grids")
struct HotspotGridTests {
    static func w2Parameters() -> HotspotParameters {
        var parameters = HotspotParameters()
        parameters.cells = .nonempty
        parameters.crs = "EPSG:32648"
        return parameters
    }

    static func checkAgainstPeers(_ grid: HotspotGrid, size: String) throws {
        let summary = try ReferenceFixtures.json("w2_summary.json")[size] as! [String: Any]
        #expect(grid.cells.count == summary["cells"] as! Int)
        #expect(grid.links == summary["links"] as! Int)
        let z = grid.cells.compactMap(\.z)
        #expect(abs(z.reduce(0, +) - (summary["z_sum"] as! Double)) < 1e-5)
        #expect(abs(z.max()! - (summary["z_max"] as! Double)) < 1e-6)
        let top = try ReferenceFixtures.jsonArray("w2_top10_\(size).json")
        for (rank, reference) in top.enumerated() {
            let cell = grid.cells[rank]
            #expect(cell.id == CellID(ix: Int32(reference["ix"] as! Int), iy: Int32(reference["iy"] as! Int)), "rank \(rank + 1)")
            #expect(cell.count == reference["count"] as! Int, "rank \(rank + 1)")
            #expect(abs(cell.z! - (reference["z"] as! Double)) <= 1e-6, "rank \(rank + 1)")
        }
    }

    @Test("W2 at 10k: cells, links, z sum and the Gi* top-10 equal the peers' (numpy, esda, PostGIS)")
    func peersW2At10k() throws {
        let grid = try Hotspots.grid(points: try ReferenceFixtures.tips10k(), parameters: Self.w2Parameters())
        try Self.checkAgainstPeers(grid, size: "10k")
    }

    @Test("W2 at 100k and 1M when the bench data is generated (skipped otherwise)",
          .enabled(if: FileManager.default.fileExists(atPath: (ProcessInfo.processInfo.environment["GEOQ_PEERDATA"] ?? "/tmp/peerdata") + "/tips_100k.csv")),
          arguments: ["100k", "1M"])
    func peersW2Large(size: String) throws {
        let data = BenchData(folder: ProcessInfo.processInfo.environment["GEOQ_PEERDATA"] ?? "/tmp/peerdata", size: size)
        guard FileManager.default.fileExists(atPath: data.tipsPath) else { return }
        try Self.checkAgainstPeers(try Hotspots.grid(points: try data.tipCoordinates(), parameters: Self.w2Parameters()), size: size)
    }

    @Test("a GeoJSON export written on all cores in runs is byte for byte the export written a feature at a time")
    func geojsonInRuns() throws {
        var random = SystemRandomNumberGenerator()
        let points = (0..<30_000).map { _ in Coordinate(x: .random(in: 105.6...106.4, using: &random), y: .random(in: 20.8...21.3, using: &random)) }
        var parameters = Self.w2Parameters()
        parameters.cellSize = 500
        let grid = try Hotspots.grid(points: points, parameters: parameters)
        let cells = grid.exported(.all)
        #expect(cells.count > 3 * 4_096, "several runs")
        let outlines = try grid.outlines(cells)
        let oneByOne = zip(cells, outlines).map { GeoJSONWriter.feature(geometry: .polygon($1), properties: grid.properties($0, suppressBelow: 3)) }
        #expect(try grid.featureCollection(cells, suppressBelow: 3) == GeoJSONWriter.featureCollection(oneByOne))
        #expect(try grid.featureCollection(cells.prefix(0)) == GeoJSONWriter.featureCollection([]))
        #expect(try grid.featureCollection(cells.prefix(4_097), suppressBelow: 3) == GeoJSONWriter.featureCollection(Array(oneByOne.prefix(4_097))), "one past a run")
    }

    @Test("square ids are floor(x / size), negatives included", arguments: [250.0, 100.0, 1_000.0])
    func squareIDs(size: Double) {
        let g = GridGeometry(shape: .square, cellSize: size)
        #expect(g.cell(x: 0, y: 0) == CellID(ix: 0, iy: 0))
        #expect(g.cell(x: size - 1e-9, y: size) == CellID(ix: 0, iy: 1))
        #expect(g.cell(x: -1e-9, y: -size) == CellID(ix: -1, iy: -1))
        #expect(g.cell(x: 2_532.5 * size, y: 7_923.2 * size) == CellID(ix: 2_532, iy: 7_923))
    }

    @Test("hexagons: every point is in the hexagon whose centre is nearest, and outlines have the cell's area")
    func hexagons() {
        let g = GridGeometry(shape: .hex, cellSize: 250)
        var random = SeededRandom(seed: 3)
        for _ in 0..<5_000 {
            let x = random.signedUnit() * 50_000, y = random.signedUnit() * 50_000
            let id = g.cell(x: x, y: y)
            let own = g.centre(id)
            let d = (own.x - x) * (own.x - x) + (own.y - y) * (own.y - y)
            for (dx, dy) in g.neighbourOffsets {
                let other = g.centre(CellID(ix: id.ix + dx, iy: id.iy + dy))
                #expect(d <= (other.x - x) * (other.x - x) + (other.y - y) * (other.y - y) + 1e-6)
            }
        }
        #expect(abs(GridRasterizer.area([g.outline(CellID(ix: 3, iy: -2))]) - 62_500) < 1e-6)
        // Neighbouring hexagons' centres are equally far apart.
        let c = g.centre(CellID(ix: 0, iy: 0))
        let spacing = g.neighbourOffsets.map { g.centre(CellID(ix: $0.0, iy: $0.1)) }.map { ($0.x - c.x) * ($0.x - c.x) + ($0.y - c.y) * ($0.y - c.y) }
        #expect(spacing.allSatisfy { abs($0 - spacing[0]) < 1e-6 })
    }

    @Test("cell-set contiguity equals a brute-force neighbour search", arguments: GridShape.allCases)
    func contiguity(shape: GridShape) {
        let g = GridGeometry(shape: shape, cellSize: 100)
        var random = SeededRandom(seed: 9)
        let ids = (0..<3_000).map { _ in CellID(ix: Int32(random.below(60)) - 30, iy: Int32(random.below(60)) - 30) }
        let (cells, pointCells) = CellSet.build(geometry: g, points: ids, area: [])
        #expect(cells.counts.reduce(0, +) == 3_000)
        #expect(zip(ids, pointCells).allSatisfy { cells.cell(Int($1)) == $0 })
        #expect(cells.ids == cells.ids.sorted())
        let weights = cells.weights()
        for i in 0..<cells.count {
            let c = cells.cell(i)
            let expected = Set(g.neighbourOffsets.compactMap { cells.index(of: CellID(ix: c.ix + $0.0, iy: c.iy + $0.1)) })
            #expect(Set(weights.neighbours(of: i).map(Int.init)) == expected)
            #expect(weights.cardinality(i) == expected.count)
        }
    }

    @Test("the dense cell count equals the sorted one: ids, counts, area cells and each tip's cell")
    func denseEqualsSorted() {
        let g = GridGeometry(shape: .square, cellSize: 250)
        var random = SeededRandom(seed: 20)
        for trial in 0..<30 {
            let width = 1 + Int(random.below(200)), x0 = Int32(random.below(4_000)) - 2_000, y0 = Int32(random.below(4_000)) - 2_000
            let cell = { CellID(ix: x0 + Int32(random.below(width)), iy: y0 + Int32(random.below(width))) }
            var points = (0..<Int(random.below(3_000))).map { _ in cell() }
            if trial % 3 == 0 { points += [.none, .none] }
            let area = (0..<Int(random.below(5_000))).map { _ in cell() }
            let sorted = CellSet.build(geometry: g, points: points, area: area, denseLimit: 0)
            // The default split, and the words split among more workers than words or cores.
            for split in [WorkSplit(minimum: 1 << 16), WorkSplit(minimum: 1, cores: 7), WorkSplit(minimum: 3, cores: 300)] {
                let dense = CellSet.build(geometry: g, points: points, area: area, split: split)
                #expect(dense.0.ids == sorted.0.ids && dense.0.counts == sorted.0.counts, "trial \(trial), \(split)")
                #expect(dense.0.areaCells == sorted.0.areaCells && dense.1 == sorted.1, "trial \(trial), \(split)")
            }
        }
        // Nothing at all, and only unprojected tips.
        #expect(CellSet.build(geometry: g, points: [.none], area: []).0.count == 0)
        #expect(CellSet.build(geometry: g, points: [.none], area: [], split: WorkSplit(minimum: 1, cores: 9)).0.count == 0)
    }

    @Test("the rasterizer takes the cells whose centres are inside, holes left out")
    func rasterizer() {
        let g = GridGeometry(shape: .square, cellSize: 10)
        let shell = [Coordinate(x: 0, y: 0), Coordinate(x: 100, y: 0), Coordinate(x: 100, y: 50), Coordinate(x: 0, y: 50), Coordinate(x: 0, y: 0)]
        let hole = [Coordinate(x: 20, y: 20), Coordinate(x: 40, y: 20), Coordinate(x: 40, y: 40), Coordinate(x: 20, y: 40), Coordinate(x: 20, y: 20)]
        var cells: [CellID] = []
        GridRasterizer.cells(in: [shell, hole], geometry: g) { cells.append($0) }
        #expect(cells.count == 50 - 4)
        #expect(!cells.contains(CellID(ix: 2, iy: 2)))
        #expect(cells.contains(CellID(ix: 9, iy: 4)))
        #expect(Set(cells).count == cells.count)
    }

    @Test("radix order is stable and equals a comparison sort, however the keys are split among workers")
    func radixSort() {
        var random = SeededRandom(seed: 5)
        let shapes: [(String, [UInt64])] = [
            ("many ties", (0..<50_000).map { _ in UInt64(random.below(1_000)) << 20 | UInt64(random.below(4)) }),
            ("every bit", (0..<20_000).map { _ in random.next() }),
            ("one pass", (0..<9_000).map { _ in UInt64(random.below(300)) }),
            ("all equal", [UInt64](repeating: 7, count: 5_000)),
            ("two", [2, 1]),
        ]
        for (name, keys) in shapes {
            let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
            for split in [WorkSplit(minimum: 1 << 17), WorkSplit(minimum: 1, cores: 2), WorkSplit(minimum: 1, cores: 7), WorkSplit(minimum: 1, cores: 300)] {
                let (order, sorted) = RadixSort.sort(keys, split: split)
                #expect(order.map(Int.init) == expected, "\(name), \(split)")
                #expect(sorted == expected.map { keys[$0] }, "\(name), \(split)")
            }
        }
        let doubles = [3.5, -1, 0, -0.0, .infinity, -2.5, 1e-300]
        #expect(RadixSort.order(doubles.map(RadixSort.ascendingKey)).map { doubles[Int($0)] } == doubles.sorted())
    }
}
