/// Emerging hot spot analysis: Gi* per time slice over one fixed cell set, then a
/// Mann–Kendall trend per cell and ArcGIS's categories (see ``EmergingCategory``).
enum EmergingHotspotBuilder {
    /// Minimum slices for a trend test to mean anything.
    static let minimumSlices = 4

    static func build(tips: TipPoints, studyArea: [[[Coordinate]]]?, parameters: HotspotParameters, slice: TimeSlice,
                      window: (since: Timestamp?, until: Timestamp?), projections: ProjectionCache) throws -> EmergingHotspots {
        var gistar = parameters
        gistar.method = .gistar
        try gistar.validate()
        guard tips.count > 0 else { throw GeoIncidentsError.invalidInput("no tips to analyse") }
        let prepared = try HotspotGridBuilder.prepare(lonLat: tips.coordinates, studyArea: studyArea.map(GridStudyArea.init(rings:)), parameters: gistar, projections: projections)
        let first = slice.number(window.since?.secondsSinceEpoch ?? tips.times.min()!)
        let last = slice.number((window.until?.secondsSinceEpoch).map { $0 - 1 } ?? tips.times.max()!)
        let sliceCount = Int(last - first + 1)
        guard sliceCount >= minimumSlices else {
            throw GeoIncidentsError.invalidInput("the window holds \(sliceCount) \(slice.rawValue)\(sliceCount == 1 ? "" : "s"); emerging hot spots need at least \(minimumSlices): widen the time window or slice by week")
        }
        guard sliceCount <= 1_000 else {
            throw GeoIncidentsError.invalidInput("the window holds \(sliceCount) \(slice.rawValue)s (limit 1,000): narrow it or slice by month")
        }
        let cells = prepared.cells
        let n = cells.count
        guard Double(n) * Double(sliceCount) <= 400_000_000 else {
            throw GeoIncidentsError.invalidInput("\(n) cells × \(sliceCount) slices is too large: use larger cells, a smaller scope or longer slices")
        }
        // Counts per slice, slice-major.
        var counts = [Double](repeating: 0, count: n * sliceCount)
        for i in 0..<tips.count {
            let cell = prepared.pointCells[i]
            guard cell >= 0 else { continue }
            let s = Int(slice.number(tips.times[i]) - first)
            guard s >= 0, s < sliceCount else { continue }
            counts[s * n + Int(cell)] += 1
        }
        let weights = cells.weights()
        var z = [Double](repeating: 0, count: n * sliceCount)
        var hot = [Bool](repeating: false, count: n * sliceCount)
        var cold = [Bool](repeating: false, count: n * sliceCount)
        var emptySlices = 0
        var finalP: [Double] = [], finalBins: [Int8] = []
        for s in 0..<sliceCount {
            let values = Array(counts[(s * n)..<((s + 1) * n)])
            let gi = GetisOrd.localGStar(values, weights: weights, transform: gistar.weights)
            if gi.standardDeviation == 0 { emptySlices += 1 }
            let q = gistar.fdr ? FalseDiscoveryRate.adjust(gi.p) : gi.p
            if s == sliceCount - 1 { finalP = gi.p; finalBins = FalseDiscoveryRate.bins(z: gi.z, p: q) }
            for i in 0..<n {
                z[s * n + i] = gi.z[i]
                if q[i] <= gistar.alpha {
                    if gi.z[i] > 0 { hot[s * n + i] = true } else if gi.z[i] < 0 { cold[s * n + i] = true }
                }
            }
        }
        var result: [EmergingCell] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            let zSeries = (0..<sliceCount).map { z[$0 * n + i] }
            let countSeries = (0..<sliceCount).map { counts[$0 * n + i] }
            let hotSeries = (0..<sliceCount).map { hot[$0 * n + i] }
            let coldSeries = (0..<sliceCount).map { cold[$0 * n + i] }
            let zTrend = MannKendall(zSeries)
            let category = EmergingCategory.classify(hot: hotSeries, cold: coldSeries, trend: zTrend.trend(alpha: gistar.alpha))
            result.append(EmergingCell(id: cells.ids[i], count: Int(cells.counts[i]), category: category,
                                       hotSlices: hotSeries.filter { $0 }.count, coldSlices: coldSeries.filter { $0 }.count,
                                       finalZ: zSeries[sliceCount - 1], finalP: finalP[i], finalBin: finalBins[i], zTrend: zTrend, countTrend: MannKendall(countSeries)))
        }
        let order = Dictionary(uniqueKeysWithValues: EmergingCategory.allCases.enumerated().map { ($1, $0) })
        result.sort { a, b in
            if a.category != b.category { return order[a.category]! < order[b.category]! }
            if a.count != b.count { return a.count > b.count }
            return a.id < b.id
        }
        var notes = prepared.notes
        if emptySlices > 0 { notes.append("\(emptySlices) slices have the same count in every cell (usually none): no hot or cold spots there") }
        return EmergingHotspots(parameters: gistar, slice: slice, sliceStarts: (first...last).map(slice.start), cells: result,
                                tipsMatched: tips.count, notes: notes,
                                frame: GridFrame(geometry: cells.geometry, crs: prepared.crs, projectors: prepared.projectors))
    }
}
