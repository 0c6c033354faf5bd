/// A topology problem between administrative units.
public struct RegionProblem: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Two units of the same level share area.
        case overlap
        /// Area inside the parent (or enclosed by the siblings) that no unit covers.
        case gap
        /// Area of a unit outside its parent.
        case outsideParent = "outside_parent"
    }

    public var kind: Kind
    public var level: AdminLevel
    /// The units involved (two for an overlap, the parent for a gap, the child for outside_parent).
    public var codes: [String]
    /// Area on the WGS84 ellipsoid, m².
    public var areaSquareMeters: Double
    /// A point inside the problem area (lon/lat), to look at on a map.
    public var location: Coordinate?
}

/// Finds overlaps and gaps between sibling units and children sticking out of their
/// parent, with SpatiaLite (GEOS) on the stored geometries. Problems smaller than
/// `minimumArea` m² are not reported (coordinate noise).
public struct RegionCheck: Sendable {
    let database: GeoDatabase

    public init(database: GeoDatabase) {
        self.database = database
    }

    /// Runs every check on `level` (default: all levels), optionally only under one parent.
    public func run(level: AdminLevel? = nil, parentCode: String? = nil, minimumArea: Double = 1) throws -> [RegionProblem] {
        let levels = level.map { [$0] } ?? AdminLevel.allCases
        var problems: [RegionProblem] = []
        try database.writer.sync { connection in
            for level in levels {
                problems += try overlaps(level: level, parentCode: parentCode, minimumArea: minimumArea, connection)
                problems += try gaps(level: level, parentCode: parentCode, minimumArea: minimumArea, connection)
                problems += try outsideParent(level: level, parentCode: parentCode, minimumArea: minimumArea, connection)
            }
        }
        return problems.sorted { ($0.kind.rawValue, -$0.areaSquareMeters) < ($1.kind.rawValue, -$1.areaSquareMeters) }
    }

    private func scope(_ alias: String, _ parentCode: String?) -> String {
        parentCode == nil ? "" : " AND \(alias).parent_code = :parent"
    }

    private func bindScope(_ statement: Statement, level: AdminLevel, parentCode: String?) throws {
        try statement.bind(.text(level.rawValue), at: 1)
        if let parentCode { try statement.bind(.text(parentCode), at: 2) }
    }

    private func overlaps(level: AdminLevel, parentCode: String?, minimumArea: Double, _ connection: Connection) throws -> [RegionProblem] {
        let statement = try connection.prepare("""
            WITH pairs AS MATERIALIZED (
                SELECT a.code AS a_code, b.code AS b_code, ST_Intersection(a.geom, b.geom) AS shared
                FROM regions a CROSS JOIN regions b
                WHERE a.level = :level AND a.valid_to IS NULL\(scope("a", parentCode))
                  AND b.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'regions' AND f_geometry_column = 'geom' AND search_frame = a.geom)
                  AND b.level = a.level AND b.valid_to IS NULL AND b.id <> a.id AND (a.code < b.code)
                  AND ST_Overlaps(a.geom, b.geom) = 1
            )
            SELECT a_code, b_code, ST_Area(shared, 1), ST_X(ST_PointOnSurface(shared)), ST_Y(ST_PointOnSurface(shared)) FROM pairs
            """)
        try bindScope(statement, level: level, parentCode: parentCode)
        var result: [RegionProblem] = []
        try statement.forEachRow { row in
            let area = row.double(2)
            guard area >= minimumArea else { return }
            result.append(RegionProblem(kind: .overlap, level: level, codes: [row.text(0), row.text(1)], areaSquareMeters: area,
                                        location: row.isNull(3) ? nil : Coordinate(x: row.double(3), y: row.double(4))))
        }
        return result
    }

    /// Gaps, piece by piece: per parent, the parent's area that no child covers; where the
    /// parent is not imported, the holes enclosed by the union of the siblings.
    private func gaps(level: AdminLevel, parentCode: String?, minimumArea: Double, _ connection: Connection) throws -> [RegionProblem] {
        guard let parentLevel = level.parent else { return [] }
        let statement = try connection.prepare("""
            WITH groups AS MATERIALIZED (
                SELECT c.parent_code AS parent, ST_Union(c.geom) AS covered
                FROM regions c WHERE c.level = :level AND c.valid_to IS NULL\(scope("c", parentCode)) GROUP BY c.parent_code
            )
            SELECT g.parent, p.geom IS NOT NULL,
                   CastToMultiPolygon(CollectionExtract(CASE WHEN p.geom IS NOT NULL THEN ST_Difference(p.geom, g.covered) ELSE g.covered END, 3))
            FROM groups g LEFT JOIN regions p ON p.level = '\(parentLevel.rawValue)' AND p.code = g.parent AND p.valid_to IS NULL
            """)
        try bindScope(statement, level: level, parentCode: parentCode)
        var pieces: [(String, Polygon)] = []
        try statement.forEachRow { row in
            guard !row.isNull(2) else { return }
            let parent = row.optionalText(0) ?? ""
            let area = try row.withBlob(2) { try SpatiaLiteBlob.decodeMultiPolygon($0) }
            if row.int(1) == 1 {
                pieces += area.polygons.map { (parent, $0) }
            } else {
                for polygon in area.polygons {
                    for hole in polygon.rings.dropFirst() { pieces.append((parent, Polygon(uncheckedRings: [hole]))) }
                }
            }
        }
        let measure = try connection.prepare("SELECT ST_Area(?1, 1), ST_X(ST_PointOnSurface(?1)), ST_Y(ST_PointOnSurface(?1))")
        var result: [RegionProblem] = []
        for (parent, polygon) in pieces {
            try measure.bind([.blob(SpatiaLiteBlob.multiPolygon(MultiPolygon(polygons: [polygon])))])
            guard try measure.step() else { continue }
            let area = measure.double(0)
            let location = measure.isNull(1) ? nil : Coordinate(x: measure.double(1), y: measure.double(2))
            measure.reset()
            if area >= minimumArea {
                result.append(RegionProblem(kind: .gap, level: level, codes: [parent], areaSquareMeters: area, location: location))
            }
        }
        return result
    }

    private func outsideParent(level: AdminLevel, parentCode: String?, minimumArea: Double, _ connection: Connection) throws -> [RegionProblem] {
        guard let parentLevel = level.parent else { return [] }
        let statement = try connection.prepare("""
            WITH outside AS MATERIALIZED (
                SELECT c.code AS code, ST_Difference(c.geom, p.geom) AS part
                FROM regions c JOIN regions p ON p.level = '\(parentLevel.rawValue)' AND p.code = c.parent_code AND p.valid_to IS NULL
                WHERE c.level = :level AND c.valid_to IS NULL\(scope("c", parentCode)) AND ST_CoveredBy(c.geom, p.geom) = 0
            )
            SELECT code, ST_Area(part, 1), ST_X(ST_PointOnSurface(part)), ST_Y(ST_PointOnSurface(part)) FROM outside WHERE part IS NOT NULL
            """)
        try bindScope(statement, level: level, parentCode: parentCode)
        var result: [RegionProblem] = []
        try statement.forEachRow { row in
            let area = row.double(1)
            guard area >= minimumArea else { return }
            result.append(RegionProblem(kind: .outsideParent, level: level, codes: [row.text(0)], areaSquareMeters: area,
                                        location: row.isNull(2) ? nil : Coordinate(x: row.double(2), y: row.double(3))))
        }
        return result
    }
}
