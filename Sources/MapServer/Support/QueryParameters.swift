import Foundation
import GeoIncidents
import Hummingbird

/// A request's query parameters, checked against the names an endpoint accepts: an unknown
/// name is a 400 (OGC API Features allows servers to reject them), so a typo never silently
/// widens a query.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    /// The output formats `f` takes unless an endpoint names its own (OGC API's JSON and GeoJSON).
    static let formats: Set<String> = ["json", "geojson"]

    init(_ request: Request, allowed: Set<String>, formats: Set<String> = Self.formats) throws {
        // Hummingbird percent-decodes values once (keys not at all); decoding a value again
        // would turn `%2541` into `A`. Invalid UTF-8 arrives as U+FFFD and is refused.
        for (key, value) in request.uri.queryParameters {
            let name = String(key).removingPercentEncoding ?? String(key)
            guard allowed.contains(name) else {
                throw APIError.badRequest("unknown query parameter '\(name.prefix(64))'; this endpoint accepts: \(allowed.sorted().joined(separator: ", "))")
            }
            let text = String(value)
            guard !text.unicodeScalars.contains("\u{FFFD}") else {
                throw APIError.badRequest("'\(name)' is not valid UTF-8 once percent-decoded")
            }
            values[name, default: []].append(text)
        }
        // `f` is checked here for every endpoint that takes it: an unknown format is a 400,
        // never silently JSON.
        for format in values["f"] ?? [] where !formats.contains(format) {
            throw APIError.badRequest("'f' must be one of \(formats.sorted().joined(separator: ", ")), got '\(format.prefix(40))'")
        }
    }

    /// The names of the parameters given.
    var names: Set<String> { Set(values.keys) }

    /// Every value of a parameter, comma-separated lists flattened.
    func list(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// The one value of a parameter; repeating it is an error.
    func single(_ name: String) throws -> String? {
        guard let all = values[name] else { return nil }
        guard all.count == 1 else { throw APIError.badRequest("'\(name)' is given \(all.count) times; give it once") }
        return all[0]
    }

    func double(_ name: String) throws -> Double? {
        guard let text = try single(name) else { return nil }
        guard let value = Double(text), value.isFinite else { throw APIError.badRequest("'\(name)' must be a finite number, got '\(text)'") }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = try single(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest("'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = try single(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("'\(name)' must be true or false, got '\(text)'")
        }
    }

    func choice<T: RawRepresentable<String> & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? {
        guard let text = try single(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw APIError.badRequest("'\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
        }
        return value
    }

    /// `bbox=minLon,minLat,maxLon,maxLat` in CRS84. A box with minLon > maxLon crosses the
    /// antimeridian and comes back as its two halves.
    func bbox() throws -> [BoundingBox]? {
        guard let text = try single("bbox") else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, parts.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw APIError.badRequest("bbox must be four numbers minLon,minLat,maxLon,maxLat (6-number boxes with heights are not supported), got '\(text)'")
        }
        let (minX, minY, maxX, maxY) = (parts[0]!, parts[1]!, parts[2]!, parts[3]!)
        guard (-180...180).contains(minX), (-180...180).contains(maxX) else { throw APIError.badRequest("bbox longitudes must be within -180…180") }
        guard (-90...90).contains(minY), (-90...90).contains(maxY) else { throw APIError.badRequest("bbox latitudes must be within -90…90") }
        guard minY <= maxY else { throw APIError.badRequest("bbox minLat \(minY) is above maxLat \(maxY)") }
        if minX <= maxX { return [BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)] }
        return [BoundingBox(minX: minX, minY: minY, maxX: 180, maxY: maxY), BoundingBox(minX: -180, minY: minY, maxX: maxX, maxY: maxY)]
    }

    /// OGC `datetime`: an instant, or an interval `start/end` with `..` for an open end.
    /// Returns [since, until) bounds (an instant or an inclusive end becomes end + 1 s).
    func datetime() throws -> (since: Timestamp?, until: Timestamp?)? {
        guard let text = try single("datetime") else { return nil }
        func parse(_ part: Substring) throws -> Timestamp? {
            if part == ".." || part.isEmpty { return nil }
            guard let t = Timestamp.parse(part, defaultOffsetMinutes: 0) else {
                throw APIError.badRequest("datetime '\(part)' is not an RFC 3339 date-time (e.g. 2025-07-01T00:00:00Z)")
            }
            return t
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let t = try parse(parts[0]) else { throw APIError.badRequest("datetime '..' alone is not an instant") }
            return (t, Timestamp(secondsSinceEpoch: t.secondsSinceEpoch + 1))
        case 2:
            let start = try parse(parts[0]), end = try parse(parts[1])
            if start == nil && end == nil { return (nil, nil) }
            if let start, let end, start > end { throw APIError.badRequest("datetime interval '\(text)' ends before it starts") }
            return (start, end.map { Timestamp(secondsSinceEpoch: $0.secondsSinceEpoch + 1) })
        default:
            throw APIError.badRequest("datetime must be an instant or start/end, got '\(text)'")
        }
    }
}
