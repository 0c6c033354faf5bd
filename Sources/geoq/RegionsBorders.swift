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
    @Option(help: "Only borders touching a unit with this parent code (a province's communes, including its borders with the next province).") var parent: String?
    @Option(help: "Sliver tolerance in metres.") var tolerance: Double = 50
    @Option(help: "Minimum shared length in metres.") var minLength: Double = 100
    @Flag(help: "Derive the borders again from the boundary layer (they are stored, and re-derived by themselves when the layer changes).") var rebuild = false

    func run() throws {
        try reportingErrors {
            guard level != .neighbourhood else { throw ValidationError("--level must be commune or province") }
            let database = try db.open()
            let store = RegionStore(database: database)
            let parameters = SharedBorderParameters(toleranceMeters: tolerance, minimumLengthMeters: minLength)
            let start = Date()
            var borders = rebuild ? try store.rebuildBorders(level: level, parameters: parameters) : try store.storedBorders(level: level, parameters: parameters)
            Console.error(String(format: "borders ready in %.2f s", Date().timeIntervalSince(start)))
            if let parent {
                let inside = Set(try store.list(level: level, parentCode: parent).map(\.code))
                guard !inside.isEmpty else { throw ValidationError("no \(level.rawValue) has parent code \(parent)") }
                borders = borders.filter { inside.contains($0.codeA) || inside.contains($0.codeB) }
            }
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
