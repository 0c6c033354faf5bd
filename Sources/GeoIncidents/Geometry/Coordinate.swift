/// A 2-D position: longitude/latitude in degrees (EPSG:4326) or easting/northing in metres,
/// depending on the CRS of the geometry that holds it.
public struct Coordinate: Sendable, Hashable {
    /// Longitude or easting.
    public var x: Double
    /// Latitude or northing.
    public var y: Double

    /// Creates a coordinate.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// Whether this is a valid WGS84 longitude/latitude: finite, |lon| ≤ 180, |lat| ≤ 90.
    public var isValidLonLat: Bool {
        x.isFinite && y.isFinite && abs(x) <= 180 && abs(y) <= 90
    }

    /// Why this is not a valid lon/lat position, or `nil` when it is.
    public var lonLatProblem: String? {
        if !x.isFinite { return "longitude \(x) is not a finite number" }
        if !y.isFinite { return "latitude \(y) is not a finite number" }
        if abs(x) > 180 { return "longitude \(x) is outside -180…180" }
        if abs(y) > 90 { return "latitude \(y) is outside -90…90" }
        return nil
    }
}
