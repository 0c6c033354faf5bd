/// Gi* with FDR over a study area's cells without scoring millions of cells one by one.
///
/// A *quiet* cell has no tip in it or its neighbours, so its neighbourhood sum is 0 and its
/// z, p, adjusted p and bin depend only on its number of neighbours: a study area's millions
/// of quiet cells take at most 9 distinct values (7 for hexagons). The *active* cells are
/// scored one by one with the formulas of `GetisOrd`; each class of quiet cells once.
/// The ranking (z descending, ties by (ix, iy)) is the active cells sorted, with each
/// class's cells, in (ix, iy) order, as one run where its z falls; Benjamini–Hochberg runs
/// over the same p-values with a class as a block of equal p (every member of a block of
/// equal p gets the same adjusted value, whatever their order), so every figure is the one
/// the cell-by-cell run computes — the tests compare both on random grids, bit for bit.
///
/// Returns nil where the shortcut does not hold (all counts equal, a score that is not
/// finite, an active cell's z equal to a class's, so that ties would need (ix, iy) across
/// runs):
/// the caller then scores cell by cell.
enum QuietCellScoring {
    struct Scored {
        var cells: HotspotCells
        var links: Int
        var hot: Int
        var cold: Int
    }

    /// `split`: how the active cells' and the quiet cells' writing is shared among cores
    /// (`nil`: the defaults; tests split small grids).
    static func score(_ set: CellSet, parameters: HotspotParameters, split: WorkSplit? = nil) -> Scored? {
        let n = set.count
        guard n > 1 else { return nil }
        let (mean, s) = GetisOrd.moments(set.counts)
        guard s > 0 else { return nil }
        let nd = Double(n)
        let clock = StageClock()
        let (neighbours, tips) = set.neighbourhoods()
        clock.lap("neighbourhoods")
        let links = neighbours.reduce(0) { $0 + Int($1) }

        // Classes of quiet cells: by neighbour count, scored once; counts whose z is the
        // same (every count, with row-standardised weights) make one class.
        let counts = Int(neighbours.max() ?? 0) + 1
        var quietByCount = [Int](repeating: 0, count: counts)
        var active: [Int32] = []
        for i in 0..<n {
            if tips[i] > 0 { active.append(Int32(i)) } else { quietByCount[Int(neighbours[i])] += 1 }
        }
        var classOfCount = [Int](repeating: -1, count: counts)
        var classZ: [Double] = [], classKey: [UInt64] = [], members: [Int] = []
        for c in 0..<counts where quietByCount[c] > 0 {
            let zc = GetisOrd.score(total: 0, weight: Double(c + 1), mean: mean, standardDeviation: s, count: nd, transform: parameters.weights)
            guard zc.isFinite else { return nil }
            let key = HotspotGridBuilder.descendingKey(zc)
            if let same = classKey.firstIndex(of: key) {
                classOfCount[c] = same
                members[same] += quietByCount[c]
            } else {
                classOfCount[c] = classKey.count
                classZ.append(zc); classKey.append(key); members.append(quietByCount[c])
            }
        }
        let classCount = classKey.count
        // Active cells scored one by one.
        var z = [Double](repeating: 0, count: active.count)
        for (k, i) in active.enumerated() {
            z[k] = GetisOrd.score(total: Double(tips[Int(i)]), weight: Double(Int(neighbours[Int(i)]) + 1), mean: mean,
                                  standardDeviation: s, count: nd, transform: parameters.weights)
            guard z[k].isFinite else { return nil }
        }
        clock.lap("active cells scored")
        let keys = z.map(HotspotGridBuilder.descendingKey)
        let order = RadixSort.order(keys)  // stable: ties by (ix, iy), as cell by cell
        let classes = (0..<classCount).sorted { classKey[$0] < classKey[$1] }
        for key in keys where classKey.contains(key) { return nil }

        // The ranking as units, z descending: an active cell (u < active.count, its position
        // in `active`) or a class (active.count + c).
        let a = active.count
        var items: [Int32] = []
        items.reserveCapacity(a + classes.count)
        var nextClass = 0
        for k in order {
            while nextClass < classes.count && classKey[classes[nextClass]] < keys[Int(k)] { items.append(Int32(a + classes[nextClass])); nextClass += 1 }
            items.append(k)
        }
        while nextClass < classes.count { items.append(Int32(a + classes[nextClass])); nextClass += 1 }

        clock.lap("ranked")
        // Benjamini–Hochberg over every cell: a class is a block of equal p.
        let unitZ = z + classZ
        let unitP = unitZ.map(NormalDistribution.twoSidedP)
        let unitAdjusted = parameters.fdr
            ? FalseDiscoveryRate.adjust(unitP, ascending: FalseDiscoveryRate.ascendingP(z: unitZ, zDescending: items),
                                        sizes: [Int](repeating: 1, count: a) + members)
            : unitP

        clock.lap("fdr")
        // Templates, shared ids per class in (ix, iy) order, and the runs.
        var hot = 0, cold = 0
        func count(_ zi: Double, _ q: Double, times m: Int) {
            guard q <= parameters.alpha else { return }
            if zi > 0 { hot += m } else if zi < 0 { cold += m }
        }
        var templates: [HotspotCell] = []
        var templateOfClass = [Int](repeating: -1, count: classCount)
        var classStart = [Int](repeating: 0, count: classCount + 1)
        for c in 0..<classCount { classStart[c + 1] = classStart[c] + members[c] }
        for c in classes {
            var template = HotspotCell(id: CellID(ix: 0, iy: 0), count: 0)
            template.z = classZ[c]
            template.p = unitP[a + c]
            if parameters.fdr { template.pAdjusted = unitAdjusted[a + c] }
            template.bin = FalseDiscoveryRate.bin(z: classZ[c], p: unitAdjusted[a + c])
            template.significant = unitAdjusted[a + c] <= parameters.alpha
            count(classZ[c], unitAdjusted[a + c], times: members[c])
            templateOfClass[c] = templates.count
            templates.append(template)
        }
        let sharedIDs = sharedCellIDs(set, tips: tips, neighbours: neighbours, classOfCount: classOfCount, classStart: classStart,
                                      split: split ?? WorkSplit(minimum: 1 << 20))
        // The runs of classes, each after the active cells ranked above it.
        var runs: [(template: Int, range: Range<Int>, before: Int)] = []
        var activeBefore = 0
        for item in items {
            if Int(item) >= a {
                let c = Int(item) - a
                runs.append((templateOfClass[c], classStart[c]..<classStart[c + 1], activeBefore))
            } else {
                activeBefore += 1
            }
        }
        // The active cells in rank order: `items` lists them in `order`'s order.
        let (stored, activeHot, activeCold) = activeCells(order, active: active, set: set, z: z, p: unitP, adjusted: unitAdjusted,
                                                          parameters: parameters, split: split ?? WorkSplit(minimum: 1 << 16))
        hot += activeHot
        cold += activeCold
        clock.lap("cells")
        let cells = HotspotCells(stored: stored, templates: templates, sharedIDs: sharedIDs, sharedRuns: runs)
        return Scored(cells: cells, links: links, hot: hot, cold: cold)
    }

    /// The quiet cells' ids grouped by class, each class's in (ix, iy) order (class c at
    /// `classStart[c]..<classStart[c + 1]`), written on all cores: each worker takes a run of
    /// cells, and where its cells of each class go is known from the counts of the runs
    /// before it.
    static func sharedCellIDs(_ set: CellSet, tips: [UInt32], neighbours: [UInt8], classOfCount: [Int], classStart: [Int],
                              split: WorkSplit) -> [CellID] {
        let n = set.count, classCount = classStart.count - 1
        let perRun = split.map(n) { _, run -> [Int] in
            var counts = [Int](repeating: 0, count: classCount)
            for i in run where tips[i] == 0 { counts[classOfCount[Int(neighbours[i])]] += 1 }
            return counts
        }
        // Run w's first cell of class c goes after the class's cells in the runs before it.
        var starts: [[Int]] = []
        var next = Array(classStart.prefix(classCount))
        for counts in perRun {
            starts.append(next)
            for c in 0..<classCount { next[c] += counts[c] }
        }
        let firsts = starts
        let ids = set.ids
        return [CellID](unsafeUninitializedCapacity: classStart[classCount]) { buffer, initialized in
            if let base = buffer.baseAddress {
                let out = SendablePointer(base)
                _ = split.map(n) { w, run -> Int in
                    var fill = firsts[w]
                    for i in run where tips[i] == 0 {
                        let c = classOfCount[Int(neighbours[i])]
                        out.pointer[fill[c]] = ids[i]
                        fill[c] += 1
                    }
                    return 0
                }
            }
            initialized = classStart[classCount]
        }
    }

    /// The active cells `order` ranks (positions in `active`), scored, in that order, written
    /// on all cores (each worker a run of ranks); and how many of them are significantly hot
    /// and cold.
    static func activeCells(_ order: [Int32], active: [Int32], set: CellSet, z: [Double], p: [Double], adjusted: [Double],
                            parameters: HotspotParameters, split: WorkSplit) -> (cells: [HotspotCell], hot: Int, cold: Int) {
        let n = order.count
        var totals: [(hot: Int, cold: Int)] = []
        let ids = set.ids, counts = set.counts
        let cells = [HotspotCell](unsafeUninitializedCapacity: n) { buffer, initialized in
            if let base = buffer.baseAddress {
                let out = SendablePointer(base)
                totals = split.map(n) { _, run -> (hot: Int, cold: Int) in
                    var hot = 0, cold = 0
                    for j in run {
                        let k = Int(order[j]), i = Int(active[k])
                        var cell = HotspotCell(id: ids[i], count: Int(counts[i]))
                        cell.z = z[k]
                        cell.p = p[k]
                        if parameters.fdr { cell.pAdjusted = adjusted[k] }
                        cell.bin = FalseDiscoveryRate.bin(z: z[k], p: adjusted[k])
                        cell.significant = adjusted[k] <= parameters.alpha
                        if adjusted[k] <= parameters.alpha {
                            if z[k] > 0 { hot += 1 } else if z[k] < 0 { cold += 1 }
                        }
                        (out.pointer + j).initialize(to: cell)
                    }
                    return (hot, cold)
                }
            }
            initialized = n
        }
        return (cells, totals.reduce(0) { $0 + $1.hot }, totals.reduce(0) { $0 + $1.cold })
    }
}

import Foundation
