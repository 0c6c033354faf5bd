// FeatureStream, GeoJSONFeature and TipRowParser, as `geoq tips import` reads a GeoJSON or
// NDJSON file. Oracles: structural errors are GeoIncidentsError (never a trap); each item is
// one bracketed value starting with `{`, numbered in order; every accepted row is a storable tip.
import Foundation
import FuzzSupport
@testable import GeoIncidents

let scratch = ScratchFile(name: "tips.geojson")
let parser: TipRowParser = {
    var options = TipImportOptions()
    options.category = .other
    return TipRowParser(options: options, defaultSource: "fuzz.geojson")
}()

/// A feature's fields as `TipFileReader.readFeatures` looks them up.
func value(_ field: TipField, feature: GeoJSONFeature, point: Coordinate) -> String? {
    switch field {
    case .lon: return String(point.x)
    case .lat: return String(point.y)
    case .id: return (feature.properties["id"] ?? feature.id)?.text.flatMap { $0.isEmpty ? nil : $0 }
    default:
        for name in field.defaultColumns { if let text = feature.properties[name]?.text, !text.isEmpty { return text } }
        return nil
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeatureStream(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    scratch.write(UnsafeRawBufferPointer(start: data, count: size))
    var expectedIndex = 0
    do {
        try FeatureStream(path: scratch.path).forEach { item in
            Oracle.check(item.index == expectedIndex, "item \(item.index) after \(expectedIndex - 1)")
            Oracle.check(item.line >= 1, "item on line \(item.line)")
            // The stream splits by depth, not by bracket kind: `{…]` ends an item too, and the
            // decoder then rejects it as malformed JSON.
            Oracle.check(item.data.first == UInt8(ascii: "{") && [UInt8(ascii: "}"), UInt8(ascii: "]")].contains(item.data.last),
                         "item is not one bracketed value: \(Array(item.data))")
            expectedIndex += 1
            guard let feature = try? GeoJSONFeature.decode(item.data) else { return }
            _ = feature.geometry?.typeName
            _ = feature.geometry?.multiPolygon?.boundingBox
            guard case .point(let point)? = feature.geometry else { return }
            Oracle.checkAccepted(parser.parse { value($0, feature: feature, point: point) })
        }
    } catch is GeoIncidentsError {
        // A structural error, reported to the user with its line.
    } catch {
        fatalError("FeatureStream threw something other than GeoIncidentsError: \(error)")
    }
    return 0
}
