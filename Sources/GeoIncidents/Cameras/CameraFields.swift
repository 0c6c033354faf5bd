import Foundation

/// Reads one camera from named text fields (a CSV row or a GeoJSON feature's properties),
/// with the reason when a value is missing or out of range.
enum CameraFields {
    /// Accepted names per field, first match wins.
    static let names: [String: [String]] = [
        "code": ["id", "code", "camera_id", "osm_node_id"],
        "lon": ["lon", "lng", "longitude", "x"],
        "lat": ["lat", "latitude", "y"],
        "heading": ["heading", "direction", "bearing"],
        "fov": ["field_of_view", "fov", "angle"],
        "range": ["range_m", "range"],
        "status": ["status"],
        "kind": ["kind", "type", "surveillance_class", "surveillance:type"],
        "owner": ["owner", "operator"],
        "installed": ["installed", "installed_at", "installed_date"],
    ]

    /// The camera, or why not. `defaultRange` applies when the row has no range.
    static func camera(_ value: (String) -> String?, defaultRange: Double?) -> Result<Camera, CameraRowError> {
        func field(_ key: String) -> String? {
            for name in names[key]! {
                if let v = value(name)?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
            }
            return nil
        }
        func number(_ key: String, _ label: String) -> Result<Double?, CameraRowError> {
            guard let text = field(key) else { return .success(nil) }
            guard let v = Double(text), v.isFinite else { return .failure(CameraRowError(field: label, reason: "'\(text.prefix(30))' is not a number")) }
            return .success(v)
        }
        guard let code = field("code") else { return .failure(CameraRowError(field: "id", reason: "missing")) }
        guard code.count <= 100 else { return .failure(CameraRowError(field: "id", reason: "longer than 100 characters")) }
        let lon: Double?, lat: Double?, heading: Double?, fov: Double?, range: Double?
        switch (number("lon", "lon"), number("lat", "lat"), number("heading", "heading"), number("fov", "field_of_view"), number("range", "range_m")) {
        case let (.success(a), .success(b), .success(c), .success(d), .success(e)): (lon, lat, heading, fov, range) = (a, b, c, d, e)
        case let (.failure(e), _, _, _, _), let (_, .failure(e), _, _, _), let (_, _, .failure(e), _, _), let (_, _, _, .failure(e), _), let (_, _, _, _, .failure(e)):
            return .failure(e)
        }
        guard let lon else { return .failure(CameraRowError(field: "lon", reason: "missing")) }
        guard let lat else { return .failure(CameraRowError(field: "lat", reason: "missing")) }
        guard (-180...180).contains(lon) else { return .failure(CameraRowError(field: "lon", reason: "\(lon) is outside -180…180")) }
        guard (-90...90).contains(lat) else { return .failure(CameraRowError(field: "lat", reason: "\(lat) is outside -90…90")) }
        if let heading, !(heading >= 0 && heading <= 360) {
            return .failure(CameraRowError(field: "heading", reason: "\(heading) is outside 0…360 (degrees clockwise from north)"))
        }
        if let fov, !(fov > 0 && fov <= 360) {
            return .failure(CameraRowError(field: "field_of_view", reason: "\(fov) is outside 0 (exclusive)…360 degrees"))
        }
        guard let rangeMeters = range ?? defaultRange else {
            return .failure(CameraRowError(field: "range_m", reason: "missing (give a default range for files without ranges)"))
        }
        guard rangeMeters > 0 && rangeMeters <= 2_000 else {
            return .failure(CameraRowError(field: "range_m", reason: "\(rangeMeters) is outside 0 (exclusive)…2000 metres"))
        }
        let status: CameraStatus
        if let text = field("status") {
            guard let s = CameraStatus(rawValue: text.lowercased()) else {
                return .failure(CameraRowError(field: "status", reason: "'\(text.prefix(30))' is not active or offline"))
            }
            status = s
        } else {
            status = .active
        }
        let kind: CameraKind
        if let text = field("kind") {
            guard let k = CameraKind(rawValue: text.lowercased()) ?? aliases[text.lowercased()] else {
                return .failure(CameraRowError(field: "kind", reason: "'\(text.prefix(30))' is not one of \(CameraKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            kind = k
        } else {
            kind = .cctv
        }
        var installed: String?
        if let text = field("installed") {
            guard let t = Timestamp.parse(text) else { return .failure(CameraRowError(field: "installed", reason: "'\(text.prefix(30))' is not an ISO 8601 date")) }
            installed = String(Timestamp(secondsSinceEpoch: t.secondsSinceEpoch + VietnamTime.offsetSeconds).iso8601.prefix(10))
        }
        return .success(Camera(code: code.precomposedStringWithCanonicalMapping, position: Coordinate(x: lon, y: lat),
                               headingDegrees: heading.map { $0 == 360 ? 0 : $0 }, fieldOfViewDegrees: fov, rangeMeters: rangeMeters,
                               status: status, kind: kind, owner: field("owner")?.precomposedStringWithCanonicalMapping, installed: installed))
    }
}

extension CameraFields {
    /// Other names for the kinds, as OpenStreetMap tags them.
    static let aliases: [String: CameraKind] = [
        "camera": .cctv, "surveillance": .cctv, "traffic_camera": .traffic, "speed_camera": .traffic, "red_light_camera": .traffic,
        "anpr": .alpr, "gunshot_detector": .other,
    ]
}

/// Why one row of a camera file was rejected.
public struct CameraRowError: Error, Sendable, Hashable {
    public var field: String
    public var reason: String
}
