import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq regions borders`: the boundary lines shared by adjacent units.
struct RegionsBorders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "borders",
        abstract: "The borders shared by adjacent communes (or provinces), tolerant of the slivers of real layers.",
        discussion: """
            A segment of unit A's boundary lies on the border with B when both its ends are within --tolerance
            metres of B's boundary; pairs sharing less than --min-length metres (corners) are left out. Each pair
            is listed once, with the line in A's own coordinates.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Level: commune or province.") var level: AdminLevel = .commune
    @Option(help: "Only units with this parent code (a province's communes).") var parent: String?
    @Option(help: "Sliver tolerance in metres.") var tolerance: Double = 50
    @Option(help: "Minimum shared length in metres.") var minLength: Double = 100

    func run() throws {
        try reportingErrors {
            guard level != .neighbourhood else { throw ValidationError("--level must be commune or province") }
            let database = try db.open()
            let borders = try RegionStore(database: database).sharedBorders(level: level, parentCode: parent, toleranceMeters: tolerance, minimumLengthMeters: minLength)
            Console.error("\(borders.count) shared borders, \(Console.grouped(Int(borders.reduce(0) { $0 + $1.lengthMeters } / 1_000))) km in all")
            if output.format == .geojson {
                let features = borders.map { b in
                    GeoJSONWriter.feature(geometry: .lines(b.lines), properties: [
                        ("code_a", .string(b.codeA)), ("code_b", .string(b.codeB)), ("length_m", .number((b.lengthMeters * 10).rounded() / 10)),
                    ])
                }
                print(GeoJSONWriter.featureCollection(features), terminator: "")
                return
            }
            var table = TableWriter(header: ["code_a", "code_b", "length_m", "pieces"], numericColumns: [2, 3])
            for b in borders { table.add([b.codeA, b.codeB, String(format: "%.1f", b.lengthMeters), String(b.lines.count)]) }
            print(try table.render(output.format))
        }
    }
}
