import Foundation
import Testing
@testable import GeoIncidents

@Suite("Hot-cell tally of coverage gaps")
struct HotCellTallyTests {
    @Test("counts per cell equal a dictionary's, for squares and hexagons, far and negative cells, points in no cell")
    func sameAsDictionary() throws {
        var random = SystemRandomNumberGenerator()
        for shape in [GridShape.square, .hex] {
            for trial in 0..<6 {
                let geometry = GridGeometry(shape: shape, cellSize: [250.0, 500, 1_000][trial % 3])
                var points: [Coordinate] = (0..<(trial == 0 ? 0 : 120_000)).map { _ in
                    Coordinate(x: Double.random(in: -20_000...20_000, using: &random), y: Double.random(in: -20_000...20_000, using: &random))
                }
                points += [Coordinate(x: .nan, y: 0), Coordinate(x: .infinity, y: 5), Coordinate(x: 1e300, y: -1e300), Coordinate(x: 0, y: .nan)]
                let covered = points.map { _ in Bool.random(using: &random) }
                // Hot cells: some under the points, some far away or at the index limits, none repeated.
                var cells = Set(points.prefix(400).filter { $0.x.isFinite && $0.y.isFinite }.map { geometry.cell(x: $0.x, y: $0.y) })
                // Far rows: on odd trials beyond the row directory's reach (one search over all).
                cells.insert(CellID(ix: 1_000_000, iy: trial % 2 == 1 ? -999_999_999 : -1_000))
                cells.insert(CellID(ix: -3, iy: 7))
                cells.remove(.none)
                let list = Array(cells).shuffled(using: &random)
                var reference: [CellID: (Int, Int)] = [:]
                for (i, p) in points.enumerated() where p.x.isFinite {
                    let cell = geometry.cell(x: p.x, y: p.y)
                    guard cells.contains(cell) else { continue }
                    reference[cell, default: (0, 0)].0 += 1
                    if covered[i] { reference[cell]!.1 += 1 }
                }
                for split in [WorkSplit(minimum: 50_000), WorkSplit(minimum: 1, cores: 9), WorkSplit(minimum: 1_000, cores: 40)] {
                    let tally = HotCellTally(cells: list).count(points, covered: covered, geometry: geometry, split: split)
                    #expect(tally.tips == list.map { reference[$0]?.0 ?? 0 }, "\(shape) trial \(trial), \(split)")
                    #expect(tally.covered == list.map { reference[$0]?.1 ?? 0 }, "\(shape) trial \(trial), \(split)")
                    #expect(trial == 0 || tally.tips.reduce(0, +) > 0)
                }
            }
        }
        #expect(HotCellTally(cells: []).count([Coordinate(x: 1, y: 1)], covered: [true], geometry: GridGeometry(shape: .square, cellSize: 250)).tips.isEmpty)
    }
}
