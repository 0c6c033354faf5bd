extension CameraFeatures {
    /// Suggested cameras as points with `rank`, `heading` (null = all round), `range_m`,
    /// `field_of_view`, `tips` (added), `gain` (recency-weighted) and `cumulative_share`.
    public static func suggestionCollection(_ siting: CameraSiting) -> String {
        GeoJSONWriter.featureCollection(siting.suggestions.enumerated().map { rank, s in
            GeoJSONWriter.feature(geometry: .point(s.position), properties: [
                ("rank", .number(Double(rank + 1))), ("heading", s.headingDegrees.map(JSONValue.number) ?? .null),
                ("range_m", .number(siting.parameters.rangeMeters)), ("field_of_view", .number(siting.parameters.fieldOfViewDegrees)),
                ("tips", .number(Double(s.tips))), ("gain", .number(HotspotGrid.round(s.gain, 4))),
                ("cumulative_share", .number(HotspotGrid.round(s.cumulativeShare, 4))),
            ])
        }, members: siting.leftOutCoarse > 0 ? [("left_out_coarse_location", .number(Double(siting.leftOutCoarse)))] : [])
    }
}
