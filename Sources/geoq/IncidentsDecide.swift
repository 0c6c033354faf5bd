import ArgumentParser
import Foundation
import GeoIncidents

/// Who decides, for the audit trail: `--actor`, else the login name.
struct ActorOptions: ParsableArguments {
    @Option(help: "Who decides, for the audit trail (default: $USER).") var actor: String?
    @Option(help: "Why, for the audit trail.") var note: String?

    var name: String { actor ?? ProcessInfo.processInfo.environment["USER"] ?? "geoq" }
}

/// `geoq incidents merge`.
struct IncidentsMerge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merge incident OTHER into incident ID (kept through rebuilds, in the audit trail).")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The incident that stays.") var id: Int64
    @Argument(help: "The incident merged into it.") var other: Int64

    func run() throws {
        try reportingErrors {
            let store = try db.incidents()
            let merged = try store.merge(id, with: other, actor: actor.name, note: actor.note)
            print("incident \(merged.id) now holds \(merged.tips) tips (\(merged.independentReports) independent reports); incident \(other) is merged into it")
        }
    }
}

/// `geoq incidents split`.
struct IncidentsSplit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "split", abstract: "Take a tip out of its incident into one of its own (kept through rebuilds, in the audit trail).")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The tip to take out.") var tip: Int64

    func run() throws {
        try reportingErrors {
            let store = try db.incidents()
            let record = try store.split(tip: tip, actor: actor.name, note: actor.note)
            print("tip \(tip) is now incident \(record.id) on its own")
        }
    }
}

/// `geoq incidents status`.
struct IncidentsStatus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Move an incident, and with it every member tip, to a status.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "Incident id.") var id: Int64
    @Argument(help: "verified, dispatched, resolved or dismissed.") var status: String

    func run() throws {
        try reportingErrors {
            guard let target = TipStatus(rawValue: status) else { throw ValidationError("status must be one of \(TipStatus.allCases.map(\.rawValue).joined(separator: ", "))") }
            let store = try db.incidents()
            let record = try store.moveStatus(id, to: target, actor: actor.name, note: actor.note)
            print("incident \(record.id) and its \(record.tips) tips are \(record.status.rawValue)")
        }
    }
}

/// `geoq incidents evaluate`.
struct IncidentsEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "Pairwise precision and recall of copies and corroborations against a truth file (geoq demo incidents).")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Truth CSV: id,event,message,role (ids as imported).") var truth: String

    func run() throws {
        try reportingErrors {
            guard let text = FileManager.default.contents(atPath: truth).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw GeoIncidentsError(.notFound, "\(truth): cannot read the truth file")
            }
            let store = try db.incidents()
            let links = try store.memberLinksByExternalID()
            var truths: [Int64: IncidentEvaluation.Truth] = [:], members: [Int64: IncidentMemberLink] = [:]
            for (number, line) in text.split(separator: "\n").enumerated().dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count >= 3, let event = Int(fields[1]), let message = Int(fields[2]) else {
                    throw GeoIncidentsError(.invalidInput, "\(truth) line \(number + 1): expected id,event,message,role")
                }
                guard let (tip, link) = links[String(fields[0])] else { continue }
                truths[tip] = IncidentEvaluation.Truth(event: event, message: message)
                members[tip] = link
            }
            let e = IncidentEvaluation.evaluate(truth: truths, members: members)
            print("\(truths.count) tips: \(e.events) events in the truth, \(e.incidents) incidents")
            print(String(format: "copies:         precision %.4f  recall %.4f  (%d truth pairs, %d predicted, %d right)", e.copies.precision, e.copies.recall, e.copies.truth, e.copies.predicted, e.copies.correct))
            print(String(format: "corroborations: precision %.4f  recall %.4f  (%d truth pairs, %d predicted, %d right)", e.corroborations.precision, e.corroborations.recall,
                         e.corroborations.truth, e.corroborations.predicted, e.corroborations.correct))
        }
    }
}
