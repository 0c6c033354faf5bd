/// The public hotspot map of one published month: tip counts on a fixed grid (square cells
/// of ``PublicView/Configuration/cellSize`` metres in one fixed CRS, chosen by the operator,
/// never by a caller), every cell under k withheld, and Gi* computed from the **published
/// counts only** (withheld cells count as zero), so z, p and bins are functions of numbers
/// anyone can see and reveal nothing about withheld cells.
public struct PublicHotspotGrid: Sendable {
    public let month: PublicMonth
    public let k: Int
    /// The Gi* run over the published counts (cells ranked by z).
    public let grid: HotspotGrid
    /// The cells worth drawing (published counts and significant cells) in rank order, with
    /// their centres and outlines in lon/lat.
    public let informative: [HotspotCell]
    public let centres: [Coordinate]
    public let outlines: [Polygon]

    init(month: PublicMonth, k: Int, grid: HotspotGrid) throws {
        (self.month, self.k, self.grid) = (month, k, grid)
        informative = Array(grid.cells.keeping { $0.count >= k || $0.significant })
        centres = try grid.centres(informative[...])
        outlines = try grid.outlines(informative[...])
    }

    /// The informative cells whose centre lies in `box` (all when nil), at most `limit`.
    public func cells(in box: BoundingBox? = nil, limit: Int) -> ArraySlice<HotspotCell> {
        guard let box else { return informative.prefix(limit) }
        var chosen: [HotspotCell] = []
        for (cell, centre) in zip(informative, centres) where box.contains(centre) {
            chosen.append(cell)
            if chosen.count == limit { break }
        }
        return chosen[...]
    }

    /// The cells as an RFC 7946 FeatureCollection: `ix`, `iy`, `count` (null when withheld),
    /// `z`, `p`, `p_fdr`, `bin`, `significant`; plus the month, cell size, CRS and k.
    public func featureCollection(_ cells: ArraySlice<HotspotCell>) throws -> String {
        let outlines = try grid.outlines(cells)
        var features: [String] = []
        features.reserveCapacity(cells.count)
        for (cell, outline) in zip(cells, outlines) {
            var p: [(String, JSONValue)] = [("ix", .number(Double(cell.id.ix))), ("iy", .number(Double(cell.id.iy)))]
            p.append(("count", cell.count >= k ? .number(Double(cell.count)) : .null))
            p.append(("withheld", .bool(cell.count < k)))
            p += HotspotGrid.statisticProperties(cell)
            features.append(GeoJSONWriter.feature(geometry: .polygon(outline), properties: p))
        }
        return GeoJSONWriter.featureCollection(features, members: [
            ("period", .string(month.description)), ("cell_m", .number(grid.geometry.cellSize)), ("crs", .string(grid.crs)),
            ("withheldBelow", .number(Double(k))),
        ])
    }

    /// Counts `lonLat` on the fixed grid, withholds cells under `k`, and scores Gi* over the
    /// study area's cells with the published counts.
    static func build(month: PublicMonth, lonLat: [Coordinate], studyArea: [[[Coordinate]]]?, configuration: PublicView.Configuration,
                      projections: ProjectionCache) throws -> PublicHotspotGrid {
        var parameters = HotspotParameters()
        parameters.cellSize = configuration.cellSize
        parameters.shape = .square
        parameters.method = .gistar
        parameters.crs = configuration.crs
        parameters.cells = studyArea?.isEmpty == false ? .studyArea : .nonempty
        // The cells of the area alone (no tips), then the tips counted on the same grid.
        let area = try HotspotGridBuilder.prepare(lonLat: [], studyArea: studyArea.map(GridStudyArea.init(rings:)), parameters: parameters, projections: projections)
        var withTips = parameters
        withTips.cells = .nonempty
        let counted = try HotspotGridBuilder.prepare(lonLat: lonLat, studyArea: nil, parameters: withTips, projections: projections)
        // Published cells, each repeated by its count: the only tips the statistic sees.
        var published: [CellID] = []
        for (i, count) in counted.cells.counts.enumerated() where Int(count) >= configuration.k {
            published.append(contentsOf: repeatElement(counted.cells.ids[i], count: Int(count)))
        }
        let (cells, _) = CellSet.build(geometry: area.cells.geometry, points: published, area: area.cells.ids)
        let prepared = HotspotGridBuilder.Prepared(cells: cells, metres: [], pointCells: [], crs: area.crs, projectors: area.projectors,
                                                   notProjected: 0, tipsMatched: published.count, notes: [])
        let grid = HotspotGridBuilder.score(prepared, parameters: parameters)
        return try PublicHotspotGrid(month: month, k: configuration.k, grid: grid)
    }
}
