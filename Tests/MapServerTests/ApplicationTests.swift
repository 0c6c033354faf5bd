import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import GeoIncidents
@testable import MapServer
import TestScratch

/// The application as `MapServer` builds it from its arguments (database, services and all),
/// not just the router.
@Suite("MapServer application from its arguments")
struct ApplicationTests {
    @Test("an audited read reaches access_log through the flusher service, with no explicit flush")
    func flusherWritesAuditedReads() async throws {
        let fixture = try ServerFixture(tips: 50)
        let arguments = try ServerArguments.parse(["--database", fixture.database.path])
        let app = try await buildApplication(arguments, environment: [:])
        let log = AccessLog(database: fixture.database)
        try await app.test(.router) { client in
            try await client.execute(uri: "/collections/tips/items?limit=5", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
            }
            // The flusher writes every 250 ms; allow a slow machine 10 s.
            var actions: [String] = []
            for _ in 0..<100 where !actions.contains("tips.items") {
                try await Task.sleep(for: .milliseconds(100))
                actions = try log.recent().map(\.action)
            }
            #expect(actions.contains("tips.items"))
        }
    }

    @Test("a missing database file, or one from a newer version, stops the start with a clear message")
    func refusesBadDatabases() async throws {
        let missing = TestScratch.folder("mapserver-missing") + "/missing.sqlite"
        await #expect(throws: ServerConfiguration.Problem.self) {
            _ = try await buildApplication(try ServerArguments.parse(["--database", missing]), environment: [:])
        }
        let fixture = try ServerFixture(tips: 10)
        try fixture.database.writer.sync { connection in
            try connection.run("INSERT INTO schema_migrations (name, applied_at) VALUES ('999_from_a_newer_build', '2030-01-01T00:00:00Z')")
        }
        let error = try await #require(throws: GeoIncidentsError.self) {
            _ = try await buildApplication(try ServerArguments.parse(["--database", fixture.database.path]), environment: [:])
        }
        #expect(error.message.contains(fixture.database.path) && error.message.contains("999_from_a_newer_build"))
    }

    @Test("flags, then MAPSERVER_* variables, then defaults")
    func environmentFallbacks() throws {
        let environment = ["GEOINCIDENTS_DATABASE": "g.sqlite", "MAPSERVER_HOST": "0.0.0.0", "MAPSERVER_PORT": "9001", "MAPSERVER_TILES": "t",
                           "MAPSERVER_BASEMAP": "https://b/{z}/{x}/{y}.png", "MAPSERVER_TIP_SNAPSHOT": "5"]
        let configuration = try ServerConfiguration.resolve(try ServerArguments.parse(["--port", "9002"]), environment: environment)
        #expect(configuration == ServerConfiguration(databasePath: "g.sqlite", host: "0.0.0.0", port: 9002, tilesDirectory: "t",
                                                     basemapURL: "https://b/{z}/{x}/{y}.png", tipSnapshotLimit: 5))
        #expect(throws: ServerConfiguration.Problem.self) { try ServerConfiguration.parse(["--tip-snapshot", "-1"], environment: [:]) }
    }
}
