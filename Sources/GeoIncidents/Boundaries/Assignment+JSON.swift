extension Assignment {
    /// The assignment as a JSON object (the answer to `POST /tips`): the unit codes, the
    /// method and the distance to the nearest boundary, rounded to 0.1 m.
    public var json: JSONValue {
        .object([
            "province_code": provinceCode.map(JSONValue.string) ?? .null, "commune_code": communeCode.map(JSONValue.string) ?? .null,
            "neighbourhood_code": neighbourhoodCode.map(JSONValue.string) ?? .null, "method": .string(method.rawValue),
            "boundary_distance_m": boundaryDistanceMeters.map { .number(($0 * 10).rounded() / 10) } ?? .null,
        ])
    }
}
