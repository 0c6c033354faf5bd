import ArgumentParser
import GeoIncidents

/// `geoq regions import FILE --level L`.
struct RegionsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one level of boundaries from a GeoJSON FeatureCollection (all or nothing).",
        discussion: """
            Polygons and MultiPolygons with holes are accepted. Invalid geometry is repaired
            (GEOS MakeValid) and reported; features that cannot be used are listed with their
            index, code and reason, and then nothing is imported. Re-importing a code replaces
            it (or, with --valid-from, closes the old version on that date).
            Run `geoq tips reassign` after changing boundaries.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "An RFC 7946 GeoJSON file.") var file: String
    @Option(help: "province, commune or neighbourhood.") var level: AdminLevel
    @Option(help: "Property holding the unit code (default: code, <level>_code, ma, id).") var codeField: String?
    @Option(help: "Property holding the name (default: name, <level>_name, ten).") var nameField: String?
    @Option(help: "Property holding the parent unit's code (default: parent_code, <parent>_code, <parent>_id).") var parentField: String?
    @Option(help: "Date (YYYY-MM-DD) the boundaries take effect; keeps the previous versions as history.") var validFrom: String?
    @Option(help: "Directory of the official code lists the text locator reads (default: $GEOQ_CODES, else regions/vn-admin-codes; installed once).") var codes: String?

    func validate() throws {
        if let validFrom, Timestamp.parse(validFrom) == nil || validFrom.count != 10 {
            throw ValidationError("--valid-from must be a date YYYY-MM-DD, got '\(validFrom)'")
        }
    }

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let options = RegionImportOptions(level: level, codeField: codeField, nameField: nameField, parentField: parentField, validFrom: validFrom)
            let report = try RegionStore(database: database).importFile(file, options: options)
            for line in report.repaired { Console.error("repaired: \(line)") }
            for line in report.warnings { Console.error("warning: \(line)") }
            print("\(file): \(Console.grouped(report.inserted)) \(level.rawValue) unit(s) added, \(Console.grouped(report.replaced)) replaced, \(report.repaired.count) repaired")
            do {
                if let installed = try CodeLists(database: database).installIfMissing(directory: codes) {
                    print("code lists: \(Console.grouped(installed.communes)) communes, \(Console.grouped(installed.legacyWards)) legacy wards, \(Console.grouped(installed.mappings)) legacy → 2025 rows installed from \(installed.directory)")
                }
            } catch let error as GeoIncidentsError where codes == nil {
                Console.error("warning: \(error.message)")
            }
        }
    }
}
