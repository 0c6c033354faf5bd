extension CameraService {
    /// Coverage gaps: the significant hot cells of the hotspot grid (Gi*, `parameters`) and
    /// the border clusters (`clusterParameters`) of which less than `maxCoveredShare` of the
    /// tips are seen by an active camera, the most unseen tips first.
    public func coverageGaps(_ filter: TipFilter, parameters: HotspotParameters = HotspotParameters(),
                             clusterParameters: ClusterParameters = ClusterParameters(), maxCoveredShare: Double = 0.5) throws -> [CoverageGap] {
        guard maxCoveredShare.isFinite, maxCoveredShare > 0, maxCoveredShare <= 1 else {
            throw GeoIncidentsError.invalidInput("max covered share must be more than 0 and at most 1, got \(maxCoveredShare)")
        }
        var gridParameters = parameters
        gridParameters.method = .gistar
        let clock = StageClock()
        let grid = try hotspots.grid(filter, parameters: gridParameters)
        clock.lap("gaps: grid")
        let version = try input.version()
        let tips = try input.unitTips(filter, version: version).finerThan(Self.tipScaleMeters).tips
        let cameras = try CameraStore(database: database).list(activeOnly: true)
        guard !cameras.isEmpty else {
            throw GeoIncidentsError.notFound("no active cameras in the registry: import the cameras first")
        }
        let pool = try input.projections.pool(for: grid.crs)
        let metric = try input.projections.forward(tips.points.coordinates, to: grid.crs)
        let covered = try CameraViews(cameras: cameras, pool: pool).covered(metric)
        clock.lap("gaps: tips seen")
        var gaps: [CoverageGap] = []
        // Hot cells.
        let hot = Array(grid.cells.keeping { $0.significant && $0.bin > 0 })
        let tally = HotCellTally(cells: hot.map(\.id)).count(metric, covered: covered, geometry: grid.geometry)
        let outlines = try grid.outlines(hot[...])
        clock.lap("gaps: hot cells tallied")
        for (k, (cell, outline)) in zip(hot, outlines).enumerated() {
            let (inCell, seen) = (tally.tips[k], tally.covered[k])
            guard inCell > 0, Double(seen) < maxCoveredShare * Double(inCell) else { continue }
            gaps.append(CoverageGap(kind: .hotspotCell, id: "\(cell.id.ix),\(cell.id.iy)", tips: inCell, covered: seen,
                                    outline: outline.rings.first ?? [], z: cell.z, communes: []))
        }
        // Border clusters.
        var clusterSettings = clusterParameters
        clusterSettings.crs = clusterSettings.crs ?? grid.crs
        let seenIDs = SeenTipIDs(ids: tips.ids, seen: covered)
        for cluster in try clusters.clusters(filter, parameters: clusterSettings).borderClusters {
            let seen = cluster.memberIDs.reduce(0) { $0 + (seenIDs.contains($1) ? 1 : 0) }
            guard Double(seen) < maxCoveredShare * Double(cluster.size) else { continue }
            gaps.append(CoverageGap(kind: .borderCluster, id: String(cluster.key), tips: cluster.size, covered: seen,
                                    outline: cluster.hull, z: nil, communes: cluster.borderCommunes))
        }
        clock.lap("gaps: border clusters")
        return gaps.sorted { $0.uncovered != $1.uncovered ? $0.uncovered > $1.uncovered : ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
    }
}
