/// Patrol needs along the shared borders between neighbouring units, for the CLI and the
/// HTTP service (commanders).
public final class PatrolService: Sendable {
    /// The stored tips, shared with the other analysis services.
    public let input: AnalysisInput
    /// The border clusters each stretch lists.
    public let clusters: ClusterService
    var database: GeoDatabase { input.database }
    private let results = ResultCache<FilteredQuery<PatrolParameters>, PatrolNeeds>(capacity: 8)

    /// A service reading `input`, with the cluster service of the same input.
    public init(input: AnalysisInput, clusters: ClusterService) {
        (self.input, self.clusters) = (input, clusters)
    }

    /// A service over `database`, with an input and a cluster service of its own.
    public convenience init(database: GeoDatabase) {
        let input = AnalysisInput(database: database)
        self.init(input: input, clusters: ClusterService(input: input))
    }
}

extension PatrolService {
    /// Patrol needs along the shared borders that touch the filter's scope (all borders
    /// without one), over the filter's window: by default the 28 days up to the latest
    /// matching report. Tips on both sides of a border count, inside the scope or not: the
    /// scope chooses borders, not tips — unless `parameters.visibleCommunes` limits them (a
    /// commune-scoped token sees its own communes' tips only). Cached by data version and query.
    public func patrolNeeds(_ filter: TipFilter, parameters: PatrolParameters) throws -> PatrolNeeds {
        try filter.validate()
        try parameters.validate()
        guard filter.neighbourhoodCodes.isEmpty else {
            throw GeoIncidentsError.invalidInput("patrol needs take a province, commune or bbox scope, not neighbourhoods")
        }
        return try input.result(of: FilteredQuery(filter: filter, parameters: parameters), in: results) { version in
            let regions = RegionStore(database: database)
            try regions.checkScope(filter)
            let provinceOf = try input.provinceOfCommune()
            let all = try regions.storedBorders(level: parameters.level)
            let borders = bordersInScope(all, filter, level: parameters.level, provinceOf: provinceOf)
            guard !borders.isEmpty else {
                throw GeoIncidentsError.notFound("no shared \(parameters.level.rawValue) borders touch the scope (\(filter.scope.summary)): "
                                                 + "patrol needs are measured along borders with a neighbouring \(parameters.level.rawValue)")
            }
            // Tips near the chosen borders, both sides, in the window and the one before.
            var box = BoundingBox.empty
            for border in borders { for line in border.lines { for c in line { box.expand(c) } } }
            var tipFilter = filter
            (tipFilter.provinceCodes, tipFilter.communeCodes, tipFilter.neighbourhoodCodes) = ([], parameters.visibleCommunes, [])
            let searchBox = box.expanded(by: max(parameters.borderDistanceMeters, 2_000) / 100_000)
            // The box narrows the reading to a scope's borders; around every border of the
            // layer it selects nearly every tip, and listing them through the spatial index
            // cost more than reading them all (1.8 s a read at 1M).
            let scoped = filter.boundingBox != nil || !filter.provinceCodes.isEmpty || !filter.communeCodes.isEmpty || !parameters.visibleCommunes.isEmpty
            if scoped { tipFilter.boundingBox = searchBox }
            let window = try self.window(tipFilter, days: parameters.windowDays, near: searchBox)
            let windowLength = window.until.secondsSinceEpoch - window.since.secondsSinceEpoch
            let previousSince = Timestamp(secondsSinceEpoch: window.since.secondsSinceEpoch - windowLength)
            var bothWindows = tipFilter
            (bothWindows.since, bothWindows.until) = (previousSince, window.until)
            // Tips whose place is not known to within the border distance cannot say which
            // side of a border, or which stretch, they belong to.
            let (tips, leftOut) = try input.unitTips(bothWindows, version: version, requiring: false).finerThan(parameters.borderDistanceMeters)
            guard tips.count > 0 else {
                let coarse = leftOut > 0 ? " (\(leftOut) tips there are known only to a place, neighbourhood or commune wider than \(GeoJSONWriter.number(parameters.borderDistanceMeters)) m and were left out)" : ""
                throw GeoIncidentsError.notFound("no tips near the scope's borders from \(previousSince) to \(window.until) (\(filter.summary))\(coarse): widen the window or the categories")
            }
            var windowFilter = tipFilter
            (windowFilter.since, windowFilter.until) = (window.since, window.until)
            let inWindow = tips.points.times.contains { $0 >= window.since.secondsSinceEpoch && $0 < window.until.secondsSinceEpoch }
            var clusterParameters = parameters.clusters
            clusterParameters.borderDistanceMeters = parameters.borderDistanceMeters
            let clusters = inWindow ? try clusters.clusters(windowFilter, parameters: clusterParameters) : nil
            let crs = try clusterParameters.crs ?? clusters?.crs ?? MetricCRS.around(tips.points.coordinates)
            // Each tip counts for its nearest stretch among all borders around (else a tip by
            // a junction would go to the scope's border when another border is nearer); the
            // needs are then kept for the scope's borders only.
            let around = all.filter { border in
                border.lines.contains { line in line.contains { searchBox.contains($0) } }
            }
            var needs = try PatrolNeedsBuilder.build(
                tips: tips, borders: around, keep: Set(borders.map { $0.codeA + "|" + $0.codeB }), provinceOf: provinceOf, clusters: clusters?.borderClusters ?? [],
                cameras: try CameraStore(database: database).list(activeOnly: true),
                window: PatrolNeedsBuilder.Window(previousSince: previousSince, since: window.since, until: window.until),
                parameters: parameters, crs: crs, pool: try input.projections.pool(for: crs))
            needs.leftOutCoarse = leftOut
            return needs
        }
    }

    /// The filter's window, completed: `until` defaults to just after the latest matching
    /// report, `since` to `days` days before `until`.
    /// The latest report counts only near the borders (`near`, tested on lon/lat even when
    /// the filter itself carries no box).
    private func window(_ filter: TipFilter, days: Int, near box: BoundingBox) throws -> (since: Timestamp, until: Timestamp) {
        var until = filter.until
        if until == nil {
            var open = filter
            open.since = nil
            let (condition, values) = open.sqlCondition(anchors: .perTip)
            let near: [SQLValue] = [.double(box.minX), .double(box.maxX), .double(box.minY), .double(box.maxY)]
            let latest = try database.reader.sync { connection in
                // Newest first down the report-time index (stored times are UTC, ISO 8601:
                // text order is time order) rather than a scan of every tip.
                try connection.scalarInt("""
                    SELECT unixepoch(t.reported_at) FROM tips t WHERE \(condition) AND t.lon BETWEEN ? AND ? AND t.lat BETWEEN ? AND ?
                    ORDER BY t.reported_at DESC LIMIT 1
                    """, values + near)
            }
            guard let latest else {
                throw GeoIncidentsError.notFound("no tips near the scope's borders (\(filter.summary)): nothing to measure")
            }
            until = Timestamp(secondsSinceEpoch: latest + 1)
        }
        let since = filter.since ?? Timestamp(secondsSinceEpoch: until!.secondsSinceEpoch - Int64(days) * 86_400)
        guard since < until! else {
            throw GeoIncidentsError.notFound("'since' \(since) is after the latest report near the scope's borders (\(until!)): the window holds no tips")
        }
        return (since, until!)
    }

    /// The borders (of `level`) touching the filter's units and bbox. Provinces and communes
    /// narrow each other, as they do in every tip filter: `province=99` with a token limited to
    /// commune 99001 is that commune's borders, not the province's.
    func bordersInScope(_ all: [SharedBorder], _ filter: TipFilter, level: AdminLevel, provinceOf: [String: String]) -> [SharedBorder] {
        var borders = all
        let provinces = Set(filter.provinceCodes)
        let communes = filter.communeCodes.filter { provinces.isEmpty || provinceOf[$0].map(provinces.contains) == true }
        var units = Set<String>()
        switch level {
        case .commune:
            if !filter.communeCodes.isEmpty {
                units.formUnion(communes)
            } else if !provinces.isEmpty {
                units.formUnion(provinceOf.filter { provinces.contains($0.value) }.keys)
            }
        default:
            units.formUnion(filter.communeCodes.isEmpty ? filter.provinceCodes : communes.compactMap { provinceOf[$0] })
        }
        if !filter.communeCodes.isEmpty || !filter.provinceCodes.isEmpty {
            borders.removeAll { !units.contains($0.codeA) && !units.contains($0.codeB) }
        }
        if let box = filter.boundingBox {
            borders.removeAll { border in !border.lines.contains { line in line.contains { box.contains($0) } } }
        }
        return borders
    }
}

extension PatrolNeeds: DataVersioned {}
