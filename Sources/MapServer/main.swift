import Foundation
import GeoIncidents

// MapServer: the HTTP service lands with its own issue (OGC API Features, hotspots, roles).
// Until then this executable checks its configuration and the database it would serve, and
// says so plainly instead of pretending to serve anything.
do {
    let configuration = try ServerConfiguration.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    let database = try GeoDatabase.open(path: configuration.databasePath)
    let counts = try RegionStore(database: database).counts()
    let tips = try TipStore(database: database).count()
    print("MapServer: database \(configuration.databasePath) is ready (\(counts[.commune] ?? 0) communes, \(tips) tips).")
    print("The HTTP service is not built yet; it would listen on \(configuration.host):\(configuration.port).")
    exit(2)
} catch {
    FileHandle.standardError.write(Data("MapServer: error: \(error)\n".utf8))
    exit(2)
}
