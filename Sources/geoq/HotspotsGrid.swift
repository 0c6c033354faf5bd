import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq hotspots [grid]`: the hotspot grid.
struct HotspotsGrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Score grid cells by Getis-Ord Gi* (with FDR), counts or kernel density.",
        discussion: """
            Cells are squares (or equal-area hexagons) in metres in a projected CRS, with stable ids
            (ix, iy) = (floor(x / cell), floor(y / cell)). Bins -3..+3 are 99/95/90 % cold/hot spots
            after Benjamini-Hochberg FDR correction, as ArcGIS reports them.
            """
    )

    @OptionGroup var query: HotspotQueryOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Statistic: gistar, count or kde.") var method: HotspotMethod = .gistar
    @Option(help: "Gi* weights: binary (ArcGIS) or row (row-standardised).") var weights: WeightTransform = .binary
    @Option(help: "KDE bandwidth in metres.") var bandwidth: Double = 500
    @Option(help: "Rows to print (default: 20 for the table, every informative cell otherwise).") var limit: Int?
    @Flag(help: "Export every cell of the study area, zeros included (default: cells with tips or significant).") var allCells = false

    func run() throws {
        try reportingErrors {
            let (database, filter, base) = try query.resolve()
            var parameters = base
            parameters.method = method
            parameters.weights = weights
            parameters.bandwidth = bandwidth
            let result = try HotspotService(database: database).grid(filter, parameters: parameters)
            Console.error(HotspotOutput.summary(result))
            let limit = limit ?? (output.format == .table ? 20 : nil)
            try HotspotOutput.write(result, format: output.format, cells: result.exported(allCells ? .all : .informative, limit: limit))
        }
    }
}
