/// The polygons a hotspot analysis covers, from a filter's scope: the named neighbourhoods,
/// else the named communes, else the communes of the named provinces, else the bbox, else
/// every commune.
extension RegionStore {
    /// The scope's polygons (lon/lat). Throws for codes not in the boundary layer.
    public func studyArea(for filter: TipFilter) throws -> [MultiPolygon] {
        try stampedStudyArea(for: filter).areas
    }

    /// ``studyArea(for:)`` and the `meta.regions_version` of the boundaries it was read from
    /// (one read transaction).
    func stampedStudyArea(for filter: TipFilter) throws -> (areas: [MultiPolygon], regionsVersion: Int64) {
        try database.reader.sync { connection in
            try connection.transaction(immediate: false) {
                (try areas(of: filter, connection: connection), try connection.regionsVersion())
            }
        }
    }

    private func areas(of filter: TipFilter, connection: Connection) throws -> [MultiPolygon] {
        try checkCodes(filter, connection: connection)
        if !filter.neighbourhoodCodes.isEmpty {
            return try loadAreas(level: .neighbourhood, codes: filter.neighbourhoodCodes, connection: connection).map(\.area)
        }
        if !filter.communeCodes.isEmpty {
            return try loadAreas(level: .commune, codes: filter.communeCodes, connection: connection).map(\.area)
        }
        if !filter.provinceCodes.isEmpty {
            let inside = try loadAreas(level: .commune, parentCodes: filter.provinceCodes, connection: connection).map(\.area)
            if !inside.isEmpty { return inside }
            return try loadAreas(level: .province, codes: filter.provinceCodes, connection: connection).map(\.area)
        }
        if let box = filter.boundingBox { return [Self.rectangle(box)] }
        return try loadAreas(level: .commune, connection: connection).map(\.area)
    }

    /// Throws `notFound` for a province, commune or neighbourhood code of the filter that is
    /// not in the boundary layer.
    public func checkScope(_ filter: TipFilter) throws {
        try database.reader.sync { try checkCodes(filter, connection: $0) }
    }

    private func checkCodes(_ filter: TipFilter, connection: Connection) throws {
        for (level, codes) in [(AdminLevel.province, filter.provinceCodes), (.commune, filter.communeCodes), (.neighbourhood, filter.neighbourhoodCodes)] {
            for code in codes {
                let found = try connection.scalarInt("SELECT count(*) FROM regions WHERE level = ? AND code = ? AND valid_to IS NULL", [.text(level.rawValue), .text(code)]) ?? 0
                if found == 0 { throw GeoIncidentsError.notFound("\(level.rawValue) code \(code) is not in the boundary layer") }
            }
        }
    }

    /// A lon/lat box as a polygon with densified edges (64 points a side), so that it stays
    /// close to the box after projection.
    static func rectangle(_ box: BoundingBox) -> MultiPolygon {
        var ring: [Coordinate] = []
        let steps = 64
        for k in 0..<steps { ring.append(Coordinate(x: box.minX + (box.maxX - box.minX) * Double(k) / Double(steps), y: box.minY)) }
        for k in 0..<steps { ring.append(Coordinate(x: box.maxX, y: box.minY + (box.maxY - box.minY) * Double(k) / Double(steps))) }
        for k in 0..<steps { ring.append(Coordinate(x: box.maxX - (box.maxX - box.minX) * Double(k) / Double(steps), y: box.maxY)) }
        for k in 0..<steps { ring.append(Coordinate(x: box.minX, y: box.maxY - (box.maxY - box.minY) * Double(k) / Double(steps))) }
        ring.append(ring[0])
        return MultiPolygon(polygons: [Polygon(uncheckedRings: [ring])])
    }
}
