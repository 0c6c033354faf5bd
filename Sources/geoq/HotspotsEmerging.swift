import ArgumentParser
import Foundation
import GeoIncidents

extension TimeSlice: ExpressibleByArgument {}

/// `geoq hotspots emerging`: new, intensifying, persistent … hot spots over time.
struct HotspotsEmerging: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emerging",
        abstract: "Emerging hot spots: Gi* per week or month, Mann-Kendall trend per cell, ArcGIS's categories.",
        discussion: """
            Categories: new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating,
            historical (hot and cold), no pattern; defined in docs/analytics.md. Slices are calendar weeks
            (from Monday) or months in Vietnam time; the window is --since/--until, else the tips' span.
            """
    )

    @OptionGroup var query: HotspotQueryOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Time slice: week or month.") var slice: TimeSlice = .month
    @Option(help: "Rows to print (default: 20 for the table, every cell with a pattern otherwise).") var limit: Int?
    @Flag(help: "Export cells with no pattern too.") var allCells = false

    func run() throws {
        try reportingErrors {
            let (database, filter, parameters) = try query.resolve()
            let result = try HotspotService(database: database).emerging(filter, parameters: parameters, slice: slice)
            let first = result.sliceStarts.first.map(\.iso8601) ?? "", count = result.sliceStarts.count
            var summary = "emerging hot spots on \(GeoJSONWriter.number(parameters.cellSize)) m \(parameters.shape.rawValue) cells in \(result.crs): \(Console.grouped(result.cells.count)) cells, \(Console.grouped(result.tipsMatched)) tips, \(count) \(slice.rawValue)s from \(first)"
            summary += "\n" + result.categoryCounts.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: ", ")
            summary += result.notes.map { "\nnote: \($0)" }.joined()
            Console.error(summary)
            let chosen = allCells ? result.cells : result.cells.filter { $0.category != .noPattern }
            let cells = chosen.prefix(limit ?? (output.format == .table ? 20 : chosen.count))
            print(try render(result, cells: cells), terminator: output.format == .geojson ? "" : "\n")
        }
    }

    func render(_ result: EmergingHotspots, cells: ArraySlice<EmergingCell>) throws -> String {
        if output.format == .geojson {
            let outlines = try result.outlines(cells)
            let features = zip(cells, outlines).map { cell, outline in
                GeoJSONWriter.feature(geometry: .polygon(outline), properties: [
                    ("ix", .number(Double(cell.id.ix))), ("iy", .number(Double(cell.id.iy))), ("count", .number(Double(cell.count))),
                    ("trend", .string(cell.category.rawValue)), ("hot_slices", .number(Double(cell.hotSlices))),
                    ("cold_slices", .number(Double(cell.coldSlices))), ("z", .number((cell.finalZ * 1e6).rounded() / 1e6)),
                    ("p", .number(HotspotGrid.significant(cell.finalP))), ("bin", .number(Double(cell.finalBin))),
                    ("z_trend_tau", .number((cell.zTrend.tau * 1e6).rounded() / 1e6)), ("z_trend_p", .number(HotspotGrid.significant(cell.zTrend.p))),
                    ("count_trend", .string(cell.countTrend.trend(alpha: result.parameters.alpha).rawValue)),
                ])
            }
            return GeoJSONWriter.featureCollection(features)
        }
        let centres = try result.centres(cells)
        let header = ["rank", "ix", "iy", "count", "category", "hot_slices", "cold_slices", "z_final", "z_trend_tau", "z_trend_p", "count_trend", "lon", "lat"]
        var table = TableWriter(header: header, numericColumns: [0, 1, 2, 3, 5, 6, 7, 8, 9, 11, 12])
        for (rank, (cell, centre)) in zip(cells, centres).enumerated() {
            table.add([String(rank + 1), String(cell.id.ix), String(cell.id.iy), String(cell.count), cell.category.rawValue,
                       String(cell.hotSlices), String(cell.coldSlices), String(format: "%.3f", cell.finalZ),
                       String(format: "%.3f", cell.zTrend.tau), String(format: "%.3g", cell.zTrend.p),
                       cell.countTrend.trend(alpha: result.parameters.alpha).rawValue,
                       String(format: "%.6f", centre.x), String(format: "%.6f", centre.y)])
        }
        return try table.render(output.format)
    }
}
