import Foundation
import GeoIncidents

/// An incident as a GeoJSON feature and as JSON: where (its best-located member), when,
/// what, and how many independent reports, copies and repeats — the credibility signal
/// (docs/incidents.md). One definition for the collection, `/incidents/{id}` and the map.
enum IncidentFeatures {
    static func properties(_ r: IncidentRecord) -> [(String, JSONValue)] {
        [("status", .string(r.status.rawValue)), ("first_reported_at", .string(r.firstReportedAt.iso8601)), ("last_reported_at", .string(r.lastReportedAt.iso8601)),
         ("tips", .number(Double(r.tips))), ("independent_reports", .number(Double(r.independentReports))), ("copies", .number(Double(r.copies))),
         ("corroborations", .number(Double(r.corroborations))), ("repeats", .number(Double(r.repeats))),
         ("categories", .array(r.categories.map(JSONValue.string))), ("channels", .array(r.channels.map(JSONValue.string))),
         ("sources", .array(r.sources.map(JSONValue.string))), ("located_by", .string(r.locatingMethod.rawValue)),
         ("accuracy_m", r.accuracyMeters.map(JSONValue.number) ?? .null), ("commune", r.communeCode.map(JSONValue.string) ?? .null),
         ("anchor_tip", .number(Double(r.anchorTipID))), ("counts", .string("incidents"))]
    }

    static func feature(_ r: IncidentRecord) -> String {
        GeoJSONWriter.feature(id: .number(Double(r.id)), geometry: .point(Coordinate(x: r.lon, y: r.lat)), properties: properties(r))
    }

    static func member(_ m: IncidentMember) -> JSONValue {
        .object(["tip": .number(Double(m.tipID)), "link": .string(m.link.rawValue), "linked_to": m.linkedTo.map { .number(Double($0)) } ?? .null,
                 "reported_at": .string(m.reportedAt.iso8601), "category": .string(m.category), "channel": .string(m.channel),
                 "source": .string(m.source), "status": .string(m.status.rawValue)])
    }
}
