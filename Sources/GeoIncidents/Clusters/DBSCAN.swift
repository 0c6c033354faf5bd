import Foundation
import Synchronization

/// DBSCAN on points in metres (Ester et al. 1996, as scikit-learn and PostGIS define it): a
/// point is *core* when at least `minPoints` points (itself included) lie within `eps`
/// (distance ≤ eps); core points within eps of each other share a cluster; a non-core point
/// within eps of a core point is a *border* point of one such cluster; the rest is noise.
///
/// Grid algorithm: cells of side eps/√2, so any two points of one cell are within eps. A cell
/// holding `minPoints` points is all core without a distance test; other points count their
/// neighbours in the 5×5 cells around them, stopping at `minPoints`. Clusters are unions of
/// cells with core points, joined when some core pair across two cells is within eps (early
/// exit). Cluster, noise and core counts do not depend on the order; which of two reachable
/// clusters a border point joins does (as in every implementation).
public enum DBSCAN {
    /// The result: a label per point (`-1` noise, else the cluster 0..<clusterCount), core
    /// flags, the totals, and the points clustered (metres).
    public struct Result: Sendable {
        public var points: [Coordinate]
        public var labels: [Int32]
        public var isCore: [Bool]
        public var clusterCount: Int
        public var noiseCount: Int
        public var coreCount: Int
    }

    /// The smallest radius accepted (1 cm): no tip position is that precise, and a smaller
    /// one only multiplies the grid's cells.
    public static let minimumEps = 0.01

    public static func run(_ points: [Coordinate], eps: Double, minPoints: Int) throws -> Result {
        guard eps.isFinite, eps >= minimumEps else {
            throw GeoIncidentsError.invalidInput("eps must be a distance of at least \(minimumEps) m, got \(eps)")
        }
        guard minPoints >= 1 else { throw GeoIncidentsError.invalidInput("min points must be at least 1, got \(minPoints)") }
        let n = points.count
        var labels = [Int32](repeating: -1, count: n)
        var isCore = [Bool](repeating: false, count: n)
        guard n > 0 else { return Result(points: points, labels: labels, isCore: isCore, clusterCount: 0, noiseCount: 0, coreCount: 0) }
        let grid = try Grid(points: points, side: eps / 2.0.squareRoot())
        let eps2 = eps * eps
        let cellCount = grid.cellCount

        // 1. Core points.
        var core = [Bool](repeating: false, count: grid.order.count)  // in sorted order
        core.withUnsafeMutableBufferPointer { coreBuffer in
            let coreOut = SendablePointer(coreBuffer.baseAddress!)
            ParallelProjection.forEachChunk(count: cellCount, minimumChunk: 256) { cells in
                for c in cells {
                    let range = grid.range(c)
                    if range.count >= minPoints {
                        for k in range { coreOut.pointer[k] = true }
                        continue
                    }
                    let neighbours = grid.neighbours(c)
                    for k in range {
                        var count = range.count
                        let x = grid.xs[k], y = grid.ys[k]
                        search: for d in neighbours {
                            for j in grid.range(Int(d)) {
                                let dx = grid.xs[j] - x, dy = grid.ys[j] - y
                                if dx * dx + dy * dy <= eps2 {
                                    count += 1
                                    if count >= minPoints { break search }
                                }
                            }
                        }
                        if count >= minPoints { coreOut.pointer[k] = true }
                    }
                }
            }
        }

        // 2. Clusters: union-find over cells with core points.
        let coreFlags = core
        let cellRuns = WorkSplit(minimum: 1 << 14)
        let coreCells = cellRuns.map(cellCount) { _, cells in cells.map { c in grid.range(c).contains { coreFlags[$0] } } }.flatMap { $0 }
        var parent = (0..<Int32(cellCount)).map { coreCells[Int($0)] ? $0 : -1 }
        func find(_ c: Int) -> Int {
            var root = c
            while parent[root] != Int32(root) { root = Int(parent[root]) }
            var node = c
            while parent[node] != Int32(root) { let next = Int(parent[node]); parent[node] = Int32(root); node = next }
            return root
        }
        for c in 0..<cellCount where coreCells[c] {
            let range = grid.range(c)
            for d in grid.neighbours(c) where Int(d) > c && coreCells[Int(d)] {
                let a = find(c), b = find(Int(d))
                if a == b { continue }
                let other = grid.range(Int(d))
                var linked = false
                outer: for k in range where core[k] {
                    let x = grid.xs[k], y = grid.ys[k]
                    for j in other where core[j] {
                        let dx = grid.xs[j] - x, dy = grid.ys[j] - y
                        if dx * dx + dy * dy <= eps2 { linked = true; break outer }
                    }
                }
                if linked { parent[max(a, b)] = Int32(min(a, b)) }
            }
        }
        // Cluster numbers in order of each cluster's first core point (by input index): each
        // core cell's first core point, on all cores, then the smallest per root.
        var clusterOfRoot = [Int32](repeating: -1, count: cellCount)
        var rootOfCell = [Int32](repeating: -1, count: cellCount)
        for c in 0..<cellCount where coreCells[c] { rootOfCell[c] = Int32(find(c)) }
        let firstCore = cellRuns.map(cellCount) { _, cells in
            cells.map { c -> Int32 in
                var first = Int32.max
                for k in grid.range(c) where coreFlags[k] { first = min(first, grid.order[k]) }
                return first
            }
        }.flatMap { $0 }
        var firstOfRoot = [Int32](repeating: .max, count: cellCount)
        for c in 0..<cellCount where coreCells[c] {
            let root = Int(rootOfCell[c])
            firstOfRoot[root] = min(firstOfRoot[root], firstCore[c])
        }
        var clusterRoots: [Int] = []
        for c in 0..<cellCount where coreCells[c] && Int(rootOfCell[c]) == c { clusterRoots.append(c) }
        clusterRoots.sort { firstOfRoot[$0] < firstOfRoot[$1] }
        for (number, root) in clusterRoots.enumerated() { clusterOfRoot[root] = Int32(number) }
        let clusters = Int32(clusterRoots.count)
        // Each sorted point's cell (cells hold consecutive runs of the sorted points), and each
        // input point's place in the sorted order (-1: not projected).
        let cellOfSorted = cellRuns.map(cellCount) { _, cells in
            cells.flatMap { c in repeatElement(Int32(c), count: grid.range(c).count) }
        }.flatMap { $0 }
        var sortedPosition = [Int32](repeating: -1, count: n)
        sortedPosition.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            ParallelProjection.forEachChunk(count: grid.order.count, minimumChunk: 100_000) { run in
                for k in run { out.pointer[Int(grid.order[k])] = Int32(k) }
            }
        }

        // 3. Labels: core points take their cell's cluster; others the first core neighbour's.
        // Each point on its own: in chunks on all cores.
        let (coreSorted, coreCellFlags, roots, clusterNumbers, cells, sorted) = (core, coreCells, rootOfCell, clusterOfRoot, cellOfSorted, sortedPosition)
        let totals = Mutex((core: 0, noise: 0))
        labels.withUnsafeMutableBufferPointer { labelBuffer in
            isCore.withUnsafeMutableBufferPointer { coreBuffer in
                let labelOut = SendablePointer(labelBuffer.baseAddress!), coreOut = SendablePointer(coreBuffer.baseAddress!)
                ParallelProjection.forEachChunk(count: n, minimumChunk: 50_000) { range in
                    var coreCount = 0, noise = 0
                    for i in range {
                        let k = Int(sorted[i])
                        guard k >= 0 else { noise += 1; continue }
                        let c = Int(cells[k])
                        if coreSorted[k] {
                            coreOut.pointer[i] = true
                            coreCount += 1
                            labelOut.pointer[i] = clusterNumbers[Int(roots[c])]
                            continue
                        }
                        if coreCellFlags[c] {
                            labelOut.pointer[i] = clusterNumbers[Int(roots[c])]
                            continue
                        }
                        let x = grid.xs[k], y = grid.ys[k]
                        search: for d in grid.neighbours(c) where coreCellFlags[Int(d)] {
                            for j in grid.range(Int(d)) where coreSorted[j] {
                                let dx = grid.xs[j] - x, dy = grid.ys[j] - y
                                if dx * dx + dy * dy <= eps2 {
                                    labelOut.pointer[i] = clusterNumbers[Int(roots[Int(d)])]
                                    break search
                                }
                            }
                        }
                        if labelOut.pointer[i] < 0 { noise += 1 }
                    }
                    totals.withLock { $0.core += coreCount; $0.noise += noise }
                }
            }
        }
        let (coreCount, noise) = totals.withLock { ($0.core, $0.noise) }
        return Result(points: points, labels: labels, isCore: isCore, clusterCount: Int(clusters), noiseCount: noise, coreCount: coreCount)
    }

    /// Points bucketed into square cells, sorted by cell, with each cell's neighbours within
    /// two cells (every cell that can hold a point within eps).
    struct Grid: Sendable {
        /// Input indices in cell order (unprojectable points left out).
        let order: [Int32]
        let xs: [Double]
        let ys: [Double]
        let starts: [Int32]
        private let neighbourStarts: [Int32]
        private let neighbourList: [Int32]

        var cellCount: Int { starts.count - 1 }
        func range(_ c: Int) -> Range<Int> { Int(starts[c])..<Int(starts[c + 1]) }
        func neighbours(_ c: Int) -> ArraySlice<Int32> { neighbourList[Int(neighbourStarts[c])..<Int(neighbourStarts[c + 1])] }

        /// Cell indices beyond ±this (a CRS in odd units, a tiny eps) are refused before any
        /// conversion, so nothing traps; the key space check below bounds their product.
        static let indexLimit = 1e15

        init(points: [Coordinate], side: Double, split: WorkSplit = WorkSplit(minimum: 20_000)) throws {
            var cx: [Int64] = [], cy: [Int64] = [], index: [Int32] = []
            cx.reserveCapacity(points.count); cy.reserveCapacity(points.count); index.reserveCapacity(points.count)
            var minX = Int64.max, minY = Int64.max, maxX = Int64.min, maxY = Int64.min
            for (i, p) in points.enumerated() where p.x.isFinite && p.y.isFinite {
                let fx = (p.x / side).rounded(.down), fy = (p.y / side).rounded(.down)
                guard abs(fx) <= Self.indexLimit, abs(fy) <= Self.indexLimit else {
                    throw GeoIncidentsError.invalidInput("the tips lie too far from the CRS origin for cells of \(side) m: use another CRS or a larger eps")
                }
                let x = Int64(fx), y = Int64(fy)
                cx.append(x); cy.append(y); index.append(Int32(i))
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
            }
            guard !index.isEmpty else {
                order = []; xs = []; ys = []; starts = [0]; neighbourStarts = [0]; neighbourList = []
                return
            }
            // Keys (x − minX + 2)·span + (y − minY + 2) must fit 64 bits without wrapping.
            let span = UInt64(maxY - minY + 5), columns = UInt64(maxX - minX + 5)
            guard columns.multipliedReportingOverflow(by: span).overflow == false, columns * span < UInt64(1) << 62 else {
                throw GeoIncidentsError.invalidInput("eps \(side * 2.0.squareRoot()) m is too small for the extent of the tips: use a larger eps or fewer tips")
            }
            let keys = (0..<index.count).map { UInt64(cx[$0] - minX + 2) &* span &+ UInt64(cy[$0] - minY + 2) }
            let (sortedOrder, sortedKeys) = RadixSort.sort(keys)
            order = sortedOrder.map { index[Int($0)] }
            xs = order.map { points[Int($0)].x }
            ys = order.map { points[Int($0)].y }
            var starts: [Int32] = []
            var cellKeys: [UInt64] = []
            for (k, key) in sortedKeys.enumerated() where k == 0 || key != sortedKeys[k - 1] {
                starts.append(Int32(k)); cellKeys.append(key)
            }
            starts.append(Int32(sortedKeys.count))
            self.starts = starts
            (neighbourStarts, neighbourList) = Self.neighbourCells(cellKeys, span: Int64(span), split: split)
        }

        /// For each cell of `keys` (ascending, `x·span + y` with every y two rows clear of
        /// the column's ends), the cells among `keys` within two columns and rows, as
        /// compressed rows: in a column dx the five rows y−2…y+2 are one run of keys, so one
        /// forward cursor per column (five, not 24 per offset) finds them, in the order of
        /// their keys (columns, then rows). Runs of cells on all cores, each starting its
        /// cursors by a search.
        static func neighbourCells(_ keys: [UInt64], span: Int64, split: WorkSplit) -> (starts: [Int32], list: [Int32]) {
            let parts = split.map(keys.count) { _, run -> (counts: [Int32], list: [Int32]) in
                var counts = [Int32](repeating: 0, count: run.count)
                var list: [Int32] = []
                list.reserveCapacity(run.count * 8)
                // The first key of column window 0…4 (columns −2…+2) around `key`.
                func low(_ key: UInt64, _ column: Int) -> UInt64 { UInt64(Int64(key) + Int64(column - 2) * span - 2) }
                keys.withUnsafeBufferPointer { keys in
                    guard let first = run.first else { return }
                    var cursors = (0..<5).map { column in SortedSearch.firstIndex(keys.count) { keys[$0] >= low(keys[first], column) } }
                    for c in run {
                        let key = keys[c]
                        let before = list.count
                        for column in 0..<5 {
                            let from = low(key, column)
                            var p = cursors[column]
                            while p < keys.count && keys[p] < from { p += 1 }
                            cursors[column] = p
                            while p < keys.count && keys[p] <= from + 4 {
                                if keys[p] != key { list.append(Int32(p)) }
                                p += 1
                            }
                        }
                        counts[c - run.lowerBound] = Int32(list.count - before)
                    }
                }
                return (counts, list)
            }
            var starts = [Int32](repeating: 0, count: keys.count + 1)
            var list: [Int32] = []
            list.reserveCapacity(parts.reduce(0) { $0 + $1.list.count })
            var c = 0
            for part in parts {
                for count in part.counts {
                    starts[c + 1] = starts[c] + count
                    c += 1
                }
                list += part.list
            }
            return (starts, list)
        }
    }
}

extension DBSCAN {
    /// DBSCAN of lon/lat points in a projected CRS (metres): the points are projected with
    /// PROJ (`crs`, default the UTM zone of their median longitude), then clustered.
    public static func run(lonLat points: [Coordinate], crs: String? = nil, eps: Double, minPoints: Int,
                           projections: ProjectionCache = ProjectionCache()) throws -> Result {
        let target = try crs ?? MetricCRS.around(points)
        let metres = try ParallelProjection.forward(points, pool: try projections.pool(for: target))
        return try run(metres, eps: eps, minPoints: minPoints)
    }
}
