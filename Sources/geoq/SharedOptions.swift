import ArgumentParser
import GeoIncidents

/// `--database`, shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SpatiaLite file (default: $GEOQ_DATABASE, else ./geoincidents.sqlite).")
    var database: String?

    /// Opens (creating and migrating if needed) the database.
    func open() throws -> GeoDatabase {
        try GeoDatabase.open(path: GeoDatabase.defaultPath(explicit: database))
    }

    /// The database's incidents, with the tips stored since the last pass grouped.
    func incidents() throws -> IncidentStore {
        let store = IncidentStore(database: try open())
        try store.catchUp()
        return store
    }
}

/// Output formats of listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, geojson
}

/// `--format`.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: table, csv, json or geojson.")
    var format: OutputFormat = .table
}
