import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq patrol-needs`: stretches of shared border ranked by the trouble along them.
struct PatrolNeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patrol-needs",
        abstract: "Rank the stretches of shared border by the tips near them: where joint patrols are needed, and why.",
        discussion: """
            Borders (see `geoq regions borders`) are cut into stretches of about --stretch metres. Each tip within
            --border-distance metres counts for its nearest stretch. Per stretch: tips in the window and in the
            previous window of equal length, recency-weighted tips, night share (22:00-05:59, Vietnam time),
            categories, peak hours, the trend, and the border clusters on it (`geoq clusters`). The window defaults
            to --days (28) days up to the latest report. --format markdown or html writes the commander's report: `--days 7 --format html` is the weekly one.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, geojson, markdown, html
    }

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Output: table, csv, json, geojson, or the report as markdown or html.") var format: Format = .table
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Borders between communes or provinces.") var level: AdminLevel = .commune
    @Option(help: "Metres from a border within which a tip counts for it.") var borderDistance: Double = 300
    @Option(help: "Approximate length of a stretch of border, metres.") var stretch: Double = 2_000
    @Option(help: "Recency half-life in days.") var halfLife: Double = 14
    @Option(help: "Window length in days when --since is not given (7 for the weekly report).") var days: Int = 28
    @Option(help: "DBSCAN radius in metres, for the clusters behind the needs.") var eps: Double = 100
    @Option(help: "DBSCAN density, for the clusters behind the needs.") var minPoints: Int = 8
    @Option(help: "Stretches to show (default: 20 for the table, 10 for reports, all otherwise).") var top: Int?

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let filter = try scope.filter(filters, database: database)
            var parameters = PatrolParameters(level: level, borderDistanceMeters: borderDistance, stretchMeters: stretch, halfLifeDays: halfLife)
            parameters.windowDays = days
            parameters.clusters.epsMeters = eps
            parameters.clusters.minPoints = minPoints
            let needs = try PatrolService(database: database).patrolNeeds(filter, parameters: parameters)
            let names = try UnitNames(regions: RegionStore(database: database))
            Console.error("\(needs.borderCount) borders, \(needs.stretchCount) stretches; \(Console.grouped(needs.windowTips)) tips from \(needs.since) to \(needs.until), "
                          + "\(Console.grouped(needs.nearBorderTips)) within \(Int(borderDistance)) m of a border; \(needs.needs.count) stretches with tips"
                          + (LocationRadius.note(leftOut: needs.leftOutCoarse, scaleMeters: borderDistance, scale: "border distance").map { "\nnote: " + $0 } ?? ""))
            let limit = top ?? (format == .table ? 20 : (format == .markdown || format == .html ? 10 : needs.needs.count))
            let shown = needs.needs.prefix(limit)
            func report() throws -> PatrolReport {
                try IncidentStore.catchUpOrNote(database, reading: "the report lists")
                let digest = try IncidentStore(database: database).digest(PatrolReport.incidentQuery(needs, filter: filter))
                return PatrolReport(needs, names: names, top: limit, incidents: digest)
            }
            switch format {
            case .markdown: print(try report().markdown, terminator: "")
            case .html: print(try report().html, terminator: "")
            case .geojson: print(needs.featureCollection(shown, names: names), terminator: "")
            case .json:
                let rows: [JSONValue] = shown.enumerated().map { .object(Dictionary(uniqueKeysWithValues: needs.properties($1, rank: $0 + 1, names: names))) }
                print(GeoJSONWriter.json(.object(["metadata": .object(Dictionary(uniqueKeysWithValues: needs.summary)), "needs": .array(rows)])))
            case .table, .csv:
                let header = ["rank", "score", "unit_a", "unit_b", "stretch", "length_m", "tips", "previous", "trend", "night_%", "peak_hours", "clusters"]
                var table = TableWriter(header: header, numericColumns: [0, 1, 5, 6, 7, 9, 11])
                let unitNames = level == .commune ? names.communes : names.provinces
                for (rank, need) in shown.enumerated() {
                    table.add([String(rank + 1), String(format: "%.2f", need.score), unitNames[need.codeA] ?? need.codeA, unitNames[need.codeB] ?? need.codeB,
                               "\(need.stretch + 1)/\(need.stretchCount)", String(Int(need.lengthMeters.rounded())), String(need.tips), String(need.previousTips),
                               need.trend, String(Int((need.nightShare * 100).rounded())), need.peakHours().map { "\($0)h" }.joined(separator: " "),
                               String(need.clusterKeys.count)])
                }
                print(try table.render(format == .csv ? .csv : .table))
            }
        }
    }
}
