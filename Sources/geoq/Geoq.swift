import ArgumentParser
import Foundation
import GeoIncidents
import Logging

/// `geoq`: the analysts' command line for GeoIncidents.
@main
struct Geoq: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import, assign, query and analyse community-policing tips on a map.",
        discussion: """
            The database is --database PATH, else $GEOQ_DATABASE, else ./geoincidents.sqlite.
            Start with `geoq demo` to load the demo province and tips.
            """,
        subcommands: [Demo.self, Regions.self, Places.self, LocateCommand.self, Tips.self, Incidents.self, Stats.self, Hotspots.self, Clusters.self, PatrolNeedsCommand.self, Cameras.self, Coverage.self, Tiles.self, Tokens.self, Zalo.self, Bench.self]
    )

    /// Logs go to stderr at `LOG_LEVEL` (default info); `GEOQ_TIMING` set shows the analyses'
    /// stage timings (debug level).
    static func main() {
        ProcessMemory.keepFreed()
        let environment = ProcessInfo.processInfo.environment
        let level = environment["GEOQ_TIMING"] != nil ? .debug : environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        main(nil)
    }
}
