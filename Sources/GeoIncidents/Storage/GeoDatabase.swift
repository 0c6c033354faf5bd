public import Foundation
import Glibc
import Synchronization

/// The GeoIncidents store: one SpatiaLite file in WAL mode, with a writer connection and a
/// separate reader connection.
///
/// Open it with ``open(path:)``; migrations run on open. All access goes through the
/// stores (``RegionStore``, ``TipStore``), which use the two serial connections.
public final class GeoDatabase: Sendable {
    /// The database file.
    public let path: String
    let writer: SerialConnection
    /// Reader connections (WAL readers run in parallel); `reader` hands them out in turn.
    let readers: [SerialConnection]
    private let nextReader = Atomic<Int>(0)

    /// A reader connection; consecutive calls rotate through the pool.
    var reader: SerialConnection {
        readers[nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count]
    }

    /// Where the database is when nothing says otherwise: `--database`, then
    /// `GEOQ_DATABASE`, then `./geoincidents.sqlite`.
    public static func defaultPath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment["GEOQ_DATABASE"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "./geoincidents.sqlite"
    }

    private init(path: String, writer: SerialConnection, readers: [SerialConnection]) {
        self.path = path
        self.writer = writer
        self.readers = readers
    }

    /// Opens or creates the database at `path`, switches it to WAL and applies pending
    /// migrations. `readers` read connections serve queries in parallel (the HTTP service
    /// uses one per core).
    public static func open(path: String, readers readerCount: Int = 1) throws -> GeoDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw GeoIncidentsError.io("\(path): directory \(directory) does not exist")
        }
        restrictPermissions(path)
        let writer = try SerialConnection(path: path, readOnly: false, label: "writer")
        try writer.sync { connection in
            // A new file gets 16 KiB pages (a no-op on an existing one): inserting 1M tips
            // took 3.4-3.6 s instead of 4.3-4.6 s with the default 4 KiB (sqlite3, this VM).
            try connection.execute("PRAGMA page_size=16384")
            try connection.execute("PRAGMA journal_mode=WAL")
            // FULL: a commit is on disk before it is acknowledged (survives power loss too).
            try connection.execute("PRAGMA synchronous=FULL")
            try connection.execute("PRAGMA foreign_keys=ON")
            // 64 MiB: appends need little cache, and every cached page is a first-touch fault.
            try connection.execute("PRAGMA cache_size=-65536")
            try connection.execute("PRAGMA temp_store=MEMORY")
            try Migrator.standard.migrate(connection)
            try TipIndexes.ensure(connection)
        }
        var readers: [SerialConnection] = []
        for index in 0..<max(1, readerCount) {
            let reader = try SerialConnection(path: path, readOnly: true, label: "reader-\(index)")
            try reader.sync { try $0.execute("PRAGMA cache_size=-\(262_144 / max(1, readerCount))") }
            readers.append(reader)
        }
        return GeoDatabase(path: path, writer: writer, readers: readers)
    }

    /// The database file and its `-wal` and `-shm` hold tipster contacts: owner only (0600),
    /// whatever the umask. A new file is created 0600 before SQLite opens it (SQLite creates
    /// `-wal` and `-shm` with the main file's mode); an existing file, `-wal` or `-shm` that
    /// others may read is narrowed to 0600 when this user owns it (otherwise it is left as
    /// it is, and SQLite reports any problem opening it).
    static func restrictPermissions(_ path: String) {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0, status.st_mode & 0o077 != 0, status.st_uid == getuid() else { continue }
            _ = chmod(file, 0o600)
        }
    }

    /// Runs `body` on one reader connection inside a read transaction, so that every
    /// statement in it sees the same snapshot of the database (a page and its total, areas
    /// and their counts), whatever commits meanwhile. A single statement needs no such
    /// transaction: SQLite reads each statement from one snapshot.
    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try reader.sync { connection in
            try connection.execute("BEGIN DEFERRED")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// A number that changes whenever tips or regions change: the key for caches.
    public func dataVersion() throws -> Int64 {
        try reader.sync { try $0.dataVersion() }
    }

    /// Copies every committed page from the write-ahead log into the main file and empties
    /// the log, so that the main file alone holds the whole database (before copying it).
    public func checkpoint() throws {
        try writer.sync { try $0.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try reader.sync { connection in
            var names: [String] = []
            try connection.prepare("SELECT name FROM schema_migrations ORDER BY rowid").forEachRow { names.append($0.text(0)) }
            return names
        }
    }
}

extension Connection {
    /// A change counter kept in `meta` (`data_version`, `tips_rewritten`, `regions_version`),
    /// as this connection sees it (inside its transaction, if any).
    func metaCounter(_ key: String) throws -> Int64 {
        try scalarInt("SELECT value FROM meta WHERE key = ?", [.text(key)]) ?? 0
    }

    /// `meta.data_version`: moves with every write of tips or regions.
    func dataVersion() throws -> Int64 { try metaCounter("data_version") }

    /// `meta.regions_version`: moves with every change to `regions` (migration 010).
    func regionsVersion() throws -> Int64 { try metaCounter("regions_version") }

    /// Bumps `meta.gazetteer_version` (migration 015); call inside every write transaction
    /// that changes the code lists or the registered places.
    func bumpGazetteerVersion() throws {
        try execute("UPDATE meta SET value = value + 1 WHERE key = 'gazetteer_version'")
    }

    /// Bumps the data version; call inside every write transaction that changes tips or regions.
    func bumpDataVersion() throws {
        try execute("UPDATE meta SET value = value + 1 WHERE key = 'data_version'")
    }
}
