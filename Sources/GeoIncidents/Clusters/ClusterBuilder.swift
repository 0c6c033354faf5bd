/// Builds the cluster report: DBSCAN in metres, each cluster's footprint against the border
/// lines (`ClusterSelection`), then per cluster its time profile, categories and units.
enum ClusterBuilder {
    /// The lines border clusters are measured against: one entry per item, with the two
    /// units it separates (a commune's own boundary names the commune twice).
    struct BorderItems {
        var pairs: [(codeA: String, codeB: String)] = []
        var lines: [[[Coordinate]]] = []

        init(borders: [SharedBorder]) {
            pairs = borders.map { ($0.codeA, $0.codeB) }
            lines = borders.map(\.lines)
        }

        init(communes: [(code: String, area: MultiPolygon)]) {
            pairs = communes.map { ($0.code, $0.code) }
            lines = communes.map { $0.area.polygons.flatMap(\.rings) }
        }
    }

    static func build(tips: UnitTips, borders: BorderItems, provinceOfCommune: [String: String],
                      parameters: ClusterParameters, projections: ProjectionCache) throws -> ClusterAnalysis {
        try parameters.validate()
        let clock = StageClock()
        let crs = try parameters.crs ?? MetricCRS.around(tips.points.coordinates)
        let pool = try projections.pool(for: crs)
        let metric = try projections.forward(tips.points.coordinates, to: crs)
        clock.lap("project")
        let dbscan = try DBSCAN.run(metric, eps: parameters.epsMeters, minPoints: parameters.minPoints)
        clock.lap("dbscan")
        let members = ClusterSelection.Members(labels: dbscan.labels, clusterCount: dbscan.clusterCount) { _ in true }
        let footprints = try ClusterSelection.footprints(dbscan: dbscan, communes: tips.communes, lines: borders.lines, pool: pool,
                                                         hullTips: parameters.hullTips, searchUpTo: parameters.nearestBorderSearchMeters,
                                                         reach: parameters.borderDistanceMeters, members: members)
        clock.lap("footprints")
        var centroids: [Coordinate] = (0..<dbscan.clusterCount).map { c in
            var x = 0.0, y = 0.0
            for i in members.of(c) { x += metric[Int(i)].x; y += metric[Int(i)].y }
            let n = Double(max(1, members.of(c).count))
            return Coordinate(x: x / n, y: y / n)
        }
        try ParallelProjection.inverse(&centroids, pool: pool)
        let located = centroids
        var clusters = ParallelWork.map(dbscan.clusterCount, weight: { members.of($0).count }, state: { UnitTallies(tips) }) { tallies, c in
            report(c, tips: tips, dbscan: dbscan, footprint: footprints[c], members: members.of(c), centroid: located[c],
                   borders: borders, provinceOfCommune: provinceOfCommune, parameters: parameters, tallies: &tallies)
        }
        clusters.sort { $0.size != $1.size ? $0.size > $1.size : $0.key < $1.key }
        clock.lap("reports")
        return ClusterAnalysis(clusters: clusters, tipCount: tips.count, noiseCount: dbscan.noiseCount, coreCount: dbscan.coreCount,
                               crs: crs, parameters: parameters, borderCount: borders.pairs.count)
    }

    private static func report(_ c: Int, tips: UnitTips, dbscan: DBSCAN.Result, footprint: ClusterSelection.Footprint,
                               members: ArraySlice<Int32>, centroid: Coordinate, borders: BorderItems,
                               provinceOfCommune: [String: String], parameters: ClusterParameters, tallies: inout UnitTallies) -> TipCluster {
        var key = Int64.max
        var first = Int64.max, last = Int64.min
        var categories = [Int](repeating: 0, count: TipCategory.allCases.count)
        var hours = [Int](repeating: 0, count: 7 * 24)
        for m in members {
            let i = Int(m)
            if dbscan.isCore[i] { key = min(key, tips.ids[i]) }
            let t = tips.points.times[i]
            first = min(first, t); last = max(last, t)
            categories[tips.points.categories[i].ordinal] += 1
            hours[VietnamTime.weekday(t) * 24 + VietnamTime.hour(t)] += 1
            tallies.provinces.add(tips.provinces[i])
            tallies.communes.add(tips.communes[i])
            tallies.neighbourhoods.add(tips.neighbourhoods[i])
        }
        let provinceCounts = tallies.provinces.drain(), communeCounts = tallies.communes.drain()
        let neighbourhoodCounts = tallies.neighbourhoods.drain()
        func shares(_ counts: [(code: Int32, count: Int)], _ codes: [String]) -> [UnitShare] {
            counts.map { UnitShare(code: codes[Int($0.code)], count: $0.count, share: Double($0.count) / Double(members.count)) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : CodeOrder.isSmaller($0.code, $1.code) }
        }
        var hull = footprint.hull.map { tips.points.coordinates[Int($0)] }
        if hull.count >= 3 { hull.append(hull[0]) }
        let nearest = footprint.nearest.map { BorderDistance(codeA: borders.pairs[$0.item].codeA, codeB: borders.pairs[$0.item].codeB, distanceMeters: $0.distance) }
        let spans = footprint.communeCount >= 2
        let near = (nearest?.distanceMeters ?? .infinity) <= parameters.borderDistanceMeters
        var involved = Set<String>()
        var involvedProvinces = Set<String>()
        if spans || near {
            for (code, _) in communeCounts { involved.insert(tips.communeCodes[Int(code)]) }
            if near, let nearest { involved.insert(nearest.codeA); involved.insert(nearest.codeB) }
            for (code, _) in provinceCounts { involvedProvinces.insert(tips.provinceCodes[Int(code)]) }
            for code in involved { if let province = provinceOfCommune[code] { involvedProvinces.insert(province) } }
        }
        return TipCluster(
            key: key, size: members.count, coreCount: footprint.coreCount, memberIDs: members.map { tips.ids[Int($0)] }.sorted(), hull: hull,
            areaSquareMeters: ConvexHull.area(footprint.hull.map { dbscan.points[Int($0)] }), centroid: centroid,
            firstReport: Timestamp(secondsSinceEpoch: first), lastReport: Timestamp(secondsSinceEpoch: last),
            categoryCounts: categories, hourByWeekday: hours,
            provinces: shares(provinceCounts, tips.provinceCodes), communes: shares(communeCounts, tips.communeCodes),
            neighbourhoods: shares(neighbourhoodCounts, tips.neighbourhoodCodes),
            nearestBorder: nearest, spansCommunes: spans, nearBorder: near,
            borderCommunes: involved.sorted(by: CodeOrder.isSmaller), borderProvinces: involvedProvinces.sorted(by: CodeOrder.isSmaller))
    }

    /// One tally per unit level, reused from one cluster to the next (one per worker).
    struct UnitTallies {
        var provinces: CodeTally, communes: CodeTally, neighbourhoods: CodeTally

        init(_ tips: UnitTips) {
            provinces = CodeTally(codeCount: tips.provinceCodes.count)
            communes = CodeTally(codeCount: tips.communeCodes.count)
            neighbourhoods = CodeTally(codeCount: tips.neighbourhoodCodes.count)
        }
    }
}
