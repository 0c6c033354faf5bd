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

extension IncidentStore {
    /// Groups the tips stored since the last pass before a reading command; when another
    /// writer holds the store, says so on stderr and goes on with the incidents grouped so far.
    static func catchUpOrNote(_ database: GeoDatabase, reading what: String) throws {
        do { try IncidentStore(database: database).catchUp() } catch let error as GeoIncidentsError where error.kind == .database {
            Console.error("note: the newest tips could not be grouped now (\(error.message)); \(what) the incidents grouped so far")
        }
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
