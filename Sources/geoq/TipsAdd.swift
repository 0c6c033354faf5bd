import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq tips add`.
struct TipsAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one tip and print its assignment.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Longitude (WGS84).") var lon: Double
    @Option(help: "Latitude (WGS84).") var lat: Double
    @Option(help: "Category code or label.") var category: TipCategory
    @Option(help: "Channel.") var channel: TipChannel = .other
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
            var reported = Timestamp.now()
            if let reportedAt {
                guard let parsed = Timestamp.parse(reportedAt) else { throw ValidationError("--reported-at: '\(reportedAt)' is not an ISO 8601 date-time") }
                reported = parsed
            }
            let contact = (tipsterPhone != nil || tipsterName != nil) ? TipsterContact(name: tipsterName, phone: tipsterPhone) : nil
            let tip = NewTip(externalID: id, source: TextFolding.nfc(source), reportedAt: reported, category: category, channel: channel,
                             description: description.map(TextFolding.nfc), location: Coordinate(x: lon, y: lat),
                             accuracyMeters: accuracy, contact: contact)
            if let problem = tip.problem { throw ValidationError(problem) }
            let database = try db.open()
            let index = try RegionStore(database: database).boundaryIndex(snapToleranceMeters: snapTolerance)
            let assignment = try index.assign(tip.location)
            let result = try TipStore(database: database).insert([tip], assignments: [assignment])
            if let id = result.ids.first ?? nil {
                print("tip \(id) stored: commune \(assignment.communeCode ?? "-"), neighbourhood \(assignment.neighbourhoodCode ?? "-"), method \(assignment.method.rawValue)")
            } else {
                print("already stored: source '\(source)' already has a tip with id '\(id ?? "")'; nothing added")
            }
        }
    }
}
