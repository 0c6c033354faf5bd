/// Tips, and tips seen by a camera, in each of a few thousand hot cells, counted over a
/// million tips on all cores without hashing: the cells are filed by row (iy), each row's
/// cells in ix order, so a tip's cell is found by indexing its row and a search of the few
/// cells there. (A `Set` and a `Dictionary` of cell ids cost ~80 ms per million tips.)
struct HotCellTally {
    /// The cells in (iy, ix) order, and each's position in the caller's list.
    private let iy: [Int32], ix: [Int32]
    private let position: [Int32]
    /// Row r = iy - firstRow holds `rowStart[r]..<rowStart[r + 1]`; empty when the rows
    /// span far more than the cells (a CRS in odd units): then one search over all.
    private let rowStart: [Int32]
    private let firstRow: Int64

    /// A tally over `cells` (distinct).
    init(cells: [CellID]) {
        let order = cells.indices.sorted { (cells[$0].iy, cells[$0].ix) < (cells[$1].iy, cells[$1].ix) }
        iy = order.map { cells[$0].iy }
        ix = order.map { cells[$0].ix }
        position = order.map { Int32($0) }
        guard let first = iy.first, let last = iy.last, Int64(last) - Int64(first) < 16 * Int64(cells.count) + 4_096 else {
            (rowStart, firstRow) = ([], 0)
            return
        }
        firstRow = Int64(first)
        let rows = Int(Int64(last) - firstRow + 1)
        var starts = [Int32](repeating: 0, count: rows + 1)
        for y in iy { starts[Int(Int64(y) - firstRow) + 1] += 1 }
        for r in 0..<rows { starts[r + 1] += starts[r] }
        rowStart = starts
    }

    /// The position in the caller's list of `cell`, nil when it is not one of the cells.
    func position(of cell: CellID) -> Int? {
        var (lo, hi) = (0, ix.count)
        if !rowStart.isEmpty {
            let row = Int64(cell.iy) - firstRow
            guard row >= 0, row < Int64(rowStart.count - 1) else { return nil }
            (lo, hi) = (Int(rowStart[Int(row)]), Int(rowStart[Int(row) + 1]))
        }
        let k = lo + SortedSearch.firstIndex(hi - lo) { !((iy[lo + $0], ix[lo + $0]) < (cell.iy, cell.ix)) }
        return k < hi && iy[k] == cell.iy && ix[k] == cell.ix ? Int(position[k]) : nil
    }

    /// Per cell (in the caller's order), the points of `metric` in it and those among them
    /// that `covered` flags; points that are not finite are in no cell.
    /// Each worker counts into a tally of its own (8 bytes a cell): `split` is capped so
    /// that the tallies stay within 64 MB together.
    func count(_ metric: [Coordinate], covered: [Bool], geometry: GridGeometry,
               split: WorkSplit = WorkSplit(minimum: 50_000)) -> (tips: [Int], covered: [Int]) {
        precondition(metric.count == covered.count)
        let cellCount = ix.count
        var split = split
        split.cores = min(split.cores, max(1, (64 << 20) / max(1, 8 * cellCount)))
        let parts = split.map(metric.count) { _, range -> [Int32] in
            var tally = [Int32](repeating: 0, count: 2 * cellCount)
            for i in range where metric[i].x.isFinite {
                guard let c = position(of: geometry.cell(x: metric[i].x, y: metric[i].y)) else { continue }
                tally[2 * c] += 1
                if covered[i] { tally[2 * c + 1] += 1 }
            }
            return tally
        }
        var tips = [Int](repeating: 0, count: cellCount), seen = [Int](repeating: 0, count: cellCount)
        for part in parts {
            for c in 0..<cellCount {
                tips[c] += Int(part[2 * c])
                seen[c] += Int(part[2 * c + 1])
            }
        }
        return (tips, seen)
    }
}

import Foundation
