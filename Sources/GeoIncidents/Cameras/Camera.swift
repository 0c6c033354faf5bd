/// A camera site: where it stands, where it looks and how far it sees.
public struct Camera: Sendable, Hashable {
    /// The registry's id for the camera (unique).
    public var code: String
    /// Position, lon/lat (WGS84).
    public var position: Coordinate
    /// Degrees clockwise from north, 0 ≤ heading < 360; nil when unknown.
    public var headingDegrees: Double?
    /// Horizontal field of view in degrees, 0 < fov ≤ 360; nil when unknown.
    public var fieldOfViewDegrees: Double?
    /// How far it sees usefully, metres.
    public var rangeMeters: Double
    public var status: CameraStatus
    public var kind: CameraKind
    public var owner: String?
    /// Installation date (YYYY-MM-DD).
    public var installed: String?
    /// The commune it stands in, assigned on import when the boundary layer is present.
    public var communeCode: String?

    public init(code: String, position: Coordinate, headingDegrees: Double? = nil, fieldOfViewDegrees: Double? = nil, rangeMeters: Double,
                status: CameraStatus = .active, kind: CameraKind = .cctv, owner: String? = nil, installed: String? = nil) {
        (self.code, self.position, self.headingDegrees, self.fieldOfViewDegrees, self.rangeMeters) = (code, position, headingDegrees, fieldOfViewDegrees, rangeMeters)
        (self.status, self.kind, self.owner, self.installed) = (status, kind, owner, installed)
    }

    /// Without a heading or a field of view, the camera is taken to see all around (the
    /// view is then an assumption, and reports say so).
    public var isOmnidirectional: Bool { headingDegrees == nil || fieldOfViewDegrees == nil || fieldOfViewDegrees! >= 360 }
    /// Whether the direction was assumed (heading or field of view missing).
    public var directionAssumed: Bool { headingDegrees == nil || fieldOfViewDegrees == nil }
}

/// Whether a camera is working.
public enum CameraStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case active, offline
}

/// What a camera is for.
public enum CameraKind: String, Sendable, Hashable, CaseIterable, Codable {
    case cctv, traffic, alpr, other
}
