/// What the public (and intake tokens) may learn from the tips, in one place: per published
/// month (``PublicReleases``), one table of counts by commune, province and nation × report
/// group (``PublicCountTable``) and one hotspot grid on fixed cells (``PublicHotspotGrid``).
/// Every public endpoint answers from these and nothing else (docs/privacy.md).
///
/// The guarantee: every number a public caller can obtain is a published cell of a
/// month's fixed table or fixed grid, or computed from published cells only; a cell under k
/// (zero included) is withheld, together with enough other cells that no margin reveals it,
/// and a published month never changes.
public final class PublicView: Sendable {
    /// The operator's choices (not the caller's).
    public struct Configuration: Sendable, Hashable {
        /// Counts below this are withheld (0 is withheld too).
        public var k: Int
        /// The public grid's CRS (metres).
        public var crs: String
        /// The public grid's cell side in metres (at least 500).
        public var cellSize: Double

        /// The smallest public cell side.
        public static let minimumCellSize = 500.0

        public init(k: Int = 3, crs: String = "EPSG:32648", cellSize: Double = 500) {
            (self.k, self.crs, self.cellSize) = (k, crs, cellSize)
        }

        /// Rejects settings that would publish too much, and a CRS PROJ cannot use.
        public func validate() throws {
            guard k >= 2, k <= 1_000 else { throw GeoIncidentsError.invalidInput("the public threshold k must be 2…1000, got \(k)") }
            guard cellSize.isFinite, cellSize >= Self.minimumCellSize, cellSize <= 100_000 else {
                throw GeoIncidentsError.invalidInput("the public grid's cells must be \(Int(Self.minimumCellSize))–100000 m, got \(cellSize)")
            }
            _ = try ProjectionCache().pool(for: crs)
        }
    }

    let database: GeoDatabase
    public let configuration: Configuration
    let projections = ProjectionCache()
    private let tables = LRUCache<Key, PublicCountTable>(capacity: 24)
    private let grids = LRUCache<Key, PublicHotspotGrid>(capacity: 12)

    struct Key: Hashable, Sendable {
        var release: Int64
        var month: PublicMonth
        var regions: String
    }

    /// A view over `database`; check the configuration first with
    /// ``Configuration/validate()`` (the defaults are valid).
    public init(database: GeoDatabase, configuration: Configuration = Configuration()) {
        (self.database, self.configuration) = (database, configuration)
    }

    /// The current release.
    public func release(now: Timestamp = .now()) throws -> PublicReleases.Release {
        try PublicReleases(database: database).current(now: now)
    }

    /// The month's published table (`month` must be published in `release`).
    public func table(_ month: PublicMonth, release: PublicReleases.Release) throws -> PublicCountTable {
        let cutoff = try Self.cutoff(month, release)
        let regions = RegionStore(database: database)
        let key = Key(release: release.number, month: month, regions: try regions.layerVersion())
        return try tables.value(for: key) {
            let groupExpression = StatsColumns.group.expression!
            let groups = StatsColumns.group.codes
            var counts: [String: [Int]] = [:]
            try database.reader.sync { connection in
                let statement = try connection.prepare("""
                    SELECT t.commune_code, \(groupExpression), count(*) FROM tips t
                    WHERE t.reported_at >= ? AND t.reported_at < ? AND t.id <= ? AND t.commune_code IS NOT NULL GROUP BY 1, 2
                    """)
                try statement.bind([.text(month.start.iso8601), .text(month.end.iso8601), .int(cutoff)])
                try statement.forEachRow { row in
                    guard let g = groups.firstIndex(of: row.text(1)) else { return }
                    counts[row.text(0), default: Array(repeating: 0, count: groups.count)][g] += row.int(2)
                }
            }
            return PublicCountTable.build(month: month, communes: try regions.list(level: .commune), provinces: try regions.list(level: .province),
                                          counts: counts, k: configuration.k)
        }
    }

    /// The month's public hotspot grid.
    public func hotspots(_ month: PublicMonth, release: PublicReleases.Release) throws -> PublicHotspotGrid {
        let cutoff = try Self.cutoff(month, release)
        let regions = RegionStore(database: database)
        let key = Key(release: release.number, month: month, regions: try regions.layerVersion())
        return try grids.value(for: key) {
            var points: [Coordinate] = []
            try database.reader.sync { connection in
                // A tip located from text to a unit wider than the public cell is not a point in
                // the grid (it counts in the per-commune table).
                let statement = try connection.prepare("""
                    SELECT lon, lat FROM tips WHERE reported_at >= ? AND reported_at < ? AND id <= ?
                    AND \(LocationRadius.finerThanSQL(alias: ""))
                    """)
                try statement.bind([.text(month.start.iso8601), .text(month.end.iso8601), .int(cutoff), .double(configuration.cellSize)])
                try statement.forEachRow { points.append(Coordinate(x: $0.double(0), y: $0.double(1))) }
            }
            let area = try regions.studyArea(for: TipFilter())
            return try PublicHotspotGrid.build(month: month, lonLat: points, studyArea: area.isEmpty ? nil : Hotspots.rings(area),
                                               configuration: configuration, projections: projections)
        }
    }

    static func cutoff(_ month: PublicMonth, _ release: PublicReleases.Release) throws -> Int64 {
        guard let cutoff = release.maxTipID(for: month) else {
            throw GeoIncidentsError.invalidInput("period \(month) is not published yet: the newest published month is \(release.through)")
        }
        return cutoff
    }
}
