import Foundation

/// Measures the trouble along each stretch of shared border and ranks the stretches.
///
/// Each tip within the border distance counts for its nearest stretch only (a tip near a
/// junction of three units is not counted twice). The score of a stretch is
///
///     score = W · (1 + N) · √clamp((c + 1) / (p + 1), ½, 2)
///
/// - W: the window's tips weighted by recency, 2^(−age / half-life), age measured back from
///   the window's end: last night's fight outweighs one from a month ago.
/// - N: the night share (22:00–05:59): trouble at night is what one force alone patrols
///   worst, so an all-night stretch counts double.
/// - c, p: tips in the window and in the previous window of equal length. The trend factor
///   scales the score between 0.71 (halved or better) and 1.41 (doubled or worse); the +1
///   keeps a stretch going from 0 to 1 tip from looking like a surge.
enum PatrolNeedsBuilder {
    struct Window {
        var previousSince: Timestamp
        var since: Timestamp
        var until: Timestamp
    }

    /// Needs along `borders`, reported for the pairs in `keep` ("codeA|codeB").
    /// `cameras`: the active cameras, whose views give each stretch its unseen share.
    static func build(tips: UnitTips, borders: [SharedBorder], keep: Set<String>, provinceOf: [String: String], clusters: [TipCluster],
                      cameras: [Camera], window: Window, parameters: PatrolParameters, crs: String, pool: ProjectorPool) throws -> PatrolNeeds {
        let stretches = try BorderStretcher.cut(borders, length: parameters.stretchMeters, pool: pool)
        let proximity = BorderProximity(lines: stretches.map(\.metric), reach: parameters.borderDistanceMeters)
        let metric = try ParallelProjection.forward(tips.points.coordinates, pool: pool)
        let seen = cameras.isEmpty ? nil : try CameraViews(cameras: cameras, pool: pool).covered(metric)
        var unseen = [Int](repeating: 0, count: stretches.count)
        let categories = TipCategory.allCases.count
        var current = [Int](repeating: 0, count: stretches.count), previous = current, night = current
        var weighted = [Double](repeating: 0, count: stretches.count)
        var categoryCounts = [[Int]](repeating: [Int](repeating: 0, count: categories), count: stretches.count)
        var hourCounts = [[Int]](repeating: [Int](repeating: 0, count: 24), count: stretches.count)
        let (since, until, before) = (window.since.secondsSinceEpoch, window.until.secondsSinceEpoch, window.previousSince.secondsSinceEpoch)
        let halfLife = parameters.halfLifeDays * 86_400
        var windowTips = 0
        for i in 0..<tips.count {
            let t = tips.points.times[i]
            guard t >= before && t < until else { continue }
            if t >= since { windowTips += 1 }
            guard let (s, _) = proximity.nearest(to: metric[i]) else { continue }
            if t < since { previous[s] += 1; continue }
            current[s] += 1
            weighted[s] += pow(2, -Double(until - t) / halfLife)
            if VietnamTime.isNight(t) { night[s] += 1 }
            categoryCounts[s][tips.points.categories[i].ordinal] += 1
            hourCounts[s][VietnamTime.hour(t)] += 1
            if let seen, !seen[i] { unseen[s] += 1 }
        }
        var clusterKeys = [[Int64]](repeating: [], count: stretches.count)
        for cluster in clusters where cluster.isBorder {
            var hull = cluster.hull
            try pool.withProjector { $0.forward(&hull) }
            if hull.count >= 4 { hull.removeLast() }
            if let (s, _) = proximity.nearest(toHull: hull, within: parameters.borderDistanceMeters) { clusterKeys[s].append(cluster.key) }
        }
        var needs: [PatrolNeed] = []
        var keptStretches = 0
        for (s, stretch) in stretches.enumerated() {
            let border = borders[stretch.border]
            guard keep.contains(border.codeA + "|" + border.codeB) else { continue }
            keptStretches += 1
            guard current[s] + previous[s] > 0 || !clusterKeys[s].isEmpty else { continue }
            let (c, p) = (Double(current[s]), Double(previous[s]))
            let nightShare = current[s] > 0 ? Double(night[s]) / c : 0
            let trend = min(2, max(0.5, (c + 1) / (p + 1)))
            needs.append(PatrolNeed(
                codeA: border.codeA, codeB: border.codeB,
                provinceA: parameters.level == .commune ? provinceOf[border.codeA] : nil, provinceB: parameters.level == .commune ? provinceOf[border.codeB] : nil,
                stretch: stretch.ordinal, stretchCount: stretch.count, lines: stretch.lonLat, lengthMeters: stretch.lengthMeters,
                tips: current[s], previousTips: previous[s], weightedTips: weighted[s], nightShare: nightShare,
                categoryCounts: categoryCounts[s], hourCounts: hourCounts[s],
                unseenShare: seen == nil || current[s] == 0 ? nil : Double(unseen[s]) / c, clusterKeys: clusterKeys[s].sorted(),
                trendZ: c + p > 0 ? (c - p) / (c + p).squareRoot() : 0,
                score: weighted[s] * (1 + nightShare) * trend.squareRoot()))
        }
        needs.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.codeA != b.codeA { return CodeOrder.isSmaller(a.codeA, b.codeA) }
            return a.codeB != b.codeB ? CodeOrder.isSmaller(a.codeB, b.codeB) : a.stretch < b.stretch
        }
        return PatrolNeeds(needs: needs, since: window.since, until: window.until, previousSince: window.previousSince, parameters: parameters,
                           borderCount: keep.count, stretchCount: keptStretches, windowTips: windowTips,
                           nearBorderTips: needs.reduce(0) { $0 + $1.tips },
                           clusters: clusters.filter { c in needs.contains { $0.clusterKeys.contains(c.key) } }, crs: crs)
    }
}
