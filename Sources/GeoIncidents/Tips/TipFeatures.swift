/// Tips as GeoJSON features from records: position and facts, never the tipster unless
/// asked for (and only the commander role asks). The same bytes as the pages written from
/// SQLite rows (``TipStore/appendFeature(_:to:contacts:)``, the in-memory snapshot): a
/// test compares them tip by tip, tipster included.
public enum TipFeatures {
    /// The properties of a tip feature, in output order.
    public static func properties(_ tip: TipRecord) -> [(String, JSONValue)] {
        [
            ("external_id", tip.externalID.map(JSONValue.string) ?? .null),
            ("source", .string(tip.source)),
            ("reported_at", .string(tip.reportedAt.iso8601)),
            ("received_at", .string(tip.receivedAt.iso8601)),
            ("category", .string(tip.category.rawValue)),
            ("channel", .string(tip.channel.rawValue)),
            ("status", .string(tip.status.rawValue)),
            ("description", tip.description.map(JSONValue.string) ?? .null),
            ("accuracy_m", tip.accuracyMeters.map(JSONValue.number) ?? .null),
            ("located_by", .string(tip.locatingMethod.rawValue)),
            ("province_code", tip.assignment.provinceCode.map(JSONValue.string) ?? .null),
            ("commune_code", tip.assignment.communeCode.map(JSONValue.string) ?? .null),
            ("neighbourhood_code", tip.assignment.neighbourhoodCode.map(JSONValue.string) ?? .null),
            ("assignment_method", .string(tip.assignment.method.rawValue)),
            ("boundary_distance_m", tip.assignment.boundaryDistanceMeters.map { .number(($0 * 10).rounded() / 10) } ?? .null),
        ]
    }

    /// A tipster object, or null.
    public static func contact(_ contact: TipsterContact?) -> JSONValue {
        guard let contact else { return .null }
        return .object([
            "name": contact.name.map(JSONValue.string) ?? .null, "phone": contact.phone.map(JSONValue.string) ?? .null,
            "zalo_id": contact.zaloID.map(JSONValue.string) ?? .null, "note": contact.note.map(JSONValue.string) ?? .null,
        ])
    }

    /// One Feature, with a `tipster` member when `contact` is given.
    public static func feature(_ tip: TipRecord, contact: JSONValue? = nil) -> String {
        var properties = properties(tip)
        if let contact { properties.append(("tipster", contact)) }
        return GeoJSONWriter.feature(id: .number(Double(tip.id)), geometry: .point(tip.location), properties: properties)
    }

    /// An assignment as a JSON object (the answer to `POST /tips`).
    public static func assignment(_ a: Assignment) -> JSONValue {
        .object([
            "province_code": a.provinceCode.map(JSONValue.string) ?? .null, "commune_code": a.communeCode.map(JSONValue.string) ?? .null,
            "neighbourhood_code": a.neighbourhoodCode.map(JSONValue.string) ?? .null, "method": .string(a.method.rawValue),
            "boundary_distance_m": a.boundaryDistanceMeters.map { .number(($0 * 10).rounded() / 10) } ?? .null,
        ])
    }
}
