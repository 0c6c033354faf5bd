import Foundation
import Testing
@testable import GeoIncidents

@Suite("Cell neighbourhoods on all cores")
struct CellSetNeighbourhoodTests {
    @Test("neighbour counts and neighbourhood sums over column runs equal the contiguity weights', squares and hexagons, sparse and dense")
    func sameAsWeights() {
        var random = SystemRandomNumberGenerator()
        for shape in [GridShape.square, .hex] {
            for (points, spread) in [(0, 10), (1, 10), (3_000, 40), (20_000, 400), (20_000, 3)] {
                let geometry = GridGeometry(shape: shape, cellSize: 1)
                let ids = (0..<points).map { _ in CellID(ix: Int32.random(in: -Int32(spread)...Int32(spread), using: &random),
                                                         iy: Int32.random(in: -Int32(spread)...Int32(spread), using: &random)) }
                let area = (0..<points / 2).map { _ in CellID(ix: Int32.random(in: -Int32(spread)...Int32(spread), using: &random),
                                                              iy: Int32.random(in: -Int32(spread)...Int32(spread), using: &random)) }
                let (set, _) = CellSet.build(geometry: geometry, points: ids, area: area)
                let weights = set.weights()
                var neighbours: [UInt8] = [], sums: [UInt32] = []
                for i in 0..<set.count {
                    let row = Int(weights.offsets[i])..<Int(weights.offsets[i + 1])
                    neighbours.append(UInt8(row.count))
                    sums.append(UInt32(set.counts[i]) + row.reduce(0) { $0 + UInt32(set.counts[Int(weights.neighbours[$1])]) })
                }
                for split in [WorkSplit(minimum: 200_000), WorkSplit(minimum: 1, cores: 2), WorkSplit(minimum: 7, cores: 13), WorkSplit(minimum: 1, cores: 500)] {
                    let result = set.neighbourhoods(split: split)
                    // Compared without printing thousands of numbers on a failure.
                    let wrong = zip(result.neighbours, neighbours).filter { $0 != $1 }.count + zip(result.tips, sums).filter { $0 != $1 }.count
                    #expect(result.neighbours.count == set.count && result.tips.count == set.count && wrong == 0,
                            "\(shape) \(points) points, \(split): \(wrong) cells differ")
                }
            }
        }
    }
}
