import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq incidents`: one event, many tips — forwarded copies and corroborating reports
/// grouped into incidents (docs/incidents.md).
struct Incidents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Incidents: tips grouped into events (copies, corroborations); list, show, merge, split, move status, rebuild.",
        subcommands: [IncidentsList.self, IncidentsShow.self, IncidentsRebuild.self, IncidentsMerge.self, IncidentsSplit.self, IncidentsStatus.self,
                      IncidentsEvaluate.self],
        defaultSubcommand: IncidentsList.self)
}

/// `geoq incidents list`.
struct IncidentsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Incidents, latest report first, with their independent reports, copies and categories.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Option(help: "Only incidents located in this commune (code); repeatable.") var commune: [String] = []
    @Option(help: "Only incidents with this status.") var status: String?
    @Option(name: .customLong("min-reports"), help: "Only incidents with at least this many independent reports (1 + corroborations).") var minReports = 1
    @Option(help: "Incidents to list.") var limit = 50

    func run() throws {
        try reportingErrors {
            guard limit >= 0, limit <= 100_000 else { throw ValidationError("--limit must be between 0 and 100,000") }
            guard minReports >= 1, minReports <= 1_000_000 else { throw ValidationError("--min-reports must be between 1 and 1,000,000") }
            let status = try self.status.map { value in
                guard let s = TipStatus(rawValue: value) else { throw ValidationError("--status must be one of \(TipStatus.allCases.map(\.rawValue).joined(separator: ", "))") }
                return s
            }
            let store = try db.incidents()
            var query = IncidentQuery()
            (query.communes, query.statuses, query.minimumIndependentReports, query.limit) = (commune, status.map { [$0] } ?? [], minReports, limit)
            let records = try store.list(query)
            var table = TableWriter(header: ["id", "reports", "copies", "tips", "first_reported", "last_reported", "status", "commune", "located_by", "categories", "channels"],
                                    numericColumns: [0, 1, 2, 3])
            for r in records {
                table.add([String(r.id), String(r.independentReports), String(r.copies), String(r.tips), r.firstReportedAt.iso8601, r.lastReportedAt.iso8601,
                           r.status.rawValue, r.communeCode ?? "", r.locatingMethod.rawValue, r.categories.joined(separator: "+"), r.channels.joined(separator: "+")])
            }
            print(try table.render(output.format), terminator: output.format == .table ? "\n" : "")
        }
    }
}

/// `geoq incidents show`.
struct IncidentsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One incident: its member tips, how each joined, and the officers' decisions.")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Incident id.") var id: Int64

    func run() throws {
        try reportingErrors {
            let store = try db.incidents()
            guard let r = try store.incident(id: id) else { throw GeoIncidentsError(.notFound, "no incident \(id)") }
            print("incident \(r.id): \(r.independentReports) independent report\(r.independentReports == 1 ? "" : "s"), \(r.copies) forwarded cop\(r.copies == 1 ? "y" : "ies"), \(r.repeats) repeat\(r.repeats == 1 ? "" : "s"); \(r.status.rawValue)")
            print("located by tip \(r.anchorTipID) (\(r.locatingMethod.rawValue)\(r.accuracyMeters.map { ", ±\(Int($0.rounded())) m" } ?? "")) in commune \(r.communeCode ?? "none")")
            print("reported \(r.firstReportedAt.iso8601) … \(r.lastReportedAt.iso8601); categories \(r.categories.joined(separator: ", ")); channels \(r.channels.joined(separator: ", "))")
            var table = TableWriter(header: ["tip", "link", "linked_to", "reported_at", "category", "channel", "source", "status"], numericColumns: [0, 2])
            for m in try store.members(of: id) {
                table.add([String(m.tipID), m.link.rawValue, m.linkedTo.map(String.init) ?? "", m.reportedAt.iso8601, m.category, m.channel, m.source, m.status.rawValue])
            }
            print(table.text())
            let decisions = try store.decisions(incident: id)
            if !decisions.isEmpty {
                print("decisions:")
                for d in decisions { print("  \(d.decidedAt.iso8601) \(d.actor): \(d.action) tip \(d.tipID)\(d.otherTipID.map { " with tip \($0)" } ?? "")\(d.detail.map { " (\($0))" } ?? "")") }
            }
        }
    }
}

/// `geoq incidents rebuild`.
struct IncidentsRebuild: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rebuild", abstract: "Group every tip again from scratch, then replay the officers' merges and splits.")

    @OptionGroup var db: DatabaseOptions

    func run() throws {
        try reportingErrors {
            let started = Date()
            let report = try IncidentStore(database: try db.open()).rebuild()
            print("grouped \(report.tips) tips into \(report.incidents) incidents: \(report.copies) forwarded copies, \(report.corroborations) corroborations, \(report.repeats) repeats; \(report.decisionsReplayed) officer decisions replayed")
            print(String(format: "grouping %.3f s; whole rebuild %.3f s", report.groupingSeconds, Date().timeIntervalSince(started)))
        }
    }
}
