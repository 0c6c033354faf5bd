import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq hotspots evaluate`: a backtest of count, KDE and Gi* hotspot maps (PAI, PEI).
struct HotspotsEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Backtest hotspot maps: rank cells on tips before --train-until, score them on the tips up to --test-until.",
        discussion: """
            PAI = hit rate / area share (Chainey 2008); PEI = PAI / the PAI of the best possible cells (Hunt 2016).
            Coverage is the share of the study area (the scope's communes, or --scope bbox) given to hotspots.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var grid: GridOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "End of the training window (ISO 8601 date or date-time).") var trainUntil: String
    @Option(help: "End of the test window.") var testUntil: String
    @Option(help: "Coverages in percent of the study area, comma-separated.") var coverage = "1,5"
    @Option(help: "KDE bandwidth in metres.") var bandwidth: Double = 500

    func run() throws {
        try reportingErrors {
            guard let train = Timestamp.parse(trainUntil) else { throw ValidationError("--train-until: '\(trainUntil)' is not an ISO 8601 date or date-time") }
            guard let test = Timestamp.parse(testUntil) else { throw ValidationError("--test-until: '\(testUntil)' is not an ISO 8601 date or date-time") }
            let coverages = coverage.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !coverages.isEmpty, coverages.allSatisfy({ $0 != nil }) else { throw ValidationError("--coverage: '\(coverage)' is not a list of percentages such as 1,5") }
            let database = try db.open()
            var filter = try filters.analysisFilter(database: database)
            filter.until = test
            try scope.apply(to: &filter, database: database)
            var parameters = HotspotParameters()
            grid.apply(to: &parameters)
            parameters.bandwidth = bandwidth
            let result = try HotspotService(database: database).evaluate(filter, parameters: parameters, trainUntil: train, testUntil: test, coverages: coverages.map { $0! })
            Console.error("backtest in \(result.crs), \(GeoJSONWriter.number(parameters.cellSize)) m cells: \(Console.grouped(result.studyCells)) study-area cells, \(Console.grouped(result.trainTips)) training tips, \(Console.grouped(result.testTips)) test tips" + result.notes.map { "\nnote: \($0)" }.joined())
            print(try Self.table(result).render(output.format == .geojson ? .table : output.format))
        }
    }

    static func table(_ result: HotspotEvaluation) -> TableWriter {
        var table = TableWriter(header: ["method", "coverage_pct", "cells", "test_tips_captured", "hit_rate", "pai", "pei"], numericColumns: [1, 2, 3, 4, 5, 6])
        for row in result.rows {
            table.add([row.method.rawValue, GeoJSONWriter.number(row.coverage), String(row.cells), String(row.testTipsCaptured),
                       String(format: "%.4f", row.hitRate), String(format: "%.3f", row.pai), String(format: "%.3f", row.pei)])
        }
        return table
    }
}
