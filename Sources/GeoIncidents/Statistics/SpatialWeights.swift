/// Binary spatial weights as neighbour lists (compressed sparse rows): unit `i`'s neighbours
/// are `neighbours[offsets[i] ..< offsets[i + 1]]`. Self-links are never stored; statistics
/// that include the unit itself (Gi*) add it.
public struct SpatialWeights: Sendable {
    /// Row starts, `count + 1` entries.
    public let offsets: [Int32]
    /// Neighbour indices, sorted ascending within each row.
    public let neighbours: [Int32]

    /// Builds weights from neighbour lists; each list is sorted and de-duplicated and
    /// self-links are dropped. Links are taken as given (callers supply symmetric lists).
    public init(neighbourLists: [[Int]]) {
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(neighbourLists.count + 1)
        var neighbours: [Int32] = []
        for (i, list) in neighbourLists.enumerated() {
            var previous = -1
            for j in list.sorted() where j != i && j != previous {
                neighbours.append(Int32(j))
                previous = j
            }
            offsets.append(Int32(neighbours.count))
        }
        self.offsets = offsets
        self.neighbours = neighbours
    }

    /// Wraps ready-made rows (`offsets.count == n + 1`).
    init(offsets: [Int32], neighbours: [Int32]) {
        self.offsets = offsets
        self.neighbours = neighbours
    }

    /// Number of units.
    public var count: Int { offsets.count - 1 }

    /// Number of directed links (each adjacent pair counts twice).
    public var linkCount: Int { neighbours.count }

    /// Unit `i`'s neighbours.
    public func neighbours(of i: Int) -> ArraySlice<Int32> {
        neighbours[Int(offsets[i])..<Int(offsets[i + 1])]
    }

    /// Unit `i`'s number of neighbours.
    public func cardinality(_ i: Int) -> Int { Int(offsets[i + 1] - offsets[i]) }

    /// Units without neighbours (islands), which row-standardised statistics skip.
    public var islands: [Int] { (0..<count).filter { cardinality($0) == 0 } }
}
