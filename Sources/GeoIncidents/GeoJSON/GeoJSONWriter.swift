/// Writes RFC 7946 GeoJSON text by hand, so that the bytes are the same on every run and
/// platform (no dictionary ordering, no locale, no exponent notation for coordinates).
///
/// - Features: [RFC 7946 §3.2](https://www.rfc-editor.org/rfc/rfc7946#section-3.2);
///   collections: [§3.3](https://www.rfc-editor.org/rfc/rfc7946#section-3.3).
/// - Polygon rings are written with RFC 7946 winding
///   ([§3.1.6](https://www.rfc-editor.org/rfc/rfc7946#section-3.1.6)): exterior
///   counter-clockwise, holes clockwise. A `MultiPolygon` with one member is written as a
///   `Polygon`.
/// - Numbers use Swift's shortest round-trip form; integral values have no `.0`, and
///   values that Swift would print with an exponent are spelled out in full.
/// - Strings are escaped as JSON requires (quote, backslash, control characters);
///   non-ASCII text is written as UTF-8, unescaped.
public enum GeoJSONWriter {
    /// One `Feature` object on one line: `{"type":"Feature","properties":{…},"geometry":{…}}`.
    ///
    /// Properties are written in the given order. An `.unsupported` geometry is written
    /// as `null`.
    public static func feature(geometry: GeoJSONGeometry, properties: [(String, JSONValue)]) -> String {
        feature(id: nil, geometry: geometry, properties: properties)
    }

    /// A `Feature` with an `id` member (RFC 7946 §3.2: a string or a number).
    public static func feature(id: JSONValue?, geometry: GeoJSONGeometry, properties: [(String, JSONValue)]) -> String {
        var out = JSONOutput()
        out += #"{"type":"Feature","#
        if let id {
            out += #""id":"#
            writeValue(id, to: &out)
            out += ","
        }
        out += #""properties":{"#
        for (index, (key, value)) in properties.enumerated() {
            if index > 0 { out += "," }
            writeString(key, to: &out)
            out += ":"
            writeValue(value, to: &out)
        }
        out += #"},"geometry":"#
        writeGeometry(geometry, to: &out)
        out += "}"
        return out.string
    }

    /// Any JSON value on one line, with the same number and string rules.
    public static func json(_ value: JSONValue) -> String {
        var out = JSONOutput()
        writeValue(value, to: &out)
        return out.string
    }

    /// A `FeatureCollection` holding `features` (as returned by
    /// ``feature(geometry:properties:)``), one feature per line, ending with a newline;
    /// `members` are written after the features (RFC 7946 §6.1 foreign members).
    public static func featureCollection(_ features: [String], members: [(String, JSONValue)] = []) -> String {
        var out = JSONOutput()
        out += #"{"type":"FeatureCollection","features":["# + "\n"
        for (index, feature) in features.enumerated() {
            out += feature
            out += index == features.count - 1 ? "\n" : ",\n"
        }
        out += "]"
        for (key, value) in members {
            out += ","
            writeString(key, to: &out)
            out += ":"
            writeValue(value, to: &out)
        }
        out += "}\n"
        return out.string
    }

    /// A geometry object on one line, or `null` for an unsupported geometry.
    public static func geometry(_ geometry: GeoJSONGeometry) -> String {
        var out = JSONOutput()
        writeGeometry(geometry, to: &out)
        return out.string
    }

    // MARK: - Pieces

    static func writeGeometry(_ geometry: GeoJSONGeometry, to out: inout JSONOutput) {
        switch geometry {
        case .point(let c):
            out += #"{"type":"Point","coordinates":"#
            writePosition(c, to: &out)
            out += "}"
        case .polygon(let polygon):
            out += #"{"type":"Polygon","coordinates":"#
            writeRings(polygon.rfc7946Wound.rings, to: &out)
            out += "}"
        case .multiPolygon(let multi):
            // Always a MultiPolygon, one part or many: a layer of units has one geometry type
            // (GDAL and QGIS type an OGC API layer by it).
            out += #"{"type":"MultiPolygon","coordinates":["#
            for (index, polygon) in multi.polygons.enumerated() {
                if index > 0 { out += "," }
                writeRings(polygon.rfc7946Wound.rings, to: &out)
            }
            out += "]}"
        case .lines(let lines) where lines.count == 1:
            out += #"{"type":"LineString","coordinates":["#
            for (i, c) in lines[0].enumerated() {
                if i > 0 { out += "," }
                writePosition(c, to: &out)
            }
            out += "]}"
        case .lines(let lines):
            out += #"{"type":"MultiLineString","coordinates":"#
            writeRings(lines, to: &out)
            out += "}"
        case .unsupported:
            out += "null"
        }
    }

    private static func writeRings(_ rings: [[Coordinate]], to out: inout JSONOutput) {
        out += "["
        for (r, ring) in rings.enumerated() {
            if r > 0 { out += "," }
            out += "["
            for (i, c) in ring.enumerated() {
                if i > 0 { out += "," }
                writePosition(c, to: &out)
            }
            out += "]"
        }
        out += "]"
    }

    private static func writePosition(_ c: Coordinate, to out: inout JSONOutput) {
        out += "["
        out += number(c.x)
        out += ","
        out += number(c.y)
        out += "]"
    }

    static func writeValue(_ value: JSONValue, to out: inout JSONOutput) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += number(n)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                writeValue(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                writeValue(members[key] ?? .null, to: &out)
            }
            out += "}"
        }
    }

    /// `text` as a JSON string literal, quotes included.
    static func writeString(_ text: String, to out: inout JSONOutput) {
        out += "\""
        // Fast path: nothing to escape (the common case) is appended in one piece.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.append(scalar)
            }
        }
        out += "\""
    }

    /// A JSON number: integral values without `.0`, others in Swift's shortest round-trip
    /// form without exponent; `null` for NaN and infinities, which JSON cannot hold.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        // Swift writes an exponent only below 1e-4 or from 1e16 on: coordinates and most
        // values take this path.
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e16 { return value.description }
        let text = value.description
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(text[text.index(after: e)...]) else { return text }
        var mantissa = Substring(text[..<e])
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        let integerDigits = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = Array(mantissa.filter { $0 != "." })
        let point = integerDigits + exponent
        var plain: String
        if point <= 0 {
            plain = "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            plain = String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            plain = String(digits[..<point]) + "." + String(digits[point...])
        }
        if negative { plain = "-" + plain }
        return plain
    }
}
