extension PatrolNeeds {
    /// The needs as an RFC 7946 FeatureCollection of lon/lat (Multi)LineStrings, ranked,
    /// with the report fields as properties (see `properties`).
    public func featureCollection(_ needs: ArraySlice<PatrolNeed>, names: UnitNames) -> String {
        GeoJSONWriter.featureCollection(needs.enumerated().map { offset, need in
            GeoJSONWriter.feature(geometry: .lines(need.lines), properties: properties(need, rank: needs.startIndex + offset + 1, names: names))
        })
    }

    /// `rank`, `score`, `code_a`, `name_a`, `code_b`, `name_b`, `province_a`, `province_b`,
    /// `stretch` (1-based), `stretches`, `length_m`, `tips`, `previous_tips`,
    /// `weighted_tips`, `night_share`, `categories` {category: count}, `peak_hours`,
    /// `trend` (rising, steady or falling), `trend_z`, `unseen_share` (of the window's tips,
    /// by no active camera; null without cameras), `clusters` (keys of the border
    /// clusters on the stretch).
    public func properties(_ need: PatrolNeed, rank: Int, names: UnitNames) -> [(String, JSONValue)] {
        let level = parameters.level
        func name(_ code: String) -> JSONValue {
            (level == .commune ? names.communes[code] : names.provinces[code]).map(JSONValue.string) ?? .null
        }
        var categories: [String: JSONValue] = [:]
        for (category, count) in zip(TipCategory.allCases, need.categoryCounts) where count > 0 { categories[category.rawValue] = .number(Double(count)) }
        return [
            ("rank", .number(Double(rank))), ("score", .number(HotspotGrid.round(need.score, 3))),
            ("code_a", .string(need.codeA)), ("name_a", name(need.codeA)), ("code_b", .string(need.codeB)), ("name_b", name(need.codeB)),
            ("province_a", need.provinceA.map(JSONValue.string) ?? .null), ("province_b", need.provinceB.map(JSONValue.string) ?? .null),
            ("stretch", .number(Double(need.stretch + 1))), ("stretches", .number(Double(need.stretchCount))),
            ("length_m", .number(need.lengthMeters.rounded())),
            ("tips", .number(Double(need.tips))), ("previous_tips", .number(Double(need.previousTips))),
            ("weighted_tips", .number(HotspotGrid.round(need.weightedTips, 3))), ("night_share", .number(HotspotGrid.round(need.nightShare, 4))),
            ("categories", .object(categories)), ("peak_hours", .array(need.peakHours().map { .number(Double($0)) })),
            ("trend", .string(need.trend)), ("trend_z", .number(HotspotGrid.round(need.trendZ, 3))),
            ("unseen_share", need.unseenShare.map { .number(HotspotGrid.round($0, 4)) } ?? .null),
            ("clusters", .array(need.clusterKeys.map { .number(Double($0)) })),
        ]
    }

    /// Settings and totals, for the `metadata` of JSON outputs.
    public var summary: [(String, JSONValue)] {
        [("since", .string(since.iso8601)), ("until", .string(until.iso8601)), ("previous_since", .string(previousSince.iso8601)),
         ("level", .string(parameters.level.rawValue)), ("border_distance_m", .number(parameters.borderDistanceMeters)),
         ("stretch_m", .number(parameters.stretchMeters)), ("half_life_days", .number(parameters.halfLifeDays)),
         ("borders", .number(Double(borderCount))), ("stretches", .number(Double(stretchCount))),
         ("window_tips", .number(Double(windowTips))), ("near_border_tips", .number(Double(nearBorderTips))),
         ("crs", .string(crs)), ("data_version", .number(Double(dataVersion))),
         ("left_out_coarse_location", .number(Double(leftOutCoarse))),
         ("score", .string("weighted_tips × (1 + night_share) × √clamp((tips + 1) / (previous_tips + 1), 0.5, 2)"))]
    }
}
