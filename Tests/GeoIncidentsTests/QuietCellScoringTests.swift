import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

/// Study-area Gi* scored by classes of quiet cells must equal scoring every cell, bit for
/// bit, and the ranked cells must read like the array they replace.
@Suite("Quiet cell scoring")
struct QuietCellScoringTests {
    /// A study area of `width` × `height` cells with a hole, and `tips` tips drawn around a
    /// few centres (some outside the area).
    static func prepared(shape: GridShape, width: Int32, height: Int32, tips: Int, seed: UInt64) throws -> HotspotGridBuilder.Prepared {
        var random = SeededRandom(seed: seed)
        let geometry = GridGeometry(shape: shape, cellSize: 250)
        var area: [CellID] = []
        for ix in 0..<width { for iy in 0..<height where !(ix > width / 3 && ix < width / 2 && iy > height / 3 && iy < height / 2) { area.append(CellID(ix: ix, iy: iy)) } }
        let centres = (0..<3).map { _ in (Double(width) * random.unit(), Double(height) * random.unit()) }
        var points: [CellID] = []
        for k in 0..<tips {
            let (cx, cy) = centres[k % centres.count]
            let spread = k % 5 == 0 ? Double(width) / 2 : 3
            points.append(CellID(ix: Int32((cx + random.gaussian() * spread).rounded(.down)), iy: Int32((cy + random.gaussian() * spread).rounded(.down))))
        }
        let (cells, pointCells) = CellSet.build(geometry: geometry, points: points, area: area)
        return HotspotGridBuilder.Prepared(cells: cells, metres: [], pointCells: pointCells, crs: "EPSG:32648",
                                           projectors: try ProjectionCache().pool(for: "EPSG:32648"), notProjected: 0,
                                           tipsMatched: tips, notes: [])
    }

    @Test("equal to cell-by-cell Gi*: order, z, p, adjusted p, bins, significance, links and hot/cold counts",
          arguments: [GridShape.square, .hex])
    func sameAsCellByCell(shape: GridShape) throws {
        var trial: UInt64 = 0
        for (width, height, tips) in [(Int32(40), Int32(30), 60), (60, 50, 2_000), (25, 25, 5), (80, 20, 20_000)] {
            for fdr in [true, false] {
                for transform in WeightTransform.allCases {
                    trial += 1
                    var parameters = HotspotParameters()
                    parameters.cells = .studyArea
                    parameters.shape = shape
                    parameters.fdr = fdr
                    parameters.weights = transform
                    parameters.alpha = [0.05, 0.2, 0.9][Int(trial % 3)]
                    let prepared = try Self.prepared(shape: shape, width: width, height: height, tips: tips, seed: trial)
                    let quiet = HotspotGridBuilder.score(prepared, parameters: parameters)
                    let reference = HotspotGridBuilder.score(prepared, parameters: parameters, quietCells: false)
                    let what = "\(shape) \(width)×\(height), \(tips) tips, fdr \(fdr), \(transform)"
                    #expect(quiet.cells.sharedRuns > 0, "\(what): the quiet classes were used")
                    #expect(reference.cells.sharedRuns == 0)
                    #expect(quiet.cells.count == reference.cells.count, "\(what)")
                    #expect(Array(quiet.cells) == Array(reference.cells), "\(what)")
                    #expect(quiet.links == reference.links, "\(what)")
                    #expect(quiet.hotCells == reference.hotCells && quiet.coldCells == reference.coldCells, "\(what)")
                    #expect(quiet.cellsWithTips == reference.cellsWithTips, "\(what)")
                    #expect(quiet.exported().map(\.id) == reference.exported().map(\.id), "\(what): informative export")
                }
            }
        }
    }

    @Test("all counts equal: scored cell by cell, with the note")
    func degenerate() throws {
        var parameters = HotspotParameters()
        parameters.cells = .studyArea
        let prepared = try Self.prepared(shape: .square, width: 10, height: 10, tips: 0, seed: 1)
        let grid = HotspotGridBuilder.score(prepared, parameters: parameters)
        #expect(grid.cells.sharedRuns == 0)
        #expect(grid.notes.contains { $0.contains("same count") })
        #expect(grid.cells.allSatisfy { $0.z == 0 && $0.p == 1 })
    }

    @Test("ranked cells read alike by index, iteration, slices and keeping")
    func collection() {
        func cell(_ ix: Int32, _ count: Int, _ significant: Bool) -> HotspotCell {
            var c = HotspotCell(id: CellID(ix: ix, iy: 0), count: count)
            c.significant = significant
            return c
        }
        var template = cell(0, 0, false)
        template.z = -0.5
        let shared = (100..<110).map { CellID(ix: $0, iy: 1) }
        let cells = HotspotCells(stored: [cell(1, 5, true), cell(2, 4, false), cell(3, 0, false)], templates: [template, cell(0, 0, true)],
                                 sharedIDs: shared, sharedRuns: [(1, 0..<3, 1), (0, 3..<10, 3), (0, 10..<10, 3)])
        #expect(cells.count == 13)
        let expected = [1, 100, 101, 102, 2, 3, 103, 104, 105, 106, 107, 108, 109].map { CellID(ix: Int32($0), iy: $0 >= 100 ? 1 : 0) }
        #expect(cells.map(\.id) == expected)
        #expect((0..<cells.count).map { cells[$0].id } == expected)
        #expect(cells[7].z == -0.5 && cells[7].count == 0)
        #expect(cells.prefix(5).map(\.id) == Array(expected.prefix(5)))
        #expect(cells[4..<8].map(\.id) == Array(expected[4..<8]))
        let kept = cells.keeping { $0.significant || $0.count > 0 }
        #expect(kept.map(\.id) == [1, 100, 101, 102, 2].map { CellID(ix: Int32($0), iy: $0 >= 100 ? 1 : 0) })
        #expect(cells.keeping { _ in false }.isEmpty)
        #expect(HotspotCells([]).isEmpty)
        #expect(Array(HotspotCells([cell(9, 1, false)])).map(\.id) == [CellID(ix: 9, iy: 0)])
    }
}

extension QuietCellScoringTests {
    @Test("written by many workers: the quiet cells' ids by class (classes in turn, each in (ix, iy) order), the ranked cells, links and hot and cold counts are one core's",
          arguments: [GridShape.square, .hex])
    func splitAmongWorkers(shape: GridShape) throws {
        let splits = [WorkSplit(minimum: 1, cores: 2), WorkSplit(minimum: 97, cores: 11), WorkSplit(minimum: 1, cores: 300)]
        for (seed, tips) in [(UInt64(3), 40), (4, 3_000)] {
            let set = try Self.prepared(shape: shape, width: 90, height: 70, tips: tips, seed: seed).cells
            // The quiet cells' ids, with two neighbour counts in one class as equal z-scores make them.
            let (neighbours, tipSums) = set.neighbourhoods()
            let classOfCount = (0...8).map { $0 == 8 ? 7 : $0 }
            var reference = [[CellID]](repeating: [], count: 8)
            for i in 0..<set.count where tipSums[i] == 0 { reference[classOfCount[Int(neighbours[i])]].append(set.ids[i]) }
            var classStart = [0]
            for ids in reference { classStart.append(classStart.last! + ids.count) }
            // The whole scoring.
            var parameters = HotspotParameters()
            parameters.shape = shape
            let one = try #require(QuietCellScoring.score(set, parameters: parameters, split: WorkSplit(minimum: 1 << 30)))
            #expect(one.hot + one.cold > 0)
            for split in splits {
                let ids = QuietCellScoring.sharedCellIDs(set, tips: tipSums, neighbours: neighbours, classOfCount: classOfCount,
                                                         classStart: classStart, split: split)
                #expect(ids == reference.flatMap { $0 }, "\(shape), \(tips) tips, \(split)")
                let many = try #require(QuietCellScoring.score(set, parameters: parameters, split: split))
                #expect(Array(many.cells) == Array(one.cells), "\(shape), \(tips) tips, \(split)")
                #expect(many.links == one.links && many.hot == one.hot && many.cold == one.cold, "\(shape), \(tips) tips, \(split)")
            }
        }
    }
}
