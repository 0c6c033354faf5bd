import ArgumentParser
import Foundation
import GeoIncidents

extension StatsDimension: ExpressibleByArgument {}
extension StatsColumns: ExpressibleByArgument {}

/// `geoq stats --by …`.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count tips by unit, category, channel, week or month, as crosstabs like the police's category reports.",
        discussion: "Weeks start on Monday; weeks and months are in Vietnam time (UTC+7)."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Row dimension(s): province, commune, neighbourhood, category, channel, status, week, month (repeatable).")
    var by: [StatsDimension] = [.commune]
    @Option(help: "Columns: group (political security / criminal / social evils / other), category, channel or total.")
    var columns: StatsColumns = .group

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let crosstab = try AnalysisInput(database: database).crosstab(by: by, columns: columns, filter: try filters.analysisFilter(database: database))
            print(try StatsTable.render(crosstab, format: output.format))
        }
    }
}

/// Renders a crosstab with a totals row.
enum StatsTable {
    static func render(_ crosstab: TipCrosstab, format: OutputFormat) throws -> String {
        var header: [String] = []
        for d in crosstab.dimensions {
            header.append(d.rawValue)
            if d.level != nil { header.append("\(d.rawValue)_name") }
        }
        let keyColumns = header.count
        header += crosstab.columns + ["total"]
        var table = TableWriter(header: header, numericColumns: Set(keyColumns..<header.count))
        for row in crosstab.rows {
            var cells: [String] = []
            for (i, d) in crosstab.dimensions.enumerated() {
                cells.append(row.keys[i] ?? "(unassigned)")
                if d.level != nil { cells.append(row.names[i] ?? "") }
            }
            table.add(cells + row.counts.map(String.init) + [String(row.total)])
        }
        if format == .table {
            table.add(["total"] + Array(repeating: "", count: keyColumns - 1) + crosstab.totals.map(String.init))
        }
        return try table.render(format)
    }
}
