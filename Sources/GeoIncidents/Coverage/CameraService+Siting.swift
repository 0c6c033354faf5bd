import Foundation

extension CameraService {
    /// Suggested sites for new cameras over the tips matching `filter` (see `CameraSiting`).
    public func suggestCameras(_ filter: TipFilter, parameters: SitingParameters) throws -> CameraSiting {
        try parameters.validate()
        let version = try input.version()
        let (tips, leftOut) = try input.unitTips(filter, version: version).finerThan(Self.tipScaleMeters, scale: "camera scale")
        let crs = try parameters.crs ?? MetricCRS.around(tips.points.coordinates)
        let pool = try input.projections.pool(for: crs)
        let metric = try input.projections.forward(tips.points.coordinates, to: crs)
        let active = try CameraStore(database: database).list(activeOnly: true)
        let seen = active.isEmpty ? [Bool](repeating: false, count: tips.count) : try CameraViews(cameras: active, pool: pool).covered(metric)
        let unseen = (0..<tips.count).filter { !seen[$0] && metric[$0].x.isFinite && metric[$0].y.isFinite }
        let latest = tips.points.times.max() ?? 0
        let halfLife = parameters.halfLifeDays * 86_400
        let weights = unseen.map { pow(2, -Double(latest - tips.points.times[$0]) / halfLife) }
        let sites = try candidateSites(unseen.map { metric[$0] }, filter: filter, parameters: parameters, pool: pool)
        let headings: [Double?] = parameters.fieldOfViewDegrees >= 360 ? [nil] : stride(from: 0.0, to: 360, by: 45).map { $0 }
        var apexes: [Coordinate] = [], viewHeadings: [Double] = [], fovs: [Double] = [], ranges: [Double] = []
        for site in sites {
            for heading in headings {
                apexes.append(site); viewHeadings.append(heading ?? 0)
                fovs.append(heading == nil ? 360 : parameters.fieldOfViewDegrees); ranges.append(parameters.rangeMeters)
            }
        }
        let views = CameraViews(apexes: apexes, headings: viewHeadings, fovs: fovs, ranges: ranges)
        var sets = [[Int32]](repeating: [], count: views.count)
        for (k, i) in unseen.enumerated() {
            for v in views.covering(metric[i]) { sets[v].append(Int32(k)) }
        }
        let chosen = GreedyCoverage.choose(sets: sets, weights: weights, count: parameters.count)
        var positions = chosen.map { apexes[$0.set] }
        try ParallelProjection.inverse(&positions, pool: pool)
        let total = weights.reduce(0, +)
        var cumulative = 0.0
        let suggestions = zip(chosen, positions).map { pick, position -> CameraSuggestion in
            cumulative += pick.gain
            return CameraSuggestion(position: Coordinate(x: (position.x * 1e7).rounded() / 1e7, y: (position.y * 1e7).rounded() / 1e7),
                                    headingDegrees: headings.count > 1 ? viewHeadings[pick.set] : nil, gain: pick.gain,
                                    tips: 0, cumulativeShare: total > 0 ? cumulative / total : 0)
        }
        // Tips each suggestion adds (after the ones before it).
        var taken = [Bool](repeating: false, count: unseen.count)
        var counted = suggestions
        for (n, pick) in chosen.enumerated() {
            for e in sets[pick.set] where !taken[Int(e)] { taken[Int(e)] = true; counted[n].tips += 1 }
        }
        var siting = CameraSiting(suggestions: counted, tips: tips.count, alreadySeen: tips.count - unseen.count, unseenWeight: total,
                                  candidateViews: views.count, parameters: parameters, crs: crs)
        siting.leftOutCoarse = leftOut
        return siting
    }

    /// Candidate sites in metres.
    private func candidateSites(_ points: [Coordinate], filter: TipFilter, parameters: SitingParameters, pool: ProjectorPool) throws -> [Coordinate] {
        switch parameters.candidates {
        case .tips:
            var seen = Set<SIMD2<Int64>>()
            return try points.filter { p in seen.insert(SIMD2(try Self.siteIndex(p.x), try Self.siteIndex(p.y))).inserted }
        case .grid:
            let spacing = parameters.rangeMeters / 2
            let reach = Int((parameters.rangeMeters / spacing).rounded(.up))
            var keys = Set<SIMD2<Int64>>()
            for p in points {
                let (ix, iy) = (try Self.siteIndex(p.x / spacing), try Self.siteIndex(p.y / spacing))
                for dx in -reach...reach { for dy in -reach...reach { keys.insert(SIMD2(ix + Int64(dx), iy + Int64(dy))) } }
                guard keys.count <= 400_000 else {
                    throw GeoIncidentsError.invalidInput("over 400,000 candidate sites on the grid: narrow the scope or window, or take hotspot candidates")
                }
            }
            return keys.sorted { ($0.x, $0.y) < ($1.x, $1.y) }.map { Coordinate(x: Double($0.x) * spacing, y: Double($0.y) * spacing) }
        case .hotspots:
            let grid = try hotspots.grid(filter, parameters: HotspotParameters())
            let hot = Array(grid.cells.keeping { $0.significant && $0.bin > 0 })
            guard !hot.isEmpty else { throw GeoIncidentsError.notFound("no significant hot cells to place cameras in: take grid candidates") }
            // The grid's CRS may differ from the siting CRS: go through lon/lat.
            var centres = try grid.centres(hot[...])
            try pool.withProjector { $0.forward(&centres) }
            return centres
        }
    }

    /// `value` rounded to a whole number of site steps; an error, never a trap, for a
    /// position too far from the CRS origin (a CRS in odd units).
    private static func siteIndex(_ value: Double) throws -> Int64 {
        let index = value.rounded()
        guard index.isFinite, abs(index) <= 1e15 else {
            throw GeoIncidentsError.invalidInput("the tips lie too far from the CRS origin to place camera sites: use another CRS")
        }
        return Int64(index)
    }
}
