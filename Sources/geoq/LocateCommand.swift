import ArgumentParser
import Foundation
import GeoIncidents
import TextLocator

/// `geoq locate`: a point (`geoq locate LON LAT`, the original command, unchanged) or a tip text
/// (`--text "…"`, or a batch with `--texts FILE.csv`) resolved to a 2025 commune (docs/locator.md).
struct LocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Show the commune of a point (LON LAT), or find the place a tip text names (--text, --texts).",
        discussion: """
            Text: the status is located (one 2025 commune, a confidence, the matched span), ambiguous (every candidate listed) or not_found (no place named; never guessed). --province is the 2025 province code of the page or hotline that received the tip.

            Batch: --texts reads CSV with a header and the columns id,text[,province] and writes CSV (default) or JSON with id,status,commune,candidates,confidence,matched,level,neighbourhood,place.

            Names are looked up in the database's gazetteer when it has the code lists installed (its own units, neighbourhoods and registered places included; neighbourhood and place columns say which decided), else in the code lists read from --regions, $GEOQ_CODES or ./regions/vn-admin-codes (--regions always reads the files; docs/locator.md).
            """
    )

    @OptionGroup var db: DatabaseOptions
    @Option(name: .long, help: "Output format: table, csv or json (batch default: csv; points also take geojson).")
    var format: OutputFormat?
    @Argument(help: "Longitude and latitude (WGS84) of a point.") var coordinates: [Double] = []
    @Option(help: "Snap points outside every commune to the nearest one within this many metres.") var snapTolerance = 100.0
    @Option(help: "A tip text to locate.") var text: String?
    @Option(help: "A CSV file of tips (id,text[,province]) to locate in one batch.") var texts: String?
    @Option(help: "2025 province code hint for --text (e.g. 66); a batch takes the province column.") var province: String?
    @Option(help: "Directory of the code lists (units_2025.csv …).") var regions: String?
    @Flag(help: "Print the batch's load and locate times and texts/s on stderr.") var timing = false

    func validate() throws {
        let modes = [text != nil, texts != nil, !coordinates.isEmpty].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("Give LON LAT, --text TEXT or --texts FILE.csv (one of them).") }
        if !coordinates.isEmpty, coordinates.count != 2 { throw ValidationError("A point is two numbers: LON LAT.") }
        if coordinates.isEmpty, format == .geojson { throw ValidationError("Text results have no geometry: use table, csv or json.") }
    }

    func run() throws {
        if coordinates.count == 2 {
            var arguments = ["--snap-tolerance", String(snapTolerance)]
            if let database = db.database { arguments += ["--database", database] }
            if let format { arguments += ["--format", format.rawValue] }
            try Locate.parse(arguments + ["--", String(coordinates[0]), String(coordinates[1])]).run()
            return
        }
        let loadStart = Date()
        let locator = try textLocator()
        let loadSeconds = Date().timeIntervalSince(loadStart)
        if let text {
            let r = try guarded { try locator.locate(text, provinceHint: province) }
            let name = r.communeCode.flatMap { locator.gazetteer.commune(code: $0) }
            var table = TableWriter(header: ["status", "commune", "commune_name", "province", "candidates", "confidence", "level", "matched",
                                             "neighbourhood", "place"], numericColumns: [5])
            let place = r.placeID.flatMap { id in locator.gazetteer.places.first { $0.id == id } }
            table.add([r.status.rawValue, r.communeCode ?? "", name.map { "\($0.type.rawValue) \($0.name)" } ?? "", name?.provinceCode ?? "",
                       r.status == .ambiguous ? r.candidates.joined(separator: ";") : "", String(format: "%.2f", r.confidence),
                       r.level?.rawValue ?? "", r.matchedText ?? "", r.neighbourhoodCode ?? "", place.map { "\($0.id) \($0.name)" } ?? ""])
            print(try table.render(format ?? .table))
            if r.truncated { Console.error("geoq: note: only the first \(Locator.scanLimit) bytes of the text were read") }
            return
        }
        guard let texts else { return }
        let input = try guarded { try CSVTable(contentsOf: texts) }
        let (idColumn, textColumn) = try guarded { (try input.column("id"), try input.column("text")) }
        let hintColumn = input.header.firstIndex(of: "province")
        var table = TableWriter(header: ["id", "status", "commune", "candidates", "confidence", "matched", "level", "neighbourhood", "place"], numericColumns: [4])
        let start = Date()
        for (line, fields) in input.rows {
            let r: LocateResult
            do {
                r = try locator.locate(fields[textColumn], provinceHint: hintColumn.map { fields[$0] })
            } catch {
                Console.error("geoq: \(texts):\(line): \(error)")
                r = .notFound()
            }
            table.add([fields[idColumn], r.status.rawValue, r.communeCode ?? "", r.status == .ambiguous ? r.candidates.joined(separator: ";") : "",
                       String(format: "%.2f", r.confidence), r.matchedText ?? "", r.level?.rawValue ?? "", r.neighbourhoodCode ?? "", r.placeID ?? ""])
        }
        let seconds = Date().timeIntervalSince(start)
        print(try table.render(format ?? .csv))
        if timing {
            Console.error(String(format: "geoq: located %d texts in %.4f s = %.0f texts/s (one core); code lists loaded and indexed in %.3f s",
                                 input.rows.count, seconds, Double(input.rows.count) / max(seconds, 1e-9), loadSeconds))
        }
    }

    /// The store's gazetteer (code lists, its own units and neighbourhoods, registered places)
    /// when the database exists and has the code lists installed, unless `--regions` names a
    /// directory; else the code lists from `--regions`, `$GEOQ_CODES` or `./regions/vn-admin-codes`.
    func textLocator() throws -> Locator {
        let path = GeoDatabase.defaultPath(explicit: db.database)
        if regions == nil, FileManager.default.fileExists(atPath: path) {
            let database = try GeoDatabase.open(path: path)
            if try CodeLists(database: database).isInstalled() { return try PlaceLocator.load(database: database).locator }
        }
        let directory = CodeLists.directory(explicit: regions) ?? "regions/vn-admin-codes"
        return Locator(gazetteer: try guarded { try Gazetteer.load(directory: directory) })
    }
}
