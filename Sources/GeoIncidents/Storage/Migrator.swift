/// Named, append-only schema migrations, each applied once in its own transaction
/// (after GRDB's `DatabaseMigrator`). Never edit a shipped migration: add a new one.
struct Migrator {
    struct Migration {
        let name: String
        let sql: String
    }

    let migrations: [Migration]

    func migrate(_ connection: Connection) throws {
        try connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        var applied = Set<String>()
        try connection.prepare("SELECT name FROM schema_migrations").forEachRow { applied.insert($0.text(0)) }
        for migration in migrations where !applied.contains(migration.name) {
            try connection.transaction {
                try connection.execute(migration.sql)
                try connection.run(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                    [.text(migration.name)])
            }
        }
    }
}
