extension ClusterAnalysis {
    /// The clusters as an RFC 7946 FeatureCollection: each a lon/lat hull polygon (a line or
    /// point when its tips are collinear or one place) with the report as properties (see
    /// `properties`). Hull vertices are tip positions: for analysts and commanders only.
    public func featureCollection(_ clusters: [TipCluster], names: UnitNames) -> String {
        GeoJSONWriter.featureCollection(clusters.map { cluster in
            GeoJSONWriter.feature(id: .number(Double(cluster.key)), geometry: Self.geometry(cluster.hull), properties: properties(cluster, names: names))
        })
    }

    static func geometry(_ hull: [Coordinate]) -> GeoJSONGeometry {
        switch hull.count {
        case 0: .lines([])
        case 1: .point(hull[0])
        case 2, 3: .lines([hull])
        default: .polygon(Polygon(uncheckedRings: [hull]))
        }
    }

    /// A cluster's report: `key`, `size`, `core`, `area_m2`, `centroid` [lon, lat],
    /// `first_report`, `last_report`, `categories` {category: count}, `peak_hours`,
    /// `hour_by_weekday` (7 rows Monday first × 24 hours, Vietnam time), `provinces`,
    /// `communes`, `neighbourhoods` ([{code, name, count, share}], largest first),
    /// `nearest_border` {code_a, name_a, code_b, name_b, distance_m} or null, `spans_communes`,
    /// `near_border`, `border`, `border_communes` and `border_provinces` ([{code, name}]).
    public func properties(_ cluster: TipCluster, names: UnitNames) -> [(String, JSONValue)] {
        func units(_ shares: [UnitShare], _ level: AdminLevel, _ lookup: [String: String]) -> JSONValue {
            .array(shares.map { .object(["code": .string($0.code), "name": lookup[$0.code].map(JSONValue.string) ?? .null,
                                         "count": .number(Double($0.count)), "share": .number(HotspotGrid.round($0.share, 4))]) })
        }
        func named(_ codes: [String], _ lookup: [String: String]) -> JSONValue {
            .array(codes.map { .object(["code": .string($0), "name": lookup[$0].map(JSONValue.string) ?? .null]) })
        }
        var categories: [String: JSONValue] = [:]
        for (category, count) in zip(TipCategory.allCases, cluster.categoryCounts) where count > 0 { categories[category.rawValue] = .number(Double(count)) }
        let nearest: JSONValue = cluster.nearestBorder.map { b in
            .object(["code_a": .string(b.codeA), "name_a": names.communes[b.codeA].map(JSONValue.string) ?? .null,
                     "code_b": .string(b.codeB), "name_b": names.communes[b.codeB].map(JSONValue.string) ?? .null,
                     "distance_m": .number(HotspotGrid.round(b.distanceMeters, 1))])
        } ?? .null
        return [
            ("key", .number(Double(cluster.key))), ("size", .number(Double(cluster.size))), ("core", .number(Double(cluster.coreCount))),
            ("area_m2", .number(cluster.areaSquareMeters.rounded())),
            ("centroid", .array([.number(HotspotGrid.round(cluster.centroid.x, 6)), .number(HotspotGrid.round(cluster.centroid.y, 6))])),
            ("first_report", .string(cluster.firstReport.iso8601)), ("last_report", .string(cluster.lastReport.iso8601)),
            ("categories", .object(categories)),
            ("peak_hours", .array(cluster.peakHours().map { .number(Double($0)) })),
            ("hour_by_weekday", .array((0..<7).map { d in .array(cluster.hourByWeekday[(d * 24)..<(d * 24 + 24)].map { .number(Double($0)) }) })),
            ("provinces", units(cluster.provinces, .province, names.provinces)),
            ("communes", units(cluster.communes, .commune, names.communes)),
            ("neighbourhoods", units(cluster.neighbourhoods, .neighbourhood, names.neighbourhoods)),
            ("nearest_border", nearest),
            ("spans_communes", .bool(cluster.spansCommunes)), ("near_border", .bool(cluster.nearBorder)), ("border", .bool(cluster.isBorder)),
            ("border_communes", named(cluster.borderCommunes, names.communes)),
            ("border_provinces", named(cluster.borderProvinces, names.provinces)),
        ]
    }

    /// The analysis's settings and totals, for the `metadata` of JSON outputs.
    public var summary: [(String, JSONValue)] {
        (leftOutCoarse > 0 ? [("left_out_coarse_location", .number(Double(leftOutCoarse)))] : []) + [("tips", .number(Double(tipCount))), ("clusters", .number(Double(clusters.count))),
         ("border_clusters", .number(Double(borderClusters.count))), ("noise", .number(Double(noiseCount))),
         ("core", .number(Double(coreCount))), ("eps_m", .number(parameters.epsMeters)), ("min_points", .number(Double(parameters.minPoints))),
         ("border_distance_m", .number(parameters.borderDistanceMeters)), ("hull_tips", .string(parameters.hullTips.rawValue)),
         ("border_lines", .string(parameters.borderLines.rawValue)), ("shared_borders", .number(Double(borderCount))),
         ("crs", .string(crs)), ("data_version", .number(Double(dataVersion)))]
    }
}
