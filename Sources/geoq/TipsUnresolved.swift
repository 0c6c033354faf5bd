import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq tips unresolved`: tips whose location_text decides no place, for an officer.
struct TipsUnresolved: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unresolved",
        abstract: "List tips kept because their location text decides no place (ambiguous or unlocated), oldest first.",
        discussion: "Contacts are never listed. Place one with geoq tips resolve ID --lon X --lat Y, or --commune CODE (one of its candidates).")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Tips listed at most.") var limit = 1_000

    func validate() throws {
        guard (1...1_000_000).contains(limit) else { throw ValidationError("--limit must be 1 to 1,000,000") }
    }

    func run() throws {
        try reportingErrors {
            let store = UnresolvedTipStore(database: try db.open())
            var table = TableWriter(header: ["id", "reported_at", "source", "category", "located_by", "candidates", "location_text", "reason"], numericColumns: [0])
            for kept in try store.open(limit: limit) {
                table.add([String(kept.id), kept.draft.reportedAt.iso8601, kept.draft.source, kept.draft.category.rawValue, kept.method.rawValue,
                           kept.candidates.joined(separator: ";"), kept.draft.locationText ?? "", kept.reason])
            }
            print(try table.render(output.format))
        }
    }
}

/// `geoq tips resolve ID`: an officer places a kept tip; it becomes a tip.
struct TipsResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Place an unresolved tip at a point (--lon, --lat) or in a commune (--commune); it becomes a tip.")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The unresolved tip's id (geoq tips unresolved).") var id: Int64
    @Option(help: "Longitude (WGS84).") var lon: Double?
    @Option(help: "Latitude (WGS84).") var lat: Double?
    @Option(help: "A 2025 commune code of this store (usually one of the tip's candidates): the tip goes to a point on the commune's surface, with its covering radius as accuracy.") var commune: String?
    @Option(help: "Snap tolerance in metres (for --lon/--lat).") var snapTolerance = 100.0

    func validate() throws {
        switch (lon, lat, commune) {
        case let (lon?, lat?, nil):
            if let problem = Coordinate(x: lon, y: lat).lonLatProblem { throw ValidationError("--lon/--lat: \(problem)") }
        case (nil, nil, _?): break
        default: throw ValidationError("Give --lon and --lat, or --commune.")
        }
    }

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let tipID = try UnresolvedTipStore(database: database).resolve(id: id) { draft in
                if let commune { return try TipPlacer(database: database).place(draft, inCommune: commune) }
                let point = Coordinate(x: lon!, y: lat!)
                let index = try RegionStore(database: database).boundaryIndex(snapToleranceMeters: snapTolerance)
                return (draft.placed(at: point, method: .gps, accuracyMeters: nil), try index.assign(point))
            }
            print("unresolved tip \(id) is now tip \(tipID)")
        }
    }
}
