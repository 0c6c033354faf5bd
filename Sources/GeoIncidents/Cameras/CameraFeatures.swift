/// Cameras as GeoJSON properties (for the CLI and the HTTP collection).
public enum CameraFeatures {
    /// `heading`, `field_of_view` (null when unknown), `range_m`, `direction_assumed`,
    /// `status`, `kind`, `owner`, `installed`, `commune`.
    public static func properties(_ c: Camera) -> [(String, JSONValue)] {
        [("heading", c.headingDegrees.map(JSONValue.number) ?? .null), ("field_of_view", c.fieldOfViewDegrees.map(JSONValue.number) ?? .null),
         ("range_m", .number(c.rangeMeters)), ("direction_assumed", .bool(c.directionAssumed)), ("status", .string(c.status.rawValue)),
         ("kind", .string(c.kind.rawValue)), ("owner", c.owner.map(JSONValue.string) ?? .null), ("installed", c.installed.map(JSONValue.string) ?? .null),
         ("commune", c.communeCode.map(JSONValue.string) ?? .null)]
    }

    /// Camera views (`CameraService.cameraSectors`) as polygons with the camera's
    /// properties, and optional foreign members (such as the coverage figures).
    public static func sectorCollection(_ sectors: [(camera: Camera, ring: [Coordinate])], members: [(String, JSONValue)] = []) -> String {
        GeoJSONWriter.featureCollection(sectors.map { camera, ring in
            GeoJSONWriter.feature(id: .string(camera.code), geometry: .polygon(Polygon(uncheckedRings: [ring])), properties: properties(camera))
        }, members: members)
    }
}
