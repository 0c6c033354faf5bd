import Foundation

/// A GeoJSON Feature (RFC 7946 §3.2) as read from a file.
public struct GeoJSONFeature: Sendable, Decodable {
    /// The optional feature id.
    public var id: JSONValue?
    /// The geometry; `nil` for `"geometry": null`.
    public var geometry: GeoJSONGeometry?
    /// The properties; empty for `null`.
    public var properties: [String: JSONValue]

    private enum CodingKeys: String, CodingKey { case type, id, geometry, properties }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decodeIfPresent(String.self, forKey: .type)
        guard type == "Feature" else {
            throw GeoIncidentsError.invalidInput("expected a GeoJSON Feature, found type \(type.map { "\"\($0)\"" } ?? "missing")")
        }
        id = try container.decodeIfPresent(JSONValue.self, forKey: .id)
        geometry = try container.decodeIfPresent(GeoJSONGeometry.self, forKey: .geometry)
        properties = try container.decodeIfPresent([String: JSONValue].self, forKey: .properties) ?? [:]
    }

    /// Decodes one feature from its JSON bytes, turning decoding errors into a short reason.
    static func decode(_ data: Data) throws -> GeoJSONFeature {
        do {
            return try JSONDecoder().decode(GeoJSONFeature.self, from: data)
        } catch let error as GeoIncidentsError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw GeoIncidentsError.invalidInput("malformed JSON\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw GeoIncidentsError.invalidInput("missing member \"\(key.stringValue)\"\(Self.path(context.codingPath))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw GeoIncidentsError.invalidInput("wrong type\(Self.path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw GeoIncidentsError.invalidInput("null value\(Self.path(context.codingPath))")
        } catch {
            throw GeoIncidentsError.invalidInput("cannot decode feature: \(error)")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "" : " at " + codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
