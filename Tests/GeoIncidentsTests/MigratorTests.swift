import Foundation
import Testing
@testable import GeoIncidents

@Suite("Schema migrations")
struct MigratorTests {
    @Test("a database with a migration this build does not know is refused, naming the file and both versions")
    func refusesNewerDatabase() throws {
        let path = TestSupport.temporaryPath("newer.sqlite")
        do {
            let database = try GeoDatabase.open(path: path)
            try database.writer.sync { connection in
                try connection.run("INSERT INTO schema_migrations (name, applied_at) VALUES ('999_from_a_newer_build', '2030-01-01T00:00:00Z')")
            }
        }
        let ours = Migrator.standard.migrations
        let error = try #require(throws: GeoIncidentsError.self) { try GeoDatabase.open(path: path) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.hasPrefix("\(path): the database was written by a newer version"))
        #expect(error.message.contains("\(ours.count + 1) migrations up to 999_from_a_newer_build"))
        #expect(error.message.contains("1 of them unknown to this version (999_from_a_newer_build)"))
        #expect(error.message.contains("this version knows \(ours.count), up to \(ours.last!.name)"))
    }

    @Test("a database at this build's version, or an older one, opens and is migrated")
    func opensKnownDatabase() throws {
        let path = TestSupport.temporaryPath("older.sqlite")
        do { _ = try GeoDatabase.open(path: path) }
        let names = try GeoDatabase.open(path: path).appliedMigrations()
        #expect(names == Migrator.standard.migrations.map(\.name))
        #expect(throws: Never.self) { try Migrator.standard.refuseUnknown(Array(names.prefix(3)), path: path) }
    }
}
