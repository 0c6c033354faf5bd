import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq tips list`.
struct TipsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tips (never with the tipster's contact details).",
        discussion: "Exact locations are sensitive: this is an analyst's tool, not a public export."
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "At most this many tips.") var limit = 100
    @Option(help: "Only tips with an id greater than this (paging).") var after: Int64?

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be ≥ 0") }
    }

    func run() throws {
        try reportingErrors {
            let tips = try TipStore(database: try db.open()).list(try filters.filter(), afterID: after, limit: limit)
            switch output.format {
            case .geojson:
                print(TipGeoJSON.featureCollection(tips))
            default:
                var table = TableWriter(header: ["id", "external_id", "reported_at", "category", "channel", "source", "lon", "lat",
                                                 "province", "commune", "neighbourhood", "method", "boundary_m", "status", "description"],
                                        numericColumns: [0, 6, 7, 12])
                for t in tips {
                    table.add([String(t.id), t.externalID ?? "", t.reportedAt.iso8601, t.category.rawValue, t.channel.rawValue, t.source,
                               String(format: "%.6f", t.location.x), String(format: "%.6f", t.location.y),
                               t.assignment.provinceCode ?? "", t.assignment.communeCode ?? "", t.assignment.neighbourhoodCode ?? "",
                               t.assignment.method.rawValue, t.assignment.boundaryDistanceMeters.map { String(format: "%.1f", $0) } ?? "",
                               t.status.rawValue, output.format == .table ? String((t.description ?? "").prefix(40)) : (t.description ?? "")])
                }
                print(try table.render(output.format))
            }
        }
    }
}

/// Tips as an RFC 7946 FeatureCollection of Points.
enum TipGeoJSON {
    static func featureCollection(_ tips: [TipRecord]) -> String {
        let features: [[String: Any]] = tips.map { t in
            let properties: [String: Any] = [
                "id": t.id, "external_id": t.externalID ?? NSNull(), "source": t.source, "reported_at": t.reportedAt.iso8601,
                "received_at": t.receivedAt.iso8601, "category": t.category.rawValue, "channel": t.channel.rawValue,
                "description": t.description ?? NSNull(), "accuracy_m": t.accuracyMeters ?? NSNull(),
                "province_code": t.assignment.provinceCode ?? NSNull(), "commune_code": t.assignment.communeCode ?? NSNull(),
                "neighbourhood_code": t.assignment.neighbourhoodCode ?? NSNull(), "assignment_method": t.assignment.method.rawValue,
                "boundary_distance_m": t.assignment.boundaryDistanceMeters ?? NSNull(), "status": t.status.rawValue,
            ]
            return ["type": "Feature", "id": t.id, "geometry": ["type": "Point", "coordinates": [t.location.x, t.location.y]], "properties": properties]
        }
        let collection: [String: Any] = ["type": "FeatureCollection", "features": features]
        let data = (try? JSONSerialization.data(withJSONObject: collection, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
