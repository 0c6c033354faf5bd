import Synchronization

/// The stored tips as every analysis service reads them, at one data version: tip points,
/// tips with their units, study areas, and the PROJ transformations. One per database,
/// shared by ``HotspotService``, ``ClusterService``, ``CameraService`` and ``PatrolService``,
/// so a grid and a cluster run over the same filter read the tip table once.
///
/// Tips are cached by (data version, filter): a write moves the version on and makes older
/// entries unreachable; study areas by (scope, `meta.regions_version`). Each service keeps
/// its own results' cache.
///
/// Tips are selected from the ``AnalysisColumns`` (kept in memory and in the file beside the
/// database, ``AnalysisColumnFile``) and read from SQL only where the columns cannot answer
/// exactly (a CQL2 filter).
public final class AnalysisInput: Sendable {
    public let database: GeoDatabase
    /// PROJ transformations for every analysis (bounded: see ``ProjectionCache``).
    let projections = ProjectionCache()
    private let points = LRUCache<VersionedKey<TipFilter>, SelectedPoints>(capacity: 4)
    private let units = LRUCache<VersionedKey<TipFilter>, UnitTips>(capacity: 2)
    private let areas = LRUCache<AreaQuery, StampedArea>(capacity: 8)
    /// The latest columns read, and whether the file beside the database may be written
    /// (false after it could not be: a read-only directory is not tried on every request).
    private let columns = Mutex<(latest: AnalysisColumns?, fileWritable: Bool)>((nil, true))
    /// When this input last wrote the file after reading the table whole: at most every
    /// five minutes.
    private let lastSave = Mutex<ContinuousClock.Instant?>(nil)
    /// One refresh of the columns at a time: concurrent requests after a change wait for
    /// one read of the table instead of each reading (and saving) it.
    private let refreshing = Mutex(())
    private let columnFile: String?

    /// The input of `database`; `columnFile` false keeps the analysis columns in memory only.
    public init(database: GeoDatabase, columnFile: Bool = true) {
        self.database = database
        self.columnFile = columnFile ? AnalysisColumnFile.path(for: database.path) : nil
    }

    /// The current data version (one `SELECT`).
    func version() throws -> Int64 { try database.dataVersion() }

    /// The tips matching `filter`; throws a clear error when there are none.
    func tipPoints(_ filter: TipFilter, version: Int64) throws -> TipPoints {
        let tips = try points.value(for: VersionedKey(version: version, query: filter)) {
            try selected(filter) { SelectedPoints(points: $0.points(at: $1), columns: $0.state) }
                ?? SelectedPoints(points: try TipStore(database: database).points(filter), columns: nil)
        }.points
        try requireTips(tips.count, filter)
        return tips
    }

    /// Points selected for a filter, with the state of the columns they were selected from
    /// (nil: read by SQL). The key's version is read before the columns catch up, so another
    /// writer may have moved them on in between: points are lent to tips with units only when
    /// both come from the same state of the columns.
    struct SelectedPoints: Sendable {
        var points: TipPoints
        var columns: AnalysisColumns.State?
    }

    /// The tips matching `filter` with ids and units; with `requiring`, throws a clear error
    /// when there are none. The points already selected for the same filter from the same
    /// state of the columns (a grid's) are taken as they are.
    func unitTips(_ filter: TipFilter, version: Int64, requiring: Bool = true) throws -> UnitTips {
        let key = VersionedKey(version: version, query: filter)
        let tips = try units.value(for: key) {
            try selected(filter) { columns, positions in
                let known = points.value(for: key).flatMap { $0.columns == columns.state ? $0.points : nil }
                return columns.unitTips(at: positions, points: known)
            } ?? TipStore(database: database).unitTips(filter)
        }
        if requiring { try requireTips(tips.count, filter) }
        return tips
    }

    /// The tips matching `filter` made by `make` from the current analysis columns, or nil
    /// when the columns cannot answer the filter exactly.
    private func selected<T>(_ filter: TipFilter, _ make: (AnalysisColumns, [Int32]) -> T) throws -> T? {
        guard filter.cql2 == nil else { return nil }
        let (current, anchors) = try currentColumns(anchors: filter.unit == .incidents)
        let clock = StageClock()
        guard let positions = try current.positions(filter, anchors: anchors) else { return nil }
        clock.lap("positions selected")
        defer { clock.lap("tips made") }
        return make(current, positions)
    }

    /// The columns at the database's current version (caught up from memory or the file),
    /// with the incidents' anchors read in the same transaction when asked.
    func currentColumns(anchors: Bool) throws -> (AnalysisColumns, [Int64]?) {
        try refreshing.withLock { _ in
            // Taken out while catching up, so that the arrays grow in place instead of being copied.
            let (latest, fileWritable) = columns.withLock { state in
                defer { state.latest = nil }
                return state
            }
            let clock = StageClock()
            let loaded = latest == nil ? columnFile.flatMap(AnalysisColumnFile.load) : nil
            clock.lap("columns file loaded")
            let base = latest ?? loaded
            let baseCount = base?.count ?? 0
            do {
                // The incidents' anchors are read in the same transaction, once per version: they
                // travel with the columns (and their file), so the next command need not read them.
                let (current, readWhole, changed, anchorsRead) = try database.reader.sync { connection in
                    try connection.transaction(immediate: false) {
                        var (current, readWhole, changed) = try AnalysisColumns.current(connection, after: base)
                        guard anchors, current.anchors == nil else { return (current, readWhole, changed, false) }
                        current.anchors = try AnalysisColumns.anchors(connection)
                        return (current, readWhole, changed, true)
                    }
                }
                // The file is written when the table was read whole (at most every five minutes),
                // when the tips added and changed since the file was read pass 1 % (at least
                // 1,000): a few are read again cheaply by each process, a whole table is not;
                // and when a command read anchors the file did not have.
                var writable = fileWritable
                let caughtUp = current.count - baseCount + changed
                let recentlySaved = lastSave.withLock { $0.map { ContinuousClock.now - $0 < .seconds(300) } ?? false }
                if let columnFile, writable,
                   (readWhole && !recentlySaved) || (loaded != nil && (caughtUp > max(1_000, current.count / 100) || anchorsRead)) {
                    do {
                        try AnalysisColumnFile.save(current, to: columnFile)
                        lastSave.withLock { $0 = .now }
                    } catch { writable = false }
                }
                columns.withLock { $0 = (current, writable) }
                clock.lap("columns caught up")
                return (current, anchors ? current.anchors : nil)
            } catch {
                columns.withLock { $0 = (latest, fileWritable) }
                throw error
            }
        }
    }

    /// Throws a clear error when no tip matches `filter`: an unknown unit of the scope is
    /// named first, else the filter is.
    func requireTips(_ count: Int, _ filter: TipFilter) throws {
        guard count == 0 else { return }
        try RegionStore(database: database).checkScope(filter)
        throw GeoIncidentsError.notFound("no tips match the filter (\(filter.summary)): widen the time window, categories or scope")
    }

    /// The study area of the filter's scope (its units, else every commune).
    func studyArea(_ filter: TipFilter) throws -> [MultiPolygon] {
        try stampedStudyArea(filter).areas
    }

    /// ``studyArea(_:)`` with the `meta.regions_version` it was read at. Kept by the
    /// boundaries' version, which every change to `regions` moves (by anyone, SQL by hand
    /// too), not by the data version: a new tip does not read the polygons again.
    func stampedStudyArea(_ filter: TipFilter) throws -> StampedArea {
        let regions = try database.reader.sync { try $0.regionsVersion() }
        return try areas.value(for: AreaQuery(scope: filter.scope, regionsVersion: regions)) {
            let (areas, read) = try RegionStore(database: database).stampedStudyArea(for: filter.scope)
            return StampedArea(areas: areas, regionsVersion: read)
        }
    }

    struct AreaQuery: Hashable, Sendable {
        var scope: TipFilter
        var regionsVersion: Int64
    }

    /// A study area and the `meta.regions_version` of the boundaries it was read from.
    struct StampedArea: Sendable {
        var areas: [MultiPolygon]
        var regionsVersion: Int64
    }

    /// Each current commune's province code.
    func provinceOfCommune() throws -> [String: String] {
        var result: [String: String] = [:]
        for commune in try RegionStore(database: database).list(level: .commune) { result[commune.code] = commune.parentCode }
        return result
    }
}

extension AnalysisInput {
    /// ``TipStore/crosstab(by:columns:filter:)`` counted over the analysis columns (the same
    /// table; SQL where the columns cannot answer exactly).
    public func crosstab(by dimensions: [StatsDimension], columns: StatsColumns = .group, filter: TipFilter = TipFilter()) throws -> TipCrosstab {
        let store = TipStore(database: database)
        try StatsDimension.validate(dimensions)
        guard filter.cql2 == nil else { return try store.crosstab(by: dimensions, columns: columns, filter: filter) }
        try filter.validate()
        let (current, anchors) = try currentColumns(anchors: filter.unit == .incidents)
        guard let positions = try current.positions(filter, anchors: anchors),
              let groups = current.crosstabGroups(positions, by: dimensions, columns: columns) else {
            return try store.crosstab(by: dimensions, columns: columns, filter: filter)
        }
        return try store.crosstab(by: dimensions, columns: columns, groups: groups)
    }
}
