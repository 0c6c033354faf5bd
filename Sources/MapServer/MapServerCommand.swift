import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// MapServer: `MapServer --database PATH [--host 127.0.0.1] [--port 8080] …`, or the same
/// through `GEOINCIDENTS_DATABASE`, `MAPSERVER_HOST`, `MAPSERVER_PORT` … (see
/// ``ServerArguments``). The command only parses; ``buildApplication(_:environment:logger:)``
/// opens the database and builds what runs.
@main
struct MapServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "MapServer",
        abstract: "Serve GeoIncidents boundaries, tips (by role), hotspot grids and statistics over HTTP (OGC API - Features)."
    )

    @OptionGroup var arguments: ServerArguments

    func run() async throws {
        let logger = Logger(label: "MapServer")
        try await buildApplication(arguments, logger: logger).runService()
    }

    /// Logs to stderr at `LOG_LEVEL` (default info). Every failure, a bad argument as much as a
    /// database that cannot be opened, is one line `MapServer: error: …` and exit code 2.
    ///
    /// On the main actor, as top-level code was: off it, SIGTERM never reached ServiceLifecycle's
    /// signal source on Linux and killed the process (exit 143 instead of a graceful 0).
    @MainActor static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            // --help and --version print and exit 0.
            guard exitCode(for: error) != .success else { exit(withError: error) }
            FileHandle.standardError.write(Data("MapServer: error: \(message(for: error))\n".utf8))
            Self.exit(withError: ExitCode(2))
        }
    }
}
