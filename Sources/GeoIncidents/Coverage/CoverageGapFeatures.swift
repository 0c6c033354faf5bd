/// Coverage gaps as GeoJSON.
public enum CoverageGapFeatures {
    /// Each gap as a polygon (cell outline or cluster hull; a line or point for degenerate
    /// hulls) with `rank`, `kind`, `id`, `tips`, `covered`, `uncovered`, `covered_share`,
    /// `z`, `communes`.
    public static func featureCollection(_ gaps: [CoverageGap]) -> String {
        GeoJSONWriter.featureCollection(gaps.enumerated().map { rank, gap in
            GeoJSONWriter.feature(id: .string("\(gap.kind.rawValue):\(gap.id)"), geometry: ClusterAnalysis.geometry(gap.outline), properties: [
                ("rank", .number(Double(rank + 1))), ("kind", .string(gap.kind.rawValue)), ("id", .string(gap.id)),
                ("tips", .number(Double(gap.tips))), ("covered", .number(Double(gap.covered))), ("uncovered", .number(Double(gap.uncovered))),
                ("covered_share", .number(HotspotGrid.round(gap.coveredShare, 4))), ("z", gap.z.map { .number(HotspotGrid.round($0, 4)) } ?? .null),
                ("communes", .array(gap.communes.map(JSONValue.string))),
            ])
        })
    }
}
