import Foundation
import GeoIncidents
import Logging
import NIOCore

/// What the controllers share: the database and the library's services, the access log,
/// metrics, the response cache and the assignment index.
final class ServerContext: Sendable {
    let database: GeoDatabase
    /// The stored tips as the analyses read them, shared by the four analysis services.
    let analysisInput: AnalysisInput
    let hotspots: HotspotService
    let clusters: ClusterService
    let cameras: CameraService
    let patrol: PatrolService
    let accessLog: AccessLog
    let authenticator: Authenticator
    let metrics = Metrics()
    /// Response bodies by (data version, caller's visibility, URI): a repeated GET while
    /// nothing changed is answered from memory, and a write changes every key.
    let responses = LRUCache<String, CachedResponse>(capacity: 256, maximumCost: 256 << 20) { $0.body.readableBytes }
    /// Vector tiles, keyed by the tile's own version (see `TileService.version`).
    let tileCache = LRUCache<String, CachedResponse>(capacity: 4_096, maximumCost: 64 << 20) { $0.body.readableBytes }
    /// Uncached bodies are made through this: a core's worth of work per core, 64 waiting,
    /// then 503 (``WorkLimiter``).
    let work = WorkLimiter(running: 2 * ProcessInfo.processInfo.activeProcessorCount, waiting: 64)
    /// Identical concurrent misses of the response and tile caches compute once.
    let flights = SingleFlight<CachedResponse>()
    let tiles: TileService
    /// Every tip of the current data version in memory, for fast tip pages.
    let tipSnapshots: TipSnapshots
    /// Counts below this are suppressed for roles that must not see small counts.
    let suppressionK: Int
    /// Everything the public (and intake tokens) may read about tips (docs/privacy.md).
    let publicView: PublicView
    /// The text locator's placer, rebuilt when the gazetteer changes (tips with a location_text).
    let placers = PlacerCache()
    /// Which pages on other origins may call the API (CORS).
    let crossOrigin: CrossOriginPolicy
    /// The Zalo OA intake, when accounts are configured.
    let zalo: ZaloChannel?
    /// The assignment index of the current boundaries, keyed by their layer version (one
    /// entry: a new version pushes the old index out).
    private let assignment = LRUCache<String, BoundaryIndex>(capacity: 1)
    /// The data version last read, keyed by the database's path (one entry).
    private let version = LRUCache<String, Int64>(capacity: 1, expiry: ServerContext.versionTTL)
    /// How long a read data version is trusted: writes through this server invalidate it at
    /// once; writes by another process (geoq) are seen within this time.
    static let versionTTL: Duration = .milliseconds(100)

    /// Folder of `*.mbtiles` packages, and the optional external basemap of `/map`.
    let tilesDirectory: String
    let basemapURL: String?
    /// Open tile packages by name, each with the stamp of the file it was opened from.
    let packages = LRUCache<String, OpenPackage>(capacity: 64)

    /// An open tile package and the stamp (modification time, file number, size) of its file.
    struct OpenPackage: Sendable {
        var stamp: String
        var reader: MBTilesReader
    }

    init(database: GeoDatabase, tilesDirectory: String = "tiles", basemapURL: String? = nil,
         tipSnapshotLimit: Int = ServerConfiguration.defaultTipSnapshotLimit, publicConfiguration: PublicView.Configuration = .init(),
         zaloAccounts: [ZaloAccount] = [], zaloWindowMinutes: Int = 10, crossOrigin: CrossOriginPolicy = CrossOriginPolicy()) {
        self.crossOrigin = crossOrigin
        self.zalo = zaloAccounts.isEmpty ? nil : ZaloChannel(database: database, accounts: zaloAccounts, windowMinutes: zaloWindowMinutes)
        self.publicView = PublicView(database: database, configuration: publicConfiguration)
        self.tilesDirectory = tilesDirectory
        self.basemapURL = basemapURL
        self.database = database
        let input = AnalysisInput(database: database)
        let (hotspots, clusters) = (HotspotService(input: input), ClusterService(input: input))
        (self.analysisInput, self.hotspots, self.clusters) = (input, hotspots, clusters)
        self.cameras = CameraService(input: input, hotspots: hotspots, clusters: clusters)
        self.patrol = PatrolService(input: input, clusters: clusters)
        self.tiles = TileService(input: input, hotspots: hotspots, clusters: clusters)
        self.accessLog = AccessLog(database: database)
        self.authenticator = Authenticator(database: database)
        self.suppressionK = publicConfiguration.k
        self.tipSnapshots = TipSnapshots(database: database, maximumTips: tipSnapshotLimit, logger: Logger(label: "geoincidents.tip-snapshot"))
    }

    var tips: TipStore { TipStore(database: database) }
    var regions: RegionStore { RegionStore(database: database) }

    /// The data version (the cache key of every response), read from SQLite at most every
    /// 100 ms so that cached responses cost no database round trip.
    func dataVersion() async throws -> Int64 {
        if let cached = version.value(for: database.path) { return cached }
        let database = self.database
        let value = try await blocking { try database.dataVersion() }
        version.store(value, for: database.path)
        return value
    }

    /// Forgets the cached data version (after a write through this server).
    func dataChanged() { version.removeAll() }

    /// The assignment index for intake, rebuilt when the current boundaries change.
    func boundaryIndex() throws -> BoundaryIndex {
        let regions = self.regions
        return try assignment.value(for: try regions.layerVersion()) { try regions.boundaryIndex() }
    }
}

extension ServerContext {
    /// Groups the tips stored since the last pass (by any writer) when `filter` counts
    /// incidents, so an analysis never counts stale incidents; one cheap read when none wait.
    /// When the store cannot be written now (another process holds the write lock past the
    /// busy timeout), the analysis goes on with the incidents as they are: grouping catches
    /// up on the next request, and a read never fails for want of a write.
    func catchUpIncidents(for filter: TipFilter) async throws {
        guard filter.unit == .incidents else { return }
        await catchUpIncidents()
    }

    /// Groups the tips stored since the last pass; on a locked store, goes on (logged).
    func catchUpIncidents() async {
        let database = self.database
        do {
            let report = try await blockingWrite { try IncidentStore(database: database).catchUp() }
            if report.tips > 0 { dataChanged() }
        } catch {
            Logger(label: "geoincidents.incidents").warning("incidents not caught up; counting the incidents grouped so far",
                                                            metadata: ["error": "\((error as? GeoIncidentsError)?.kind.rawValue ?? "other")"])
        }
    }
}
