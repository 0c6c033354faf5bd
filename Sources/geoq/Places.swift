import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq places`: places commune police register so that tips naming them are located to them.
struct Places: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "places",
        abstract: "Register markets, schools, landmarks and street segments the text locator finds in tips.",
        subcommands: [PlacesAdd.self, PlacesImport.self, PlacesList.self, PlacesRemove.self])
}

/// `geoq places add`.
struct PlacesAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register one place: a point (--lon, --lat) or a line (--line).")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Name as written on signs, e.g. \"Chợ Tân Lợi\".") var name: String
    @Option(help: "2025 commune code the place lies in.") var commune: String
    @Option(help: "Kind: chợ, trường, đường …") var kind: String?
    @Option(help: "Another name residents use (repeatable).") var alias: [String] = []
    @Option(help: "Longitude (WGS84) of a point place.") var lon: Double?
    @Option(help: "Latitude (WGS84) of a point place.") var lat: Double?
    @Option(help: "A street segment: LON,LAT;LON,LAT;…") var line: String?

    func run() throws {
        try reportingErrors {
            let shape: RegisteredPlace.Shape
            switch (lon, lat, line) {
            case let (lon?, lat?, nil): shape = .point(Coordinate(x: lon, y: lat))
            case let (nil, nil, text?):
                let points = try text.split(separator: ";").map { pair -> Coordinate in
                    let parts = pair.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                    guard parts.count == 2, let x = parts[0], let y = parts[1] else { throw ValidationError("--line: '\(pair.prefix(40))' is not LON,LAT") }
                    return Coordinate(x: x, y: y)
                }
                shape = .line(points)
            default: throw ValidationError("Give --lon and --lat, or --line.")
            }
            let place = RegisteredPlace(communeCode: commune, name: name, kind: kind, aliases: alias, shape: shape)
            let id = try PlaceStore(database: try db.open()).add([place])[0]
            print("place \(id) registered: \(place.name), commune \(commune)")
        }
    }
}

/// `geoq places import`.
struct PlacesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register places from GeoJSON: Point or LineString features with name, commune, and optional kind and aliases (all or none).")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "A GeoJSON FeatureCollection or NDJSON file.") var file: String

    func run() throws {
        try reportingErrors {
            let ids = try PlaceStore(database: try db.open()).importFile(file)
            print("\(file): \(Console.grouped(ids.count)) place(s) registered")
        }
    }
}

/// `geoq places list`.
struct PlacesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered places.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only this commune's places.") var commune: String?

    func run() throws {
        try reportingErrors {
            var table = TableWriter(header: ["id", "commune", "name", "kind", "aliases", "shape", "lon", "lat", "accuracy_m"], numericColumns: [0, 6, 7, 8])
            for place in try PlaceStore(database: try db.open()).list(communeCode: commune) {
                let point = place.representativePoint
                let shape: String
                switch place.shape {
                case .point: shape = "point"
                case .line(let points): shape = "line (\(points.count) points)"
                }
                table.add([String(place.id), place.communeCode, place.name, place.kind ?? "", place.aliases.joined(separator: ";"), shape,
                           String(format: "%.6f", point.x), String(format: "%.6f", point.y), String(Int(place.accuracyMeters.rounded()))])
            }
            print(try table.render(output.format))
        }
    }
}

/// `geoq places remove`.
struct PlacesRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a registered place (tips already located to it keep their point).")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The place's id (geoq places list).") var id: Int64

    func run() throws {
        try reportingErrors {
            guard try PlaceStore(database: try db.open()).remove(id: id) else { throw GeoIncidentsError(.notFound, "no place with id \(id)") }
            print("place \(id) removed")
        }
    }
}
