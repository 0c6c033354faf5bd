/// Hotspot analyses over the stored tips (grids, emerging hot spots, hot spot communes,
/// backtests), for the CLI and the HTTP service.
///
/// Results are cached by (data version, filter, parameters): asking again while nothing
/// changed costs one `SELECT` of the data version, not a re-read of the tip table. Tip
/// points and study areas come from the shared ``AnalysisInput``, so a second grid over the
/// same tips with another cell size does not re-read them either.
public final class HotspotService: Sendable {
    /// The stored tips, shared with the other analysis services.
    public let input: AnalysisInput
    var database: GeoDatabase { input.database }
    var projections: ProjectionCache { input.projections }
    private let grids = ResultCache<FilteredQuery<HotspotParameters>, HotspotGrid>(capacity: 32)
    private let emergingResults = ResultCache<EmergingQuery, EmergingHotspots>(capacity: 8)
    private let communeResults = ResultCache<FilteredQuery<CommuneHotspotParameters>, CommuneHotspots>(capacity: 8)

    struct EmergingQuery: Hashable, Sendable {
        var filter: TipFilter
        var parameters: HotspotParameters
        var slice: TimeSlice
    }

    /// A service reading `input`.
    public init(input: AnalysisInput) {
        self.input = input
    }

    /// A service over `database`, with an input of its own.
    public convenience init(database: GeoDatabase) {
        self.init(input: AnalysisInput(database: database))
    }

    /// The hotspot grid of the tips matching `filter`.
    public func grid(_ filter: TipFilter, parameters: HotspotParameters) throws -> HotspotGrid {
        try filter.validate()
        try parameters.validate()
        return try input.result(of: FilteredQuery(filter: filter, parameters: parameters), in: grids) { version in
            let clock = StageClock()
            let (tips, leftOut) = try input.tipPoints(filter, version: version).finerThan(parameters.cellSize, scale: "cell")
            clock.lap("tips")
            // The study area's cells come from the database when these boundaries were
            // rasterized on this grid before; its polygons are read only otherwise.
            let area = parameters.cells != .studyArea ? nil : GridStudyArea(scope: filter.scope, database: database, dataVersion: version) {
                let stamped = try self.input.stampedStudyArea(filter)
                return (Hotspots.rings(stamped.areas), stamped.regionsVersion)
            }
            var grid = try HotspotGridBuilder.build(lonLat: tips.coordinates, studyArea: area, parameters: parameters, projections: projections)
            if let note = LocationRadius.note(leftOut: leftOut, scaleMeters: parameters.cellSize, scale: "cell") { grid.notes.append(note) }
            return grid
        }
    }

    /// Emerging hot spots of the tips matching `filter`, sliced by week or month over the
    /// filter's window (or the tips' time span when the filter has none).
    public func emerging(_ filter: TipFilter, parameters: HotspotParameters, slice: TimeSlice) throws -> EmergingHotspots {
        try filter.validate()
        try parameters.validate()
        return try input.result(of: EmergingQuery(filter: filter, parameters: parameters, slice: slice), in: emergingResults) { version in
            let (tips, leftOut) = try input.tipPoints(filter, version: version).finerThan(parameters.cellSize, scale: "cell")
            let area = parameters.cells == .studyArea ? try input.studyArea(filter) : nil
            var result = try EmergingHotspotBuilder.build(tips: tips, studyArea: area.map(Hotspots.rings), parameters: parameters, slice: slice,
                                                          window: (filter.since, filter.until), projections: projections)
            if let note = LocationRadius.note(leftOut: leftOut, scaleMeters: parameters.cellSize, scale: "cell") { result.notes.append(note) }
            return result
        }
    }

    /// Hot spot communes: Moran's I, Gi* and local Moran over the communes of the filter's
    /// scope (all communes, a province's, listed ones, or those meeting the bbox), with
    /// counts of the tips matching the filter.
    public func communes(_ filter: TipFilter, parameters: CommuneHotspotParameters) throws -> CommuneHotspots {
        try filter.validate()
        try parameters.validate()
        guard filter.neighbourhoodCodes.isEmpty else {
            throw GeoIncidentsError.invalidInput("hot spot communes need a province, commune or bbox scope, not neighbourhoods")
        }
        return try input.result(of: FilteredQuery(filter: filter, parameters: parameters), in: communeResults) { _ in
            let regions = RegionStore(database: database)
            let listed = Dictionary(try regions.list(level: .commune).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            guard !listed.isEmpty else { throw GeoIncidentsError.notFound("no communes imported: import a commune boundary layer first") }
            for code in filter.communeCodes where listed[code] == nil {
                throw GeoIncidentsError.notFound("commune code \(code) is not in the boundary layer")
            }
            // Listed communes, else a province's, else those meeting the bbox, else all.
            let byCode = filter.communeCodes.isEmpty ? nil : filter.communeCodes
            let byParent = byCode == nil && !filter.provinceCodes.isEmpty ? filter.provinceCodes : nil
            let areas = try database.reader.sync { try regions.loadAreas(level: .commune, codes: byCode, parentCodes: byParent, connection: $0) }
            let inScope = byCode == nil && byParent == nil
                ? areas.filter { unit in filter.boundingBox.map { unit.area.boundingBox.intersects($0) } ?? true }
                : areas
            guard !inScope.isEmpty else { throw GeoIncidentsError.notFound("no communes in the scope (\(filter.scope.summary))") }
            var counts: [String: Int] = [:]
            let (condition, values) = filter.sqlCondition()
            try database.reader.sync { connection in
                let statement = try connection.prepare("SELECT t.commune_code, count(*) FROM tips t WHERE \(condition) AND t.commune_code IS NOT NULL GROUP BY 1")
                try statement.bind(values)
                try statement.forEachRow { counts[$0.text(0)] = $0.int(1) }
            }
            let units = inScope.compactMap { unit in
                listed[unit.code].map { CommuneHotspotBuilder.Unit(region: $0, area: unit.area, count: counts[unit.code] ?? 0) }
            }
            guard units.contains(where: { $0.count > 0 }) else {
                throw GeoIncidentsError.notFound("no tips match the filter (\(filter.summary)) in the scope's communes")
            }
            return try CommuneHotspotBuilder.build(units, parameters: parameters, projections: projections)
        }
    }

    /// Backtests count, KDE and Gi* rankings: trained on the filter's tips before
    /// `trainUntil`, tested on those in `trainUntil ..< testUntil`, over the scope's study area.
    public func evaluate(_ filter: TipFilter, parameters: HotspotParameters, trainUntil: Timestamp, testUntil: Timestamp,
                         coverages: [Double]) throws -> HotspotEvaluation {
        try filter.validate()
        try parameters.validate()
        let version = try input.version()
        let (tips, leftOut) = try input.tipPoints(filter, version: version).finerThan(parameters.cellSize, scale: "cell")
        let area = try input.studyArea(filter)
        var result = try HotspotEvaluator.run(tips: tips, studyArea: Hotspots.rings(area), parameters: parameters, trainUntil: trainUntil,
                                        testUntil: testUntil, coverages: coverages, projections: projections)
        if let note = LocationRadius.note(leftOut: leftOut, scaleMeters: parameters.cellSize, scale: "cell") { result.notes.append(note) }
        return result
    }
}

extension HotspotGrid: DataVersioned {}
extension EmergingHotspots: DataVersioned {}
extension CommuneHotspots: DataVersioned {}
