// The library pieces MapServer's intake (`POST /tips`, TipIntake in the MapServer
// executable, which a package cannot import) is built from: JSONValue decoding, its `text`
// and `number` readings, GeoJSONFeature and geometry decoding, Timestamp.parse, the
// category and channel vocabularies, Coordinate and NewTip validation. Oracles: a decoded
// JSONValue encodes and decodes back to itself; decoding errors are GeoIncidentsError.
import Foundation
import FuzzSupport
@testable import GeoIncidents

func visit(_ value: JSONValue) {
    _ = value.text
    _ = value.number
    switch value {
    case .array(let items): items.forEach(visit)
    case .object(let members): members.values.forEach(visit)
    default: break
    }
}

/// What TipIntake reads from a body's members, through the library.
func intake(_ fields: [String: JSONValue]) {
    var lon: Double?, lat: Double?
    if case .number(let n)? = fields["lon"] { lon = n }
    if case .number(let n)? = fields["lat"] { lat = n }
    let location = Coordinate(x: lon ?? 106.7, y: lat ?? 10.78)
    _ = location.lonLatProblem
    var reportedAt = Timestamp(secondsSinceEpoch: 1_751_330_000)
    if case .string(let text)? = fields["reported_at"], let t = Timestamp.parse(text) { reportedAt = t }
    var category = TipCategory.other
    if case .string(let text)? = fields["category"], let c = TipCategory.parseUserText(text) { category = c }
    var channel = TipChannel.other
    if case .string(let text)? = fields["channel"], let c = TipChannel.parseUserText(text) { channel = c }
    var description: String?
    if case .string(let text)? = fields["description"] { description = TextFolding.nfc(text) }
    var accuracy: Double?
    if case .number(let n)? = fields["accuracy_m"] { accuracy = n }
    let tip = NewTip(externalID: fields["external_id"]?.text, source: fields["source"]?.text ?? "fuzz", reportedAt: reportedAt,
                     category: category, channel: channel, description: description, location: location, accuracyMeters: accuracy)
    if location.lonLatProblem != nil { Oracle.check(tip.problem != nil, "NewTip at \(location) has no problem") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIntakeJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let body = Data(bytes: data, count: size)
    if let value = try? JSONDecoder().decode(JSONValue.self, from: body) {
        visit(value)
        do {
            let again = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
            Oracle.check(again == value, "\(value) came back as \(again)")
        } catch {
            fatalError("\(value) does not encode and decode again: \(error)")
        }
        if case .object(let fields) = value { intake(fields) }
    }
    do {
        let feature = try GeoJSONFeature.decode(body)
        _ = feature.geometry?.typeName
        _ = feature.geometry?.multiPolygon?.coordinateCount
        _ = feature.geometry?.multiPolygon?.boundingBox
        intake(feature.properties)
    } catch is GeoIncidentsError {
    } catch {
        fatalError("GeoJSONFeature.decode threw something other than GeoIncidentsError: \(error)")
    }
    return 0
}
