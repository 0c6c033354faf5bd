/// Which points the active cameras see (see `CameraViews` for the sector definition).
public enum CameraCoverage {
    /// Projects lon/lat points to `crs` on all cores.
    public static func project(_ points: [Coordinate], crs: String, projections: ProjectionCache = ProjectionCache()) throws -> [Coordinate] {
        try projections.forward(points, to: crs)
    }

    /// For each point already projected to `crs`, whether one of `cameras` sees it.
    public static func covered(projected points: [Coordinate], cameras: [Camera], crs: String,
                               projections: ProjectionCache = ProjectionCache()) throws -> [Bool] {
        try CameraViews(cameras: cameras, pool: try projections.pool(for: crs)).covered(points)
    }
}
