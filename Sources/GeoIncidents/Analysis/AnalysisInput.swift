/// The stored tips as every analysis service reads them, at one data version: tip points,
/// tips with their units, study areas, and the PROJ transformations. One per database,
/// shared by ``HotspotService``, ``ClusterService``, ``CameraService`` and ``PatrolService``,
/// so a grid and a cluster run over the same filter read the tip table once.
///
/// Every value is cached by (data version, filter): a write moves the version on and makes
/// older entries unreachable. Each service keeps its own results' cache.
public final class AnalysisInput: Sendable {
    public let database: GeoDatabase
    /// PROJ transformations for every analysis (bounded: see ``ProjectionCache``).
    let projections = ProjectionCache()
    private let points = LRUCache<VersionedKey<TipFilter>, TipPoints>(capacity: 4)
    private let units = LRUCache<VersionedKey<TipFilter>, UnitTips>(capacity: 2)
    private let areas = LRUCache<VersionedKey<TipFilter>, [MultiPolygon]>(capacity: 8)

    /// The input of `database`.
    public init(database: GeoDatabase) {
        self.database = database
    }

    /// The current data version (one `SELECT`).
    func version() throws -> Int64 { try database.dataVersion() }

    /// The tips matching `filter`; throws a clear error when there are none.
    func tipPoints(_ filter: TipFilter, version: Int64) throws -> TipPoints {
        let tips = try points.value(for: VersionedKey(version: version, query: filter)) {
            try TipStore(database: database).points(filter)
        }
        try requireTips(tips.count, filter)
        return tips
    }

    /// The tips matching `filter` with ids and units; throws a clear error when there are none.
    func unitTips(_ filter: TipFilter, version: Int64) throws -> UnitTips {
        let tips = try units.value(for: VersionedKey(version: version, query: filter)) {
            try TipStore(database: database).unitTips(filter)
        }
        try requireTips(tips.count, filter)
        return tips
    }

    /// Throws a clear error when no tip matches `filter`: an unknown unit of the scope is
    /// named first, else the filter is.
    func requireTips(_ count: Int, _ filter: TipFilter) throws {
        guard count == 0 else { return }
        try RegionStore(database: database).checkScope(filter)
        throw GeoIncidentsError.notFound("no tips match the filter (\(filter.summary)): widen the time window, categories or scope")
    }

    /// The study area of the filter's scope (its units, else every commune).
    func studyArea(_ filter: TipFilter, version: Int64) throws -> [MultiPolygon] {
        try areas.value(for: VersionedKey(version: version, query: filter.scope)) {
            try RegionStore(database: database).studyArea(for: filter.scope)
        }
    }

    /// Each current commune's province code.
    func provinceOfCommune() throws -> [String: String] {
        var result: [String: String] = [:]
        for commune in try RegionStore(database: database).list(level: .commune) { result[commune.code] = commune.parentCode }
        return result
    }
}
