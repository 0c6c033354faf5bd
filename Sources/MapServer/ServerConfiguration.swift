import ArgumentParser
import GeoIncidents

/// MapServer's settings, from command-line flags and then environment variables
/// (`GEOINCIDENTS_DATABASE` or `GEOQ_DATABASE`, `MAPSERVER_HOST`, `MAPSERVER_PORT`,
/// `MAPSERVER_TILES`, `MAPSERVER_BASEMAP`, `MAPSERVER_TIP_SNAPSHOT`, `MAPSERVER_PUBLIC_GRID_CRS`,
/// `MAPSERVER_PUBLIC_CELL`; Zalo: `ZALO_APP_ID` … for one OA, `ZALO_ACCOUNTS_FILE` for several,
/// `ZALO_WINDOW_MINUTES`; `MAPSERVER_CORS_ORIGINS`).
struct ServerConfiguration: Equatable {
    var databasePath: String
    var host: String
    var port: Int
    /// Folder of offline tile packages (`*.mbtiles`) served under `/packages`.
    var tilesDirectory: String = "tiles"
    /// An external raster basemap URL template (`https://…/{z}/{x}/{y}.png`) for `/map`;
    /// nil = the boundaries are the basemap (works offline).
    var basemapURL: String?
    /// The most tips held in memory for fast tip pages (about 0.4 KB each); 0 = none.
    var tipSnapshotLimit: Int = Self.defaultTipSnapshotLimit
    static let defaultTipSnapshotLimit = 1_000_000
    /// The public view's fixed grid (docs/privacy.md): CRS and cell side, the operator's
    /// choice, never a caller's.
    var publicView = PublicView.Configuration()
    /// The Zalo Official Accounts whose webhook events `POST /intake/zalo` takes (docs/zalo.md).
    var zaloAccounts: [ZaloAccount] = []
    /// A resident's Zalo messages within this many minutes of each other are one tip.
    var zaloWindowMinutes = 10
    /// Pages on other origins allowed to call the API (CORS); none by default.
    var crossOrigin = CrossOriginPolicy()

    /// Why the arguments cannot be used.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses `arguments` (without the program name) as ``ServerArguments`` and resolves them
    /// against `environment`; every problem, a bad flag included, is a ``Problem``.
    static func parse(_ arguments: [String], environment: [String: String]) throws -> ServerConfiguration {
        let parsed: ServerArguments
        do { parsed = try ServerArguments.parse(arguments) } catch { throw Problem(description: ServerArguments.message(for: error)) }
        return try resolve(parsed, environment: environment)
    }

    /// The settings: each flag, else its environment variable, else the default; checked.
    static func resolve(_ arguments: ServerArguments, environment: [String: String]) throws -> ServerConfiguration {
        let database = arguments.database ?? environment["GEOINCIDENTS_DATABASE"] ?? GeoDatabase.defaultPath(explicit: nil, environment: environment)
        let host = arguments.host ?? environment["MAPSERVER_HOST"] ?? "127.0.0.1"
        let portText = arguments.port ?? environment["MAPSERVER_PORT"] ?? "8080"
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw Problem(description: "port must be a number from 1 to 65535, got '\(portText)'")
        }
        let snapshotText = arguments.tipSnapshot ?? environment["MAPSERVER_TIP_SNAPSHOT"] ?? String(defaultTipSnapshotLimit)
        guard let snapshotLimit = Int(snapshotText), snapshotLimit >= 0 else {
            throw Problem(description: "--tip-snapshot must be a number of tips ≥ 0 (0 turns the in-memory tip pages off), got '\(snapshotText)'")
        }
        var publicView = PublicView.Configuration()
        publicView.crs = arguments.publicGridCrs ?? environment["MAPSERVER_PUBLIC_GRID_CRS"] ?? publicView.crs
        if let cellText = arguments.publicCell ?? environment["MAPSERVER_PUBLIC_CELL"] {
            guard let cell = Double(cellText) else { throw Problem(description: "--public-cell must be a number of metres, got '\(cellText)'") }
            publicView.cellSize = cell
        }
        do { try publicView.validate() } catch { throw Problem(description: "\(error)") }
        var zaloAccounts: [ZaloAccount] = []
        do {
            if let single = try ZaloAccount.fromEnvironment(environment) { zaloAccounts.append(single) }
            if let file = arguments.zaloAccounts ?? environment["ZALO_ACCOUNTS_FILE"] { zaloAccounts += try ZaloAccount.list(fromFile: file) }
        } catch { throw Problem(description: "Zalo: \(error)") }
        if Set(zaloAccounts.map(\.oaID)).count < zaloAccounts.count { throw Problem(description: "Zalo: an OA is configured twice (environment and accounts file)") }
        let windowText = arguments.zaloWindow ?? environment["ZALO_WINDOW_MINUTES"] ?? "10"
        guard let window = Int(windowText), (1...1_440).contains(window) else {
            throw Problem(description: "--zalo-window must be 1 to 1440 minutes, got '\(windowText.prefix(40))'")
        }
        return ServerConfiguration(databasePath: database, host: host, port: port,
                                   tilesDirectory: arguments.tiles ?? environment["MAPSERVER_TILES"] ?? "tiles",
                                   basemapURL: arguments.basemap ?? environment["MAPSERVER_BASEMAP"], tipSnapshotLimit: snapshotLimit,
                                   publicView: publicView, zaloAccounts: zaloAccounts, zaloWindowMinutes: window,
                                   crossOrigin: try CrossOriginPolicy.parse(arguments.corsOrigins ?? environment["MAPSERVER_CORS_ORIGINS"] ?? ""))
    }
}
