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
        let grid = try hotspots.grid(filter, parameters: gridParameters)
        let version = try input.version()
        let tips = try input.unitTips(filter, version: version).finerThan(Self.tipScaleMeters).tips
        let cameras = try CameraStore(database: database).list(activeOnly: true)
        guard !cameras.isEmpty else {
            throw GeoIncidentsError.notFound("no active cameras in the registry: import the cameras first")
        }
        let pool = try input.projections.pool(for: grid.crs)
        let metric = try input.projections.forward(tips.points.coordinates, to: grid.crs)
        let covered = try CameraViews(cameras: cameras, pool: pool).covered(metric)
        var gaps: [CoverageGap] = []
        // Hot cells.
        let hot = Array(grid.cells.keeping { $0.significant && $0.bin > 0 })
        var tally: [CellID: (tips: Int, covered: Int)] = [:]
        let wanted = Set(hot.map(\.id))
        for i in 0..<tips.count where metric[i].x.isFinite {
            let cell = grid.geometry.cell(x: metric[i].x, y: metric[i].y)
            guard wanted.contains(cell) else { continue }
            tally[cell, default: (0, 0)].tips += 1
            if covered[i] { tally[cell]!.covered += 1 }
        }
        let outlines = try grid.outlines(hot[...])
        for (cell, outline) in zip(hot, outlines) {
            let t = tally[cell.id] ?? (0, 0)
            guard t.tips > 0, Double(t.covered) < maxCoveredShare * Double(t.tips) else { continue }
            gaps.append(CoverageGap(kind: .hotspotCell, id: "\(cell.id.ix),\(cell.id.iy)", tips: t.tips, covered: t.covered,
                                    outline: outline.rings.first ?? [], z: cell.z, communes: []))
        }
        // Border clusters.
        var clusterSettings = clusterParameters
        clusterSettings.crs = clusterSettings.crs ?? grid.crs
        for cluster in try clusters.clusters(filter, parameters: clusterSettings).borderClusters {
            var seen = 0
            for id in cluster.memberIDs {
                if let i = tips.ids.sortedIndex(of: id), covered[i] { seen += 1 }
            }
            guard Double(seen) < maxCoveredShare * Double(cluster.size) else { continue }
            gaps.append(CoverageGap(kind: .borderCluster, id: String(cluster.key), tips: cluster.size, covered: seen,
                                    outline: cluster.hull, z: nil, communes: cluster.borderCommunes))
        }
        return gaps.sorted { $0.uncovered != $1.uncovered ? $0.uncovered > $1.uncovered : ($0.kind.rawValue, $0.id) < ($1.kind.rawValue, $1.id) }
    }
}
