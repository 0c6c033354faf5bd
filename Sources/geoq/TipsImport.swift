import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq tips import FILE`.
struct TipsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tips from CSV, GeoJSON or NDJSON, assigning each to its commune and neighbourhood.",
        discussion: """
            CSV needs a header; default columns: id, lon, lat, reported_at, category, channel,
            source, description (also received_at, accuracy, tipster_name, tipster_phone,
            tipster_zalo). Map others with --field name=column. Times without an offset are
            read as Vietnam time (UTC+7) unless --utc-offset says otherwise.
            Bad rows are reported with their line and skipped; good rows are kept. Rows are
            written in batches, each atomically; Ctrl-C stops after the current batch.
            Re-importing the same file adds nothing (same source + id).
            """
    )

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "CSV, GeoJSON (.geojson/.json) or NDJSON (.ndjson/.geojsonl) file.") var file: String
    @Option(help: "csv, geojson or ndjson (default: from the file extension).") var format: TipFileFormat?
    @Option(name: .customLong("field"), help: "Map a field to a column, e.g. --field lon=X (repeatable).") var fields: [String] = []
    @Option(help: "Source (group or page) name for rows without a source column (default: the file name).") var source: String?
    @Option(help: "Category for every row, when the file has no category column.") var category: TipCategory?
    @Option(help: "Channel for rows without one.") var channel: TipChannel = .other
    @Option(help: "UTC offset of times written without one, e.g. +07:00.") var utcOffset = "+07:00"
    @Option(help: "Snap tips outside every commune to the nearest one within this many metres.") var snapTolerance = 100.0
    @Option(help: "Tips per transaction.") var batchSize = 50_000
    @Option(help: "Write every rejected row's line and reason to this file.") var rejects: String?
    @Option(help: "auto (for large files, append the spatial and commune keys sorted at the end instead of row by row), always or never.")
    var bulkIndexing: BulkIndexing = .automatic

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard snapTolerance >= 0, snapTolerance.isFinite else { throw ValidationError("--snap-tolerance must be ≥ 0 metres") }
        guard UTCOffset.minutes(utcOffset) != nil else { throw ValidationError("--utc-offset must look like +07:00, got '\(utcOffset)'") }
    }

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            var options = TipImportOptions()
            for field in fields { try options.addFieldMapping(field) }
            options.source = source
            options.category = category
            options.channel = channel
            options.defaultOffsetMinutes = UTCOffset.minutes(utcOffset)!
            options.snapToleranceMeters = snapTolerance
            options.batchSize = batchSize
            options.format = format
            options.bulkIndexing = bulkIndexing
            let regions = RegionStore(database: database)
            let tolerance = snapTolerance
            Interruption.install()
            let started = Date()
            let importer = TipImporter(database: database, options: options, buildingIndex: {
                try regions.boundaryIndex(snapToleranceMeters: tolerance)
            })
            let report = try importer.run(
                path: file,
                progress: { r in Console.progress("\(Console.grouped(r.rowsRead)) rows read, \(Console.grouped(r.inserted)) stored, \(Console.grouped(r.rejected)) rejected") },
                isCancelled: { Interruption.isRequested })
            Console.endProgress()
            TipsImport.printSummary(report, file: file, seconds: Date().timeIntervalSince(started))
            if let rejects {
                let text = report.problems.joined(separator: "\n") + "\n"
                try text.write(toFile: rejects, atomically: true, encoding: .utf8)
            }
            if report.cancelled { throw ExitCode(130) }
            // The new tips join or start incidents (a full pass when there are many).
            let grouped = try IncidentStore(database: database).catchUp()
            if grouped.tips > 0 {
                print("incidents: \(Console.grouped(grouped.tips)) tips grouped\(grouped.rebuilt ? " (full pass)" : ""): \(Console.grouped(grouped.copies)) forwarded copies, \(Console.grouped(grouped.corroborations)) corroborations, \(Console.grouped(grouped.repeats)) repeats")
            }
        }
    }

    static func printSummary(_ report: TipImportReport, file: String, seconds: Double) {
        print("\(file): \(Console.grouped(report.rowsRead)) rows read, \(Console.grouped(report.inserted)) stored, \(Console.grouped(report.duplicates)) already stored, \(Console.grouped(report.rejected)) rejected (\(String(format: "%.2f", seconds)) s)")
        let methods = AssignmentMethod.allCases.compactMap { m in report.methods[m].map { "\(m.rawValue) \(Console.grouped($0))" } }
        if !methods.isEmpty { print("assignment: " + methods.joined(separator: ", ")) }
        if report.unresolved > 0 || report.locating.keys.contains(where: { $0 != .gps }) {
            let located = LocatingMethod.allCases.compactMap { m in report.locating[m].map { "\(m.rawValue) \(Console.grouped($0))" } }
            print("located by: " + located.joined(separator: ", ") + "; \(Console.grouped(report.unresolved)) kept unresolved (geoq tips unresolved)")
        }
        for problem in report.problems.prefix(20) { Console.error("rejected: \(problem)") }
        if report.rejected > 20 { Console.error("… \(Console.grouped(report.rejected - 20)) more rejected rows (use --rejects FILE to get them all)") }
        if report.cancelled { Console.error("import interrupted: every batch committed so far is kept; re-run the same command to continue (stored rows are skipped)") }
    }
}

/// Parses `+07:00`-style offsets.
enum UTCOffset {
    static func minutes(_ text: String) -> Int? {
        if text == "Z" || text == "UTC" { return 0 }
        guard let t = Timestamp.parse("2000-01-01T00:00:00\(text)", defaultOffsetMinutes: 0) else { return nil }
        return Int(-(t.secondsSinceEpoch - 946_684_800) / 60)
    }
}
