import Foundation

/// The cells of one hotspot run and the tips counted into them, sorted by (ix, iy).
///
/// Cells come from two sources: the study area (every cell whose centre lies inside the
/// scope's polygons, with count 0 unless tips fall in it) and the tips themselves (a tip
/// always counts in its own cell, even one whose centre lies just outside the polygons).
/// Cell indices are positions in (ix, iy) order, so they are the same on every run.
struct CellSet {
    let geometry: GridGeometry
    /// Cell ids in ascending (ix, iy) order.
    let ids: [CellID]
    /// Tips per cell.
    let counts: [Double]
    /// Cells that came from the study area (the rest hold tips outside it).
    let areaCells: Int

    var count: Int { ids.count }

    /// The id of the cell at `index`.
    func cell(_ index: Int) -> CellID { ids[index] }

    /// The index of `cell`, or nil when it is not in the set (binary search).
    func index(of cell: CellID) -> Int? { ids.sortedIndex(of: cell) }

    /// Counts `points` (cell ids, ``CellID/none`` for a tip that could not be projected) into the
    /// union of their cells and `area`. Returns the set and each point's cell index (-1 for
    /// none).
    /// `denseLimit`: the largest bounding grid counted densely (tests set 0 to sort);
    /// `split`: how the dense grid's 64-cell words are shared among cores.
    static func build(geometry: GridGeometry, points: [CellID], area: [CellID], denseLimit: UInt64 = CellSet.denseLimit,
                      split: WorkSplit = WorkSplit(minimum: 1 << 16)) -> (CellSet, [Int32]) {
        var minX = Int32.max, minY = Int32.max, maxX = Int32.min, maxY = Int32.min
        func extend(_ c: CellID) {
            minX = min(minX, c.ix); maxX = max(maxX, c.ix)
            minY = min(minY, c.iy); maxY = max(maxY, c.iy)
        }
        for c in points where c != .none { extend(c) }
        for c in area { extend(c) }
        var pointCells = [Int32](repeating: -1, count: points.count)
        guard minX <= maxX else { return (CellSet(geometry: geometry, ids: [], counts: [], areaCells: 0), pointCells) }
        // Compact keys (ix - minX)·spanY + (iy - minY) keep (ix, iy) order in few radix digits.
        let spanY = UInt64(Int64(maxY) - Int64(minY) + 1)
        @inline(__always) func key(_ c: CellID) -> UInt64 {
            UInt64(Int64(c.ix) - Int64(minX)) &* spanY &+ UInt64(Int64(c.iy) - Int64(minY))
        }
        let spanX = UInt64(Int64(maxX) - Int64(minX) + 1)
        let (dense, overflow) = spanX.multipliedReportingOverflow(by: spanY)
        if !overflow, dense <= denseLimit, dense <= 16 * UInt64(points.count + area.count) {
            return buildDense(geometry: geometry, points: points, area: area, origin: (minX, minY), spanY: Int(spanY), cells: Int(dense),
                              split: split)
        }
        var keys: [UInt64] = []
        var source: [Int32] = []  // point index, or -1 for an area cell
        keys.reserveCapacity(points.count + area.count)
        source.reserveCapacity(points.count + area.count)
        for (i, c) in points.enumerated() where c != .none { keys.append(key(c)); source.append(Int32(i)) }
        for c in area { keys.append(key(c)); source.append(-1) }
        let (order, sortedKeys) = RadixSort.sort(keys)
        var ids: [CellID] = []
        var counts: [Double] = []
        var areaCells = 0
        order.withUnsafeBufferPointer { order in
            sortedKeys.withUnsafeBufferPointer { sortedKeys in
                source.withUnsafeBufferPointer { source in
                    pointCells.withUnsafeMutableBufferPointer { pointCells in
                        var k = 0
                        let total = sortedKeys.count
                        while k < total {
                            let cellKey = sortedKeys[k]
                            let cellIndex = Int32(ids.count)
                            var tips = 0
                            var inArea = false
                            while k < total && sortedKeys[k] == cellKey {
                                let point = source[Int(order[k])]
                                if point >= 0 { tips += 1; pointCells[Int(point)] = cellIndex } else { inArea = true }
                                k += 1
                            }
                            ids.append(CellID(ix: Int32(Int64(cellKey / spanY) + Int64(minX)), iy: Int32(Int64(cellKey % spanY) + Int64(minY))))
                            counts.append(Double(tips))
                            if inArea { areaCells += 1 }
                        }
                    }
                }
            }
        }
        return (CellSet(geometry: geometry, ids: ids, counts: counts, areaCells: areaCells), pointCells)
    }

    /// Largest bounding grid (cells) counted densely: two bits a cell and 4 bytes a word of 64, 10 MB at most.
    static let denseLimit: UInt64 = 32_000_000

    /// ``build(geometry:points:area:)`` over the dense grid of the bounding box, when it is
    /// not much larger than the cells: a bit per grid cell for the area and one for tips, read
    /// a 64-bit word at a time in (ix, iy) order — no sort of millions of keys (a province's
    /// study area at 250 m). Tips are tallied per *tip cell*, numbered by their rank among
    /// the tip bits (the bits set before them), so the tally is as long as the cells with tips,
    /// not the grid: a country's bounding box at 250 m is 23M cells, and a tally of each
    /// touched a page per few tips (~25 ms of page faults at 1M tips).
    private static func buildDense(geometry: GridGeometry, points: [CellID], area: [CellID], origin: (x: Int32, y: Int32),
                                   spanY: Int, cells: Int, split: WorkSplit) -> (CellSet, [Int32]) {
        @Sendable @inline(__always) func key(_ c: CellID) -> Int { (Int(c.ix) - Int(origin.x)) * spanY + (Int(c.iy) - Int(origin.y)) }
        let words = (cells + 63) / 64
        var inAreaBits = [UInt64](repeating: 0, count: words), tipBits = [UInt64](repeating: 0, count: words)
        for c in points where c != .none {
            let k = key(c)
            tipBits[k >> 6] |= 1 << UInt64(k & 63)
        }
        for c in area {
            let k = key(c)
            inAreaBits[k >> 6] |= 1 << UInt64(k & 63)
        }
        // Tip cells before each word: a tip cell's rank is that plus the tip bits below it in its word.
        var ranksBefore = [Int32](repeating: 0, count: words + 1)
        for w in 0..<words { ranksBefore[w + 1] = ranksBefore[w] + Int32(tipBits[w].nonzeroBitCount) }
        let tipCells = Int(ranksBefore[words])
        let (inArea, withTips, before) = (inAreaBits, tipBits, ranksBefore)
        @Sendable @inline(__always) func rank(_ k: Int) -> Int {
            Int(before[k >> 6]) + (withTips[k >> 6] & ((1 << UInt64(k & 63)) &- 1)).nonzeroBitCount
        }
        // Tips per tip cell, each worker into a tally of its own (4 bytes a tip cell), summed:
        // the workers capped so that the tallies stay within 64 MB together.
        var tallySplit = split
        tallySplit.cores = min(split.cores, max(1, (64 << 20) / max(1, 4 * tipCells)))
        var tally = [UInt32](repeating: 0, count: tipCells)
        for part in tallySplit.map(points.count, { _, run -> [UInt32] in
            var mine = [UInt32](repeating: 0, count: tipCells)
            for i in run where points[i] != .none { mine[rank(key(points[i]))] += 1 }
            return mine
        }) {
            for r in 0..<tipCells { tally[r] += part[r] }
        }
        // The cells, in grid order, written on all cores: each worker takes a run of words,
        // its cells' first index and its first tip cell's rank known from the bits before it.
        let sizes = split.map(words) { _, run in run.reduce(0) { $0 + (inArea[$1] | withTips[$1]).nonzeroBitCount } }
        var starts = [0]
        for size in sizes { starts.append(starts.last! + size) }
        let firsts = starts
        let total = firsts[sizes.count]
        let tipCounts = tally
        // Each tip cell's index in the set, by rank (one entry more, so the buffer always has an address).
        var indexOfRank = [Int32](repeating: -1, count: tipCells + 1)
        var areaCells = 0
        var counts: [Double] = []
        let ids = indexOfRank.withUnsafeMutableBufferPointer { indexBuffer in
            let indexOut = SendablePointer(indexBuffer.baseAddress!)
            return [CellID](unsafeUninitializedCapacity: total) { idBuffer, idCount in
                counts = [Double](unsafeUninitializedCapacity: total) { countBuffer, countCount in
                    guard let idBase = idBuffer.baseAddress, let countBase = countBuffer.baseAddress else { return }
                    let (idOut, countOut) = (SendablePointer(idBase), SendablePointer(countBase))
                    areaCells = split.map(words) { w, run -> Int in
                        var next = firsts[w], inside = 0
                        var tipRank = run.isEmpty ? 0 : Int(before[run.lowerBound])
                        // The column of grid cell k, followed as k grows (no division per cell).
                        var column = 0, columnStart = 0
                        for word in run {
                            var bits = inArea[word] | withTips[word]
                            while bits != 0 {
                                let bit = UInt64(1) << UInt64(bits.trailingZeroBitCount)
                                bits &= bits - 1
                                let k = word << 6 | bit.trailingZeroBitCount
                                var tips: UInt32 = 0
                                if withTips[word] & bit != 0 {
                                    tips = tipCounts[tipRank]
                                    indexOut.pointer[tipRank] = Int32(next)
                                    tipRank += 1
                                }
                                if k - columnStart >= spanY {
                                    column = k / spanY
                                    columnStart = column * spanY
                                }
                                idOut.pointer[next] = CellID(ix: Int32(Int(origin.x) + column), iy: Int32(Int(origin.y) + k - columnStart))
                                countOut.pointer[next] = Double(tips)
                                if inArea[word] & bit != 0 { inside += 1 }
                                next += 1
                            }
                        }
                        return inside
                    }.reduce(0, +)
                    countCount = total
                }
                idCount = total
            }
        }
        let cellOfRank = indexOfRank
        var pointCells = [Int32](repeating: -1, count: points.count)
        pointCells.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = SendablePointer(base)
            ParallelProjection.forEachChunk(count: points.count, minimumChunk: 100_000) { range in
                for i in range where points[i] != .none { out.pointer[i] = cellOfRank[rank(key(points[i]))] }
            }
        }
        return (CellSet(geometry: geometry, ids: ids, counts: counts, areaCells: areaCells), pointCells)
    }

    /// Contiguity among the cells of the set: queen for squares, edge-sharing for hexagons.
    func weights() -> SpatialWeights {
        let n = ids.count
        var rowStarts = [Int32](repeating: 0, count: n + 1)
        var neighbours: [Int32] = []
        // Room for every neighbour of a full grid (8 for squares, 6 for hexagons): growing by
        // doubling would copy a study area's links twice over.
        neighbours.reserveCapacity(n * (geometry.shape == .hex ? 6 : 8))
        forEachLink { _, j in neighbours.append(Int32(j)) } rowEnd: { i in rowStarts[i + 1] = Int32(neighbours.count) }
        return SpatialWeights(offsets: rowStarts, neighbours: neighbours)
    }

    /// Per cell, its number of neighbours and the tips in it and its neighbours together
    /// (Gi*'s neighbourhood sum), without storing the links; on all cores, each worker
    /// over a run of whole columns (a cell's figures are written by its column's worker
    /// only), shared among cores by `split`.
    func neighbourhoods(split: WorkSplit = WorkSplit(minimum: 200_000)) -> (neighbours: [UInt8], tips: [UInt32]) {
        var neighbours = [UInt8](repeating: 0, count: ids.count)
        var tips = counts.map { UInt32($0) }
        let columns = Columns(ids)
        let workers = split.workers(ids.count)
        // Column runs of about equal cells.
        var runs = [0]
        for w in 1..<workers { runs.append(max(runs[w - 1], columns.first(atOrAfterCell: ids.count * w / workers))) }
        runs.append(columns.count)
        let bounds = runs
        let counts = self.counts
        neighbours.withUnsafeMutableBufferPointer { neighbours in
            tips.withUnsafeMutableBufferPointer { tips in
                let (neighbourOut, tipOut) = (SendablePointer(neighbours.baseAddress!), SendablePointer(tips.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    counts.withUnsafeBufferPointer { counts in
                        forEachLink(columns: bounds[w]..<bounds[w + 1], of: columns) { i, j in
                            neighbourOut.pointer[i] &+= 1
                            tipOut.pointer[i] &+= UInt32(counts[j])
                        } rowEnd: { _ in }
                    }
                }
            }
        }
        return (neighbours, tips)
    }

    /// The runs of equal ix among the cells: column c is cells `start[c]..<start[c + 1]`,
    /// all at ix `x[c]`.
    struct Columns {
        var start: [Int] = []
        var x: [Int32] = []

        init(_ ids: [CellID]) {
            for i in ids.indices where i == 0 || ids[i].ix != ids[i - 1].ix { start.append(i); x.append(ids[i].ix) }
            start.append(ids.count)
        }

        var count: Int { x.count }

        /// The first column starting at or after cell `cell` (``count`` when none).
        func first(atOrAfterCell cell: Int) -> Int { SortedSearch.firstIndex(x.count) { start[$0] >= cell } }
    }

    /// Calls `link(i, j)` for every neighbour j of every cell i of `columns` (all when
    /// nil) — i ascending, each cell's neighbours ascending — and `rowEnd(i)` after cell
    /// i's. Cells are in (ix, iy) order, so each column's neighbours in the next and
    /// previous columns are found by a forward-moving pointer, with no hashing.
    @inline(__always)
    private func forEachLink(columns range: Range<Int>? = nil, of directory: Columns? = nil,
                             _ link: (_ i: Int, _ j: Int) -> Void, rowEnd: (_ i: Int) -> Void) {
        let directory = directory ?? Columns(ids)
        let (columnStart, columnX) = (directory.start, directory.x)
        let hex = geometry.shape == .hex
        // Allowed dy per side column: squares take -1, 0, 1; hexagons (1, -1), (1, 0) on the
        // right and (-1, 0), (-1, 1) on the left.
        let rightDy: ClosedRange<Int32> = hex ? -1...0 : -1...1
        let leftDy: ClosedRange<Int32> = hex ? 0...1 : -1...1
        ids.withUnsafeBufferPointer { ids in
            for c in range ?? 0..<directory.count {
                let start = columnStart[c], end = columnStart[c + 1]
                let left = c > 0 && columnX[c - 1] == columnX[c] - 1 ? (columnStart[c - 1], columnStart[c]) : nil
                let right = c + 2 < columnStart.count && columnX[c + 1] == columnX[c] + 1 ? (columnStart[c + 1], columnStart[c + 2]) : nil
                var leftPointer = left?.0 ?? 0, rightPointer = right?.0 ?? 0
                for i in start..<end {
                    let iy = ids[i].iy
                    if let (_, leftEnd) = left {
                        while leftPointer < leftEnd && ids[leftPointer].iy < iy &+ leftDy.lowerBound { leftPointer += 1 }
                        var p = leftPointer
                        while p < leftEnd && ids[p].iy <= iy &+ leftDy.upperBound { link(i, p); p += 1 }
                    }
                    if i > start && ids[i - 1].iy == iy - 1 { link(i, i - 1) }
                    if i + 1 < end && ids[i + 1].iy == iy + 1 { link(i, i + 1) }
                    if let (_, rightEnd) = right {
                        while rightPointer < rightEnd && ids[rightPointer].iy < iy &+ rightDy.lowerBound { rightPointer += 1 }
                        var p = rightPointer
                        while p < rightEnd && ids[p].iy <= iy &+ rightDy.upperBound { link(i, p); p += 1 }
                    }
                    rowEnd(i)
                }
            }
        }
    }
}
