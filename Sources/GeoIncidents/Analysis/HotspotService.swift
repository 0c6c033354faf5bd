/// Hotspot analyses over the stored tips, for the CLI and the HTTP service.
///
/// Results are cached by (data version, filter, parameters): asking again while nothing
/// changed costs one `SELECT` of the data version, not a re-read of the tip table. Tip
/// points and study areas are cached the same way, so a second grid over the same tips with
/// another cell size does not re-read them either.
public final class HotspotService: Sendable {
    let database: GeoDatabase
    let projections = ProjectionCache()
    private let points = AnalysisCache<VersionedKey<TipFilter>, TipPoints>(capacity: 4)
    private let areas = AnalysisCache<VersionedKey<TipFilter>, [MultiPolygon]>(capacity: 8)
    private let grids = AnalysisCache<VersionedKey<GridQuery>, HotspotGrid>(capacity: 32)

    struct VersionedKey<Query: Hashable & Sendable>: Hashable, Sendable {
        var version: Int64
        var query: Query
    }

    private let emergingResults = AnalysisCache<VersionedKey<EmergingQuery>, EmergingHotspots>(capacity: 8)

    struct EmergingQuery: Hashable, Sendable {
        var filter: TipFilter
        var parameters: HotspotParameters
        var slice: TimeSlice
    }

    struct GridQuery: Hashable, Sendable {
        var filter: TipFilter
        var parameters: HotspotParameters
    }

    /// A service over `database`.
    public init(database: GeoDatabase) {
        self.database = database
    }

    /// The hotspot grid of the tips matching `filter`.
    public func grid(_ filter: TipFilter, parameters: HotspotParameters) throws -> HotspotGrid {
        try filter.validate()
        try parameters.validate()
        let version = try database.dataVersion()
        return try grids.value(for: VersionedKey(version: version, query: GridQuery(filter: filter, parameters: parameters))) {
            let tips = try tipPoints(filter, version: version)
            let area = parameters.cells == .studyArea ? try studyArea(filter, version: version) : nil
            var grid = try HotspotGridBuilder.build(lonLat: tips.coordinates, studyArea: area.map(Hotspots.rings), parameters: parameters, projections: projections)
            grid.dataVersion = version
            return grid
        }
    }

    /// Emerging hot spots of the tips matching `filter`, sliced by week or month over the
    /// filter's window (or the tips' time span when the filter has none).
    public func emerging(_ filter: TipFilter, parameters: HotspotParameters, slice: TimeSlice) throws -> EmergingHotspots {
        try filter.validate()
        try parameters.validate()
        let version = try database.dataVersion()
        let key = VersionedKey(version: version, query: EmergingQuery(filter: filter, parameters: parameters, slice: slice))
        return try emergingResults.value(for: key) {
            let tips = try tipPoints(filter, version: version)
            let area = parameters.cells == .studyArea ? try studyArea(filter, version: version) : nil
            var result = try EmergingHotspotBuilder.build(tips: tips, studyArea: area.map(Hotspots.rings), parameters: parameters, slice: slice,
                                                          window: (filter.since, filter.until), projections: projections)
            result.dataVersion = version
            return result
        }
    }

    /// The tips matching `filter`; throws a clear error when there are none.
    func tipPoints(_ filter: TipFilter, version: Int64) throws -> TipPoints {
        let tips = try points.value(for: VersionedKey(version: version, query: filter)) {
            try TipStore(database: database).points(filter)
        }
        guard tips.count > 0 else {
            throw GeoIncidentsError.notFound("no tips match the filter (\(filter.summary)): widen the time window, categories or scope")
        }
        return tips
    }

    func studyArea(_ filter: TipFilter, version: Int64) throws -> [MultiPolygon] {
        try areas.value(for: VersionedKey(version: version, query: filter.scope)) {
            try RegionStore(database: database).studyArea(for: filter.scope)
        }
    }
}
