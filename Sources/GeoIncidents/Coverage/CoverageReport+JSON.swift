extension CoverageReport {
    /// The figures as JSON: cameras, `total`, `categories`, `hour_bands` ({tips, covered,
    /// share}) and `communes` (code, name when `names` knows it, tips, cameras, area_m2,
    /// covered_m2, area_share).
    public func json(names: UnitNames = UnitNames()) -> JSONValue {
        func figure(_ f: Figure) -> JSONValue {
            .object(["tips": .number(Double(f.tips)), "covered": .number(Double(f.covered)), "share": .number(HotspotGrid.round(f.share, 6))])
        }
        var members: [String: JSONValue] = [
            "active_cameras": .number(Double(activeCameras)), "offline_cameras": .number(Double(offlineCameras)),
            "assumed_direction": .number(Double(assumedDirection)), "crs": .string(crs), "total": figure(total),
            "categories": .object(Dictionary(uniqueKeysWithValues: zip(TipCategory.allCases.map(\.rawValue), categories.map(figure)))),
            "hour_bands": .object(Dictionary(uniqueKeysWithValues: zip(Self.hourBandLabels, hourBands.map(figure)))),
            "communes": .array(communes.map { c in
                .object(["code": .string(c.code), "name": names.communes[c.code].map(JSONValue.string) ?? .null, "tips": figure(c.tips),
                         "cameras": .number(Double(c.cameras)), "area_m2": .number(c.areaSquareMeters.rounded()),
                         "covered_m2": .number(c.coveredSquareMeters.rounded()), "area_share": .number(HotspotGrid.round(c.areaShare, 6))])
            }),
        ]
        if leftOutCoarse > 0 { members["left_out_coarse_location"] = .number(Double(leftOutCoarse)) }
        return .object(members)
    }
}
