import ArgumentParser
import GeoIncidents

/// The tip filters shared by `tips list` and `stats`.
struct TipFilterOptions: ParsableArguments {
    @Option(help: "Province code (repeatable).") var province: [String] = []
    @Option(help: "Commune code (repeatable).") var commune: [String] = []
    @Option(help: "Neighbourhood code (repeatable).") var neighbourhood: [String] = []
    @Option(help: "Category (repeatable).") var category: [TipCategory] = []
    @Option(help: "Channel (repeatable).") var channel: [TipChannel] = []
    @Option(help: "Status (repeatable).") var status: [TipStatus] = []
    @Option(help: "Reported at or after (ISO 8601 date or date-time, Vietnam time if no offset).") var since: String?
    @Option(help: "Reported before.") var until: String?
    @Option(help: "minLon,minLat,maxLon,maxLat.") var bbox: String?
    @Option(help: "Count incidents (each event once, at its best-located report) or tips (every message, forwarded copies included); analyses default to incidents, listings to tips.")
    var unit: CountingUnit?

    /// The filter, counting `defaultUnit` unless `--unit` says otherwise.
    func filter(defaultUnit: CountingUnit = .incidents) throws -> TipFilter {
        var f = TipFilter()
        f.unit = unit ?? defaultUnit
        f.provinceCodes = province
        f.communeCodes = commune
        f.neighbourhoodCodes = neighbourhood
        f.categories = category
        f.channels = channel
        f.statuses = status
        if let since {
            guard let t = Timestamp.parse(since) else { throw ValidationError("--since: '\(since)' is not an ISO 8601 date or date-time") }
            f.since = t
        }
        if let until {
            guard let t = Timestamp.parse(until) else { throw ValidationError("--until: '\(until)' is not an ISO 8601 date or date-time") }
            f.until = t
        }
        if let bbox {
            let parts = bbox.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 4, parts.allSatisfy({ $0 != nil }) else {
                throw ValidationError("--bbox must be four numbers minLon,minLat,maxLon,maxLat, got '\(bbox)'")
            }
            f.boundingBox = BoundingBox(minX: parts[0]!, minY: parts[1]!, maxX: parts[2]!, maxY: parts[3]!)
        }
        do {
            try f.validate()
        } catch let error as GeoIncidentsError {
            throw ValidationError(error.message)
        }
        return f
    }
}

import Foundation

extension CountingUnit: ExpressibleByArgument {}

extension TipFilterOptions {
    /// The filter of an analysis over `database`: when it counts incidents, the tips stored
    /// since the last grouping are grouped first, and the unit is named on stderr (the
    /// output itself stays as it was: CSV and JSON readers see the same columns).
    func analysisFilter(database: GeoDatabase) throws -> TipFilter {
        let f = try filter()
        if f.unit == .incidents {
            try IncidentStore.catchUpOrNote(database, reading: "counting")
        }
        Console.error(f.unit == .incidents ? "counting incidents: each event once, at its best-located report (--unit tips counts every message)"
                                           : "counting tips: every message, forwarded copies and corroborating reports included")
        return f
    }
}
