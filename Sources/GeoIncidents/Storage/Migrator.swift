/// Named, append-only schema migrations, each applied once in its own transaction
/// (after GRDB's `DatabaseMigrator`). Never edit a shipped migration: add a new one.
///
/// A database that has a migration applied which this build does not know was written by a
/// newer build: it is refused before anything is written, since this build would read and
/// write its tables by an older schema.
struct Migrator {
    struct Migration {
        let name: String
        let sql: String
    }

    let migrations: [Migration]

    func migrate(_ connection: Connection) throws {
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        var applied: [String] = []
        try connection.prepare("SELECT name FROM schema_migrations ORDER BY rowid").forEachRow { applied.append($0.text(0)) }
        try refuseUnknown(applied, path: connection.path)
        let appliedNames = Set(applied)
        for migration in migrations where !appliedNames.contains(migration.name) {
            try connection.transaction {
                try connection.execute(migration.sql)
                try connection.run(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                    [.text(migration.name)])
            }
        }
    }

    /// Throws when `applied` holds a migration this build does not know (a newer build's).
    func refuseUnknown(_ applied: [String], path: String) throws {
        let known = Set(migrations.map(\.name))
        let unknown = applied.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        let listed = unknown.prefix(5).joined(separator: ", ") + (unknown.count > 5 ? ", …" : "")
        throw GeoIncidentsError.invalidInput(
            "\(path): the database was written by a newer version: its schema has \(applied.count) migrations up to \(applied.last ?? "?"), "
                + "\(unknown.count) of them unknown to this version (\(listed)); this version knows \(migrations.count), up to "
                + "\(migrations.last?.name ?? "none"). Open it with the newer version, or use a copy made before it was upgraded")
    }
}
