import Foundation
import GeoIncidents

/// MapServer's settings, from command-line flags and then environment variables
/// (`GEOINCIDENTS_DATABASE` or `GEOQ_DATABASE`, `MAPSERVER_HOST`, `MAPSERVER_PORT`,
/// `MAPSERVER_TILES`, `MAPSERVER_BASEMAP`, `MAPSERVER_TIP_SNAPSHOT`, `MAPSERVER_PUBLIC_GRID_CRS`,
/// `MAPSERVER_PUBLIC_CELL`).
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

    /// Why the arguments cannot be used.
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads `--database PATH`, `--host HOST`, `--port N`, `--tiles DIR`, `--basemap URL`, `--tip-snapshot N` from `arguments` (without the
    /// program name), falling back to `environment`, then to the defaults.
    static func parse(_ arguments: [String], environment: [String: String]) throws -> ServerConfiguration {
        var values: [String: String] = [:]
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--database", "--host", "--port", "--tiles", "--basemap", "--tip-snapshot", "--public-grid-crs", "--public-cell":
                guard let value = iterator.next(), !value.hasPrefix("--") else { throw Problem(description: "\(argument) needs a value") }
                values[String(argument.dropFirst(2))] = value
            default:
                throw Problem(description: "unknown argument '\(argument)' (expected --database PATH, --host HOST, --port N, --tiles DIR, --basemap URL, --tip-snapshot N, --public-grid-crs CRS, --public-cell METRES)")
            }
        }
        let database = values["database"] ?? environment["GEOINCIDENTS_DATABASE"] ?? GeoDatabase.defaultPath(explicit: nil, environment: environment)
        let host = values["host"] ?? environment["MAPSERVER_HOST"] ?? "127.0.0.1"
        let portText = values["port"] ?? environment["MAPSERVER_PORT"] ?? "8080"
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw Problem(description: "port must be a number from 1 to 65535, got '\(portText)'")
        }
        let snapshotText = values["tip-snapshot"] ?? environment["MAPSERVER_TIP_SNAPSHOT"] ?? String(defaultTipSnapshotLimit)
        guard let snapshotLimit = Int(snapshotText), snapshotLimit >= 0 else {
            throw Problem(description: "--tip-snapshot must be a number of tips ≥ 0 (0 turns the in-memory tip pages off), got '\(snapshotText)'")
        }
        var publicView = PublicView.Configuration()
        publicView.crs = values["public-grid-crs"] ?? environment["MAPSERVER_PUBLIC_GRID_CRS"] ?? publicView.crs
        if let cellText = values["public-cell"] ?? environment["MAPSERVER_PUBLIC_CELL"] {
            guard let cell = Double(cellText) else { throw Problem(description: "--public-cell must be a number of metres, got '\(cellText)'") }
            publicView.cellSize = cell
        }
        do { try publicView.validate() } catch { throw Problem(description: "\(error)") }
        return ServerConfiguration(databasePath: database, host: host, port: port,
                                   tilesDirectory: values["tiles"] ?? environment["MAPSERVER_TILES"] ?? "tiles",
                                   basemapURL: values["basemap"] ?? environment["MAPSERVER_BASEMAP"], tipSnapshotLimit: snapshotLimit,
                                   publicView: publicView)
    }
}
