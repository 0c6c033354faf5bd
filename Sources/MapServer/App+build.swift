import Foundation
import GeoIncidents
import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the router with the middleware chain (request log and metrics → CORS when
/// configured → JSON errors → OPTIONS and 405 → tokens → the analyses' counting unit) and every
/// controller's `RouteCollection`.
func buildRouter(server: ServerContext) -> Router<AppRequestContext> {
    // HEAD for every GET route (GDAL's /vsicurl/ and caches ask before they read).
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestLogMiddleware(metrics: server.metrics))
    if server.crossOrigin.origins != .none { router.add(middleware: CrossOriginMiddleware(policy: server.crossOrigin)) }
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MethodsMiddleware())
    router.add(middleware: AuthMiddleware(authenticator: server.authenticator, accessLog: server.accessLog))
    router.add(middleware: CountingUnitMiddleware())
    router.addRoutes(LandingController(server: server).routes)
    router.addRoutes(CollectionsController(server: server).routes)
    router.addRoutes(HotspotsController(server: server).routes)
    router.addRoutes(StatsController(server: server).routes)
    router.addRoutes(TipsController(server: server).routes)
    router.addRoutes(IncidentsController(server: server).routes)
    router.addRoutes(UnresolvedTipsController(server: server).routes)
    router.addRoutes(BordersController(server: server).routes)
    router.addRoutes(ClustersController(server: server).routes)
    router.addRoutes(PatrolNeedsController(server: server).routes)
    router.addRoutes(CoverageController(server: server).routes)
    router.addRoutes(TilesController(server: server).routes)
    router.addRoutes(TileMetadataController(server: server).routes)
    router.addRoutes(GlyphsController(glyphs: .shipped).routes)
    router.addRoutes(PackagesController(server: server).routes)
    router.addRoutes(MapController(server: server).routes)
    router.addRoutes(ZaloWebhookController(server: server).routes)
    router.addRoutes(TipAttachmentsController(server: server).routes)
    router.addRoutes(DeskController(server: server).routes)
    return router
}

/// What `MapServer` runs, from its arguments: resolves them against `environment`, opens the
/// database (one reader per core, at least two) and builds the application. Tests build the
/// same thing, so the access-log flusher runs under test as it does in production.
func buildApplication(_ arguments: ServerArguments, environment: [String: String] = ProcessInfo.processInfo.environment,
                      logger: Logger = Logger(label: "MapServer")) async throws -> some ApplicationProtocol {
    let configuration = try ServerConfiguration.resolve(arguments, environment: environment)
    guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
        throw ServerConfiguration.Problem(description: "database \(configuration.databasePath) does not exist: create it with `geoq demo` or `geoq regions import`")
    }
    let database = try GeoDatabase.open(path: configuration.databasePath, readers: max(2, ProcessInfo.processInfo.activeProcessorCount))
    let server = ServerContext(database: database, tilesDirectory: configuration.tilesDirectory, basemapURL: configuration.basemapURL,
                               tipSnapshotLimit: configuration.tipSnapshotLimit, publicConfiguration: configuration.publicView,
                               zaloAccounts: configuration.zaloAccounts, zaloWindowMinutes: configuration.zaloWindowMinutes,
                               crossOrigin: configuration.crossOrigin)
    logger.info("serving", metadata: ["database": "\(configuration.databasePath)", "address": "\(configuration.host):\(configuration.port)"])
    return buildApplication(configuration: configuration, server: server, logger: logger)
}

/// The application: the router, the listening address and the access-log flusher, run as a
/// service group that shuts down gracefully on SIGTERM/SIGINT.
func buildApplication(configuration: ServerConfiguration, server: ServerContext, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(server: server),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "GeoIncidents-MapServer"),
        services: [AccessLogFlusher(accessLog: server.accessLog, logger: logger) as any Service]
            + (server.zalo.map { [ZaloWorker(server: server, zalo: $0, logger: logger) as any Service] } ?? []),
        logger: logger
    )
}
