import ArgumentParser
import GeoIncidents

/// `geoq regions list`.
struct RegionsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the current administrative units.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only this level.") var level: AdminLevel?
    @Option(help: "Only the children of this unit code.") var parent: String?

    func run() throws {
        try reportingErrors {
            let regions = try RegionStore(database: try db.open()).list(level: level, parentCode: parent, withArea: true)
            print(try RegionTable.render(regions, format: output.format))
        }
    }
}

/// `geoq regions find TEXT`.
struct RegionsFind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find units by name or code; diacritics and case are ignored (\"khanh hai\" finds \"Khánh Hải\")."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Argument(help: "Part of a name, or a code.") var text: String
    @Option(help: "Only this level.") var level: AdminLevel?
    @Option(help: "At most this many results.") var limit = 50

    func run() throws {
        try reportingErrors {
            let regions = try RegionStore(database: try db.open()).find(text, level: level, limit: limit)
            if regions.isEmpty { Console.error("no unit matches '\(text)'") }
            print(try RegionTable.render(regions, format: output.format))
        }
    }
}

/// Renders region listings.
enum RegionTable {
    static func render(_ regions: [Region], format: OutputFormat) throws -> String {
        var table = TableWriter(header: ["level", "code", "name", "kind", "parent", "population", "area_km2", "valid_from", "valid_to"], numericColumns: [5, 6])
        for r in regions {
            table.add([r.level.rawValue, r.code, r.name, r.kind ?? "", r.parentCode ?? "", r.population.map(String.init) ?? "",
                       r.areaKm2.map { String(format: "%.3f", $0) } ?? "", r.validFrom ?? "", r.validTo ?? ""])
        }
        return try table.render(format)
    }
}

import Foundation
