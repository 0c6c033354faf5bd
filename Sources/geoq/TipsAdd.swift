import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq tips add`.
struct TipsAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add one tip, placed by --lon/--lat or by --location-text, and print its assignment.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Longitude (WGS84).") var lon: Double?
    @Option(help: "Latitude (WGS84).") var lat: Double?
    @Option(help: "Where it happened, in words (the text locator places the tip; docs/locator.md).") var locationText: String?
    @Option(help: "2025 province code of the page or hotline (a hint for --location-text).") var province: String?
    @Option(help: "Category code or label.") var category: String
    @Option(help: "Channel.") var channel: String?
    @Option(help: "Report time, ISO 8601 (default: now).") var reportedAt: String?
    @Option(help: "Source (group or page) name.") var source = "manual"
    @Option(help: "The sender's id for the tip (retries with the same id add nothing).") var id: String?
    @Option(help: "What was reported.") var description: String?
    @Option(help: "Location accuracy in metres.") var accuracy: Double?
    @Option(help: "Tipster's phone (stored apart, never listed).") var tipsterPhone: String?
    @Option(help: "Tipster's name (stored apart, never listed).") var tipsterName: String?
    @Option(help: "Snap tolerance in metres.") var snapTolerance = 100.0

    func run() throws {
        try reportingErrors {
            var values: [TipField: TipFieldValue] = [.category: .text(category), .source: .text(source)]
            if let lon { values[.lon] = .number(lon) }
            if let lat { values[.lat] = .number(lat) }
            if let accuracy { values[.accuracy] = .number(accuracy) }
            let texts: [(TipField, String?)] = [(.locationText, locationText), (.province, province), (.channel, channel), (.reportedAt, reportedAt),
                                                (.id, id), (.description, description), (.tipsterPhone, tipsterPhone), (.tipsterName, tipsterName)]
            for case let (field, text?) in texts { values[field] = .text(text) }
            var rules = TipParser.Rules(defaultSource: "manual")
            rules.reportedAtDefault = Timestamp.now()
            rules.contentIDs = false
            let draft: TipDraft
            switch TipParser(rules: rules).parse({ values[$0] }) {
            case .success(let parsed): draft = parsed
            case .failure(let problem): throw ValidationError(Self.optionMessage(problem))
            }
            let database = try db.open()
            let tip: NewTip, assignment: Assignment
            if let gps = draft.gpsTip {
                (tip, assignment) = (gps, try RegionStore(database: database).boundaryIndex(snapToleranceMeters: snapTolerance).assign(gps.location))
            } else {
                let outcome: TipPlacer.Outcome
                do { outcome = try TipPlacer(database: database).place(draft) } catch let problem as TipFieldProblem {
                    throw ValidationError(Self.optionMessage(problem))
                }
                switch outcome {
                case .located(let placed, let named): (tip, assignment) = (placed, named)
                case .unresolved(let kept):
                    if let kid = try UnresolvedTipStore(database: database).keep([kept]).first ?? nil {
                        let candidates = kept.candidates.isEmpty ? "" : " (candidates \(kept.candidates.joined(separator: ", ")))"
                        print("kept unresolved \(kid): \(kept.method.rawValue): \(kept.reason)\(candidates); place it with geoq tips resolve \(kid)")
                    } else {
                        print("already stored: source '\(source)' already has a tip with id '\(id ?? "")'; nothing added")
                    }
                    return
                }
            }
            let result = try TipStore(database: database).insert([tip], assignments: [assignment])
            if let id = result.ids.first ?? nil {
                let accuracy = tip.accuracyMeters.map { ", accuracy \(Int($0)) m" } ?? ""
                print("tip \(id) stored: commune \(assignment.communeCode ?? "-"), neighbourhood \(assignment.neighbourhoodCode ?? "-"), method \(assignment.method.rawValue), located by \(tip.locatingMethod.rawValue)\(accuracy)")
                let incidents = IncidentStore(database: database)
                try incidents.catchUp()
                if let incident = try incidents.incident(ofTip: id), let record = try incidents.incident(id: incident) {
                    print("incident \(incident): \(record.tips == 1 ? "a new incident" : "joins \(record.tips - 1) earlier tip\(record.tips == 2 ? "" : "s") (\(record.independentReports) independent reports, \(record.copies) copies)")")
                }
            } else {
                print("already stored: source '\(source)' already has a tip with id '\(id ?? "")'; nothing added")
            }
        }
    }

    /// A parser problem in terms of this command's options ("--lon: …").
    static func optionMessage(_ problem: TipFieldProblem) -> String {
        guard let field = problem.field else { return problem.reason }
        let option = field == TipField.id.rawValue ? "id" : field.replacingOccurrences(of: "_", with: "-")
        return "--\(option): \(problem.reason)"
    }
}
