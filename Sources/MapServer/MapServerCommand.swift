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
    /// SIGTERM and SIGINT are blocked in every thread first (threads inherit the mask): on Linux
    /// Dispatch reads them through a signalfd for ServiceLifecycle's graceful shutdown. Without
    /// the mask the main thread, unblocked, took them and shutdown never started: the server kept
    /// serving (every time with main off the main actor, once in 16 runs on it). On the main
    /// actor, as the top-level code was.
    @MainActor static func main() async {
        #if os(Linux)
        var shutdownSignals = sigset_t()
        sigemptyset(&shutdownSignals)
        sigaddset(&shutdownSignals, SIGTERM)
        sigaddset(&shutdownSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &shutdownSignals, nil)
        #endif
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
