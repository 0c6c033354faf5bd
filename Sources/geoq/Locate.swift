import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq locate LON LAT`.
struct Locate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the commune and neighbourhood of a point, how it was decided, and its distance to the commune boundary."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "Longitude (WGS84).") var lon: Double
    @Argument(help: "Latitude (WGS84).") var lat: Double
    @Option(help: "Snap points outside every commune to the nearest one within this many metres.") var snapTolerance = 100.0

    func validate() throws {
        if let problem = Coordinate(x: lon, y: lat).lonLatProblem { throw ValidationError(problem) }
    }

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let regions = RegionStore(database: database)
            let index = try regions.boundaryIndex(snapToleranceMeters: snapTolerance)
            let a = try index.assign(Coordinate(x: lon, y: lat))
            func name(_ level: AdminLevel, _ code: String?) throws -> String {
                guard let code else { return "" }
                return try regions.region(level: level, code: code)?.name ?? ""
            }
            var table = TableWriter(header: ["province", "commune", "commune_name", "neighbourhood", "neighbourhood_name", "method", "boundary_distance_m"], numericColumns: [6])
            table.add([a.provinceCode ?? "", a.communeCode ?? "", try name(.commune, a.communeCode), a.neighbourhoodCode ?? "",
                       try name(.neighbourhood, a.neighbourhoodCode), a.method.rawValue,
                       a.boundaryDistanceMeters.map { String(format: "%.1f", $0) } ?? ""])
            print(try table.render(output.format == .geojson ? .json : output.format))
        }
    }
}
