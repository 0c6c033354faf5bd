/// Entry points of the hotspot analysis on plain arrays (no store): the CLI's benchmark and
/// tests use them; ``HotspotService`` runs the same code on stored tips.
public enum Hotspots {
    /// The hotspot grid of tips at `points` (lon/lat). `studyArea` (lon/lat polygons) is
    /// required for the `study-area` cell set and ignored for `nonempty`.
    ///
    /// Pass the same `projections` to repeated runs to reuse the PROJ set-up.
    public static func grid(points: [Coordinate], studyArea: [MultiPolygon]? = nil, parameters: HotspotParameters, projections: ProjectionCache = ProjectionCache()) throws -> HotspotGrid {
        guard !points.isEmpty else { throw GeoIncidentsError.invalidInput("no tips to analyse") }
        return try HotspotGridBuilder.build(lonLat: points, studyArea: studyArea.map { GridStudyArea(rings: rings($0)) }, parameters: parameters, projections: projections)
    }

    static func rings(_ areas: [MultiPolygon]) -> [[[Coordinate]]] {
        areas.flatMap { $0.polygons.map(\.rings) }
    }
}
