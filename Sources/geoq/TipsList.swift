import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq tips list`.
struct TipsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tips (never with the tipster's contact details).",
        discussion: "Exact locations are sensitive: this is an analyst's tool, not a public export."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "At most this many tips.") var limit = 100
    @Option(help: "Only tips with an id greater than this (paging).") var after: Int64?

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be ≥ 0") }
    }

    func run() throws {
        try reportingErrors {
            let store = TipStore(database: try db.open())
            switch output.format {
            case .geojson:
                // The one writer of tip features (the same bytes as MapServer's pages).
                let page = try store.featurePage(try filters.filter(defaultUnit: .tips), afterID: after, limit: limit)
                print(GeoJSONWriter.featureCollection(page.features.isEmpty ? [] : [page.features],
                                                      members: [("numberMatched", .number(Double(page.matched))), ("numberReturned", .number(Double(page.count)))]),
                      terminator: "")
            case .csv:
                // Streamed: a million tips never sit in memory at once.
                var stream = CSVStream(header: Self.header, write: Console.output)
                try store.forEachListed(try filters.filter(defaultUnit: .tips), afterID: after, limit: limit) { tip in
                    try stream.addRow { Self.write(tip, to: &$0, clipped: false) }
                }
                try stream.finish()
                print("")
            default:
                var table = TableWriter(header: Self.header, numericColumns: [0, 6, 7, 12])
                try store.forEachListed(try filters.filter(defaultUnit: .tips), afterID: after, limit: limit) { tip in
                    table.addRow { Self.write(tip, to: &$0, clipped: output.format == .table) }
                }
                print(try table.render(output.format))
            }
        }
    }

    static let header = ["id", "external_id", "reported_at", "category", "channel", "source", "lon", "lat",
                         "province", "commune", "neighbourhood", "method", "boundary_m", "status", "description"]

    /// One tip's cells; `clipped` shortens the description to 40 characters (the table).
    static func write(_ t: TipRecord, to row: inout TableWriter.RowWriter, clipped: Bool) {
        row.integer(t.id)
        row.text(t.externalID ?? "")
        row.text(t.reportedAt.iso8601)
        row.text(t.category.rawValue)
        row.text(t.channel.rawValue)
        row.text(t.source)
        row.fixed(t.location.x, 6)
        row.fixed(t.location.y, 6)
        row.text(t.assignment.provinceCode ?? "")
        row.text(t.assignment.communeCode ?? "")
        row.text(t.assignment.neighbourhoodCode ?? "")
        row.text(t.assignment.method.rawValue)
        if let distance = t.assignment.boundaryDistanceMeters { row.fixed(distance, 1) } else { row.empty() }
        row.text(t.status.rawValue)
        row.text(clipped ? String((t.description ?? "").prefix(40)) : (t.description ?? ""))
    }
}
