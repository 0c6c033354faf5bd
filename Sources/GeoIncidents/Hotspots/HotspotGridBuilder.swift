/// Computes hotspot grids from tip locations: projection, cell set, counts, contiguity and
/// the chosen statistic. Works on plain arrays, so the store, the CLI's benchmark and the
/// tests all run the same code.
enum HotspotGridBuilder {
    /// The grid for tips at `lonLat`, over `studyArea`'s cells when the cell set is
    /// `study-area`.
    static func build(lonLat: [Coordinate], studyArea: GridStudyArea?, parameters: HotspotParameters, projections: ProjectionCache) throws -> HotspotGrid {
        let prepared = try prepare(lonLat: lonLat, studyArea: studyArea, parameters: parameters, projections: projections)
        return score(prepared, parameters: parameters)
    }

    /// Tips counted into the cell set, before any statistic.
    struct Prepared {
        var cells: CellSet
        var metres: [Coordinate]
        var pointCells: [Int32]
        var crs: String
        var projectors: ProjectorPool
        var notProjected: Int
        var tipsMatched: Int
        var notes: [String]
    }

    static func prepare(lonLat: [Coordinate], studyArea: GridStudyArea?, parameters: HotspotParameters, projections: ProjectionCache) throws -> Prepared {
        try parameters.validate()
        let clock = StageClock()
        let crs = try parameters.crs ?? MetricCRS.around(lonLat, studyArea: { try studyArea?.rings() })
        let projectors = try projections.pool(for: crs)
        let geometry = GridGeometry(shape: parameters.shape, cellSize: parameters.cellSize)
        var notes: [String] = []
        var area: [CellID] = []
        if parameters.cells == .studyArea {
            // No area is an empty one: its cells say what is missing.
            area = try (studyArea ?? GridStudyArea(rings: [])).cells(crs: crs, geometry: geometry, maximumCells: parameters.maximumCells, projectors: projectors)
            clock.lap("study area cells")
        }
        let metres = try projections.forward(lonLat, to: crs)
        clock.lap("project")
        var pointIDs = [CellID](repeating: .none, count: metres.count)
        pointIDs.withUnsafeMutableBufferPointer { ids in
            let target = SendablePointer(ids.baseAddress!)
            ParallelProjection.forEachChunk(count: metres.count) { range in
                for i in range {
                    let p = metres[i]
                    if p.x.isFinite && p.y.isFinite { target.pointer[i] = geometry.cell(x: p.x, y: p.y) }
                }
            }
        }
        let notProjected = pointIDs.reduce(0) { $0 + ($1 == .none ? 1 : 0) }
        clock.lap("cell ids")
        let (cells, pointCells) = CellSet.build(geometry: geometry, points: pointIDs, area: area)
        clock.lap("cell set")
        if notProjected > 0 { notes.append("\(notProjected) tips could not be projected to \(crs) and were left out") }
        if parameters.cells == .studyArea, cells.count > cells.areaCells {
            notes.append("\(cells.count - cells.areaCells) cells with tips lie outside the study area's cell centres and were added")
        }
        return Prepared(cells: cells, metres: metres, pointCells: pointCells, crs: crs, projectors: projectors,
                        notProjected: notProjected, tipsMatched: lonLat.count, notes: notes)
    }

    /// Scores the prepared cells with the parameters' method and ranks them.
    /// `quietCells: false` scores a study area cell by cell (the tests' reference).
    static func score(_ prepared: Prepared, parameters: HotspotParameters, quietCells: Bool = true) -> HotspotGrid {
        let set = prepared.cells
        let n = set.count
        var notes = prepared.notes
        let clock = StageClock()
        if quietCells, parameters.method == .gistar, parameters.cells == .studyArea,
           let scored = QuietCellScoring.score(set, parameters: parameters) {
            clock.lap("gistar by cell class")
            return grid(prepared, parameters: parameters, cells: scored.cells, links: scored.links, hot: scored.hot, cold: scored.cold, notes: notes)
        }
        var weights = set.weights()
        let links = weights.linkCount
        clock.lap("weights")
        var z: [Double] = [], p: [Double] = [], adjusted: [Double] = [], bins: [Int8] = [], density: [Double] = []
        var hot = 0, cold = 0
        var rankKeys: [UInt64] = []
        var order: [Int32] = []
        switch parameters.method {
        case .gistar:
            let gi = GetisOrd.localGStar(set.counts, weights: weights, transform: parameters.weights)
            clock.lap("gistar")
            if gi.standardDeviation == 0 { notes.append("every cell has the same count: Gi* is undefined, all z set to 0") }
            (z, p) = (gi.z, gi.p)
            let isolated = weights.islands.count
            // The links are not needed past here: freed before the ranking's arrays grow.
            weights = SpatialWeights(offsets: [0], neighbours: [])
            rankKeys = z.map(descendingKey)
            order = RadixSort.order(rankKeys)
            rankKeys = []
            clock.lap("rank")
            adjusted = parameters.fdr ? FalseDiscoveryRate.adjust(p, ascending: FalseDiscoveryRate.ascendingP(z: z, zDescending: order)) : p
            bins = FalseDiscoveryRate.bins(z: z, p: adjusted)
            clock.lap("fdr")
            for i in 0..<n where adjusted[i] <= parameters.alpha {
                if z[i] > 0 { hot += 1 } else if z[i] < 0 { cold += 1 }
            }
            if isolated > 0, parameters.cells == .nonempty {
                notes.append("\(isolated) cells have no non-empty neighbour; cells over the whole study area give every cell its neighbours")
            }
        case .kde:
            density = KernelDensity.quartic(points: prepared.metres, cells: set, bandwidth: parameters.bandwidth)
            rankKeys = density.map(descendingKey)
        case .count:
            rankKeys = set.counts.map(descendingKey)
        }
        // Cells are in (ix, iy) order and the radix sort is stable: ties rank by (ix, iy).
        if order.isEmpty { order = RadixSort.order(rankKeys) }
        let cells = order.map { k -> HotspotCell in
            let i = Int(k)
            var cell = HotspotCell(id: set.ids[i], count: Int(set.counts[i]))
            if !z.isEmpty {
                cell.z = z[i]
                cell.p = p[i]
                if parameters.fdr { cell.pAdjusted = adjusted[i] }
                cell.bin = bins[i]
                cell.significant = adjusted[i] <= parameters.alpha
            }
            if !density.isEmpty { cell.density = density[i] }
            return cell
        }
        clock.lap("cells")
        return grid(prepared, parameters: parameters, cells: HotspotCells(cells), links: links, hot: hot, cold: cold, notes: notes)
    }

    private static func grid(_ prepared: Prepared, parameters: HotspotParameters, cells: HotspotCells, links: Int, hot: Int, cold: Int,
                             notes: [String]) -> HotspotGrid {
        HotspotGrid(parameters: parameters, cells: cells,
                    tipsMatched: prepared.tipsMatched, tipsNotProjected: prepared.notProjected,
                    cellsWithTips: prepared.cells.counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }, links: links,
                    hotCells: hot, coldCells: cold, notes: notes,
                    frame: GridFrame(geometry: prepared.cells.geometry, crs: prepared.crs, projectors: prepared.projectors))
    }

    /// Orders doubles descending under an ascending radix sort, NaN last.
    static func descendingKey(_ v: Double) -> UInt64 { v.isNaN ? .max : ~RadixSort.ascendingKey(v) }
}
