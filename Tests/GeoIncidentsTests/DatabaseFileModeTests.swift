import Foundation
import Glibc
import Testing
@testable import GeoIncidents

/// Issue 15: the database and its -wal and -shm hold tipster contacts: owner only.
@Suite("Database files are 0600", .serialized)
struct DatabaseFileModeTests {
    static func mode(_ path: String) throws -> mode_t {
        var status = stat()
        try #require(stat(path, &status) == 0, "\(path) does not exist")
        return status.st_mode & 0o777
    }

    static func withUmask<T>(_ mask: mode_t, _ body: () throws -> T) rethrows -> T {
        let previous = umask(mask)
        defer { umask(previous) }
        return try body()
    }

    @Test("a database created under umask 022 is 0600, and so are its -wal and -shm")
    func newFiles() throws {
        let path = TestSupport.temporaryPath("modes.sqlite")
        let database = try Self.withUmask(0o022) { try GeoDatabase.open(path: path) }
        // A write, so that the -wal holds something while the connections are open.
        _ = try TokenStore(database: database).create(role: .intake, label: "mode test")
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
        withExtendedLifetime(database) {}
    }

    @Test("an existing database that others could read is narrowed to 0600 when opened")
    func existingFiles() throws {
        let path = TestSupport.temporaryPath("old.sqlite")
        do { _ = try GeoDatabase.open(path: path) }
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(chmod(file, 0o644) == 0)
        }
        let database = try GeoDatabase.open(path: path)
        _ = try TokenStore(database: database).create(role: .intake, label: "mode test")
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try Self.mode(file) == 0o600, "\(file)")
        }
        withExtendedLifetime(database) {}
    }
}
