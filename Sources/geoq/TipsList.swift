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
                // Streamed: a million tips never sit in memory at once. Rows are read on this
                // thread while the batch before is formatted and written on another.
                try CSVStream.write(header: TipListing.header, batches: { send in
                    try store.forEachListingBatch(try filters.filter(defaultUnit: .tips), afterID: after, limit: limit, send)
                }, table: { $0.table() }, to: Console.output)
                print("")
            default:
                var table = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
                try store.forEachListingBatch(try filters.filter(defaultUnit: .tips), afterID: after, limit: limit) {
                    table.append(rowsOf: $0.table(clipped: output.format == .table))
                }
                print(try table.render(output.format))
            }
        }
    }
}
