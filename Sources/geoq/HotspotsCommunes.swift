import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq hotspots communes`: hot spot communes.
struct HotspotsCommunes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "Hot spot communes: global Moran's I, local Gi* and local Moran (LISA) on commune polygons.",
        discussion: """
            Neighbours are communes whose boundaries come within --tolerance metres (queen contiguity that
            tolerates the slivers of the real 2025 layer). Values are tip counts, or tips per 1,000 residents
            with --per-population.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Contiguity tolerance in metres.") var tolerance: Double = 50
    @Flag(help: "Score tips per 1,000 residents (needs population in the boundary layer).") var perPopulation = false
    @Option(help: "Significance level (after FDR).") var alpha: Double = 0.05
    @Flag(help: "Do not correct p-values for multiple testing.") var noFDR = false
    @Option(help: "Projected CRS for the contiguity.") var crs: String?
    @Option(help: "Rows to print (default: 20 for the table, all otherwise).") var limit: Int?

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let filter = try scope.filter(filters, database: database)
            var parameters = CommuneHotspotParameters()
            parameters.toleranceMeters = tolerance
            parameters.perPopulation = perPopulation
            parameters.alpha = alpha
            parameters.fdr = !noFDR
            parameters.crs = crs
            let result = try HotspotService(database: database).communes(filter, parameters: parameters)
            let m = result.moran
            Console.error(String(format: "%d communes, %d links, %@ tips; global Moran's I = %.6f (E[I] = %.6f, z = %.3f, p = %.3g)",
                                 result.units.count, result.links, Console.grouped(result.tipsMatched), m.i, m.expected, m.z, m.p)
                          + result.notes.map { "\nnote: \($0)" }.joined())
            let units = result.units.prefix(limit ?? (output.format == .table ? 20 : result.units.count))
            switch output.format {
            case .geojson:
                let areas = try RegionStore(database: database).areas(level: .commune, codes: Set(units.map(\.code)))
                let features = units.compactMap { unit in
                    areas[unit.code].map { GeoJSONWriter.feature(geometry: .multiPolygon($0), properties: properties(unit)) }
                }
                print(GeoJSONWriter.featureCollection(features), terminator: "")
            case .json:
                let object: JSONValue = .object([
                    "moran": .object(["I": .number(m.i), "expected": .number(m.expected), "variance": .number(m.variance), "z": .number(m.z), "p": .number(m.p)]),
                    "links": .number(Double(result.links)), "islands": .array(result.islands.map { .string($0) }),
                    "communes": .array(units.map { unit in .object(Dictionary(properties(unit), uniquingKeysWith: { a, _ in a })) }),
                ])
                print(GeoJSONWriter.json(object))
            case .table, .csv:
                let header = ["rank", "code", "name", "count", "value", "neighbours", "z", "p_fdr", "bin", "lisa_i", "lisa_p", "cluster"]
                var table = TableWriter(header: header, numericColumns: [0, 3, 4, 5, 6, 7, 8, 9, 10])
                for (rank, u) in units.enumerated() {
                    table.add([String(rank + 1), u.code, u.name, String(u.count), String(format: "%.4g", u.value), String(u.neighbours),
                               String(format: "%.3f", u.z), String(format: "%.3g", u.pAdjusted), String(u.bin),
                               String(format: "%.4f", u.localMoran), String(format: "%.3g", u.localMoranP), u.cluster])
                }
                print(try table.render(output.format))
            }
        }
    }

    func properties(_ u: CommuneHotspot) -> [(String, JSONValue)] {
        [("code", .string(u.code)), ("name", .string(u.name)), ("province_code", u.provinceCode.map(JSONValue.string) ?? .null),
         ("count", .number(Double(u.count))), ("value", .number(u.value)), ("neighbours", .number(Double(u.neighbours))),
         ("z", .number(u.z)), ("p", .number(u.p)), ("p_fdr", .number(u.pAdjusted)), ("bin", .number(Double(u.bin))),
         ("lisa_i", .number(u.localMoran)), ("lisa_z", .number(u.localMoranZ)), ("lisa_p", .number(u.localMoranP)), ("cluster", .string(u.cluster))]
    }
}
