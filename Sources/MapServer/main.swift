import Foundation
import GeoIncidents
import Hummingbird
import Logging

// MapServer: `MapServer --database PATH [--host 127.0.0.1] [--port 8080]`, or the same
// through GEOINCIDENTS_DATABASE / MAPSERVER_HOST / MAPSERVER_PORT.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return handler
}
let logger = Logger(label: "MapServer")
do {
    let configuration = try ServerConfiguration.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
        throw ServerConfiguration.Problem(description: "database \(configuration.databasePath) does not exist: create it with `geoq demo` or `geoq regions import`")
    }
    let database = try GeoDatabase.open(path: configuration.databasePath, readers: max(2, ProcessInfo.processInfo.activeProcessorCount))
    let server = ServerContext(database: database, tilesDirectory: configuration.tilesDirectory, basemapURL: configuration.basemapURL,
                               tipSnapshotLimit: configuration.tipSnapshotLimit, publicConfiguration: configuration.publicView)
    logger.info("serving", metadata: ["database": "\(configuration.databasePath)", "address": "\(configuration.host):\(configuration.port)"])
    try await buildApplication(configuration: configuration, server: server, logger: logger).runService()
} catch {
    FileHandle.standardError.write(Data("MapServer: error: \(error)\n".utf8))
    exit(2)
}
