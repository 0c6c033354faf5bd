/// The boundary lines shared by adjacent units of one level, tolerant of the slivers of
/// real layers: a segment of unit A's boundary is on the border with B when both its ends lie
/// within `tolerance` metres of B's boundary. Both sides are traced (real layers simplify each
/// unit on its own, so one side's vertices may stray where the other's do not) and the longer
/// trace is kept. Each adjacent pair is reported once (`codeA` the smaller code), with the line
/// in the source's own coordinates.
public struct SharedBorder: Sendable, Hashable {
    public var codeA: String
    public var codeB: String
    /// The shared line(s) in lon/lat.
    public var lines: [[Coordinate]]
    /// Total length in metres (in the metric CRS).
    public var lengthMeters: Double
}

enum SharedBorderBuilder {
    struct Unit {
        var code: String
        var area: MultiPolygon
    }

    /// Borders of every adjacent pair whose shared line is at least `minimumLength` metres
    /// (shorter contacts, such as corners meeting at a point, are not borders to patrol).
    static func build(_ units: [Unit], metricCRS: String, tolerance: Double, minimumLength: Double) throws -> [SharedBorder] {
        let projector = try Projector(targetCRS: metricCRS)
        // Projected rings per unit, in the same order as the lon/lat rings.
        var projected: [[[Coordinate]]] = []
        var lonLat: [[[Coordinate]]] = []
        for unit in units {
            let rings = unit.area.polygons.flatMap(\.rings)
            lonLat.append(rings)
            projected.append(rings.map { ring in var r = ring; projector.forward(&r); return r })
        }
        // Every segment in a grid, to find the units near each vertex.
        let grid = BoundarySegmentGrid(units: projected, reach: tolerance)
        guard !grid.segments.isEmpty else { return [] }
        let t2 = tolerance * tolerance
        /// Units other than `owner` whose boundary is within tolerance of `p`.
        func nearUnits(_ p: Coordinate, owner: Int) -> Set<Int32> {
            var found = Set<Int32>()
            for s in grid.candidates(near: p) {
                let segment = grid.segments[Int(s)]
                guard segment.unit != Int32(owner), !found.contains(segment.unit) else { continue }
                if SegmentDistance.squared(p.x, p.y, segment.a.x, segment.a.y, segment.b.x, segment.b.y) <= t2 { found.insert(segment.unit) }
            }
            return found
        }
        var borders: [String: SharedBorder] = [:]
        for (u, rings) in projected.enumerated() {
            for (r, ring) in rings.enumerated() where ring.count > 1 {
                let near = ring.map { nearUnits($0, owner: u) }
                let source = lonLat[u][r]
                // Per neighbour, runs of consecutive segments whose both ends are near it.
                var neighbours = Set<Int32>()
                for set in near { neighbours.formUnion(set) }
                for v in neighbours {
                    let (a, b) = (units[u].code, units[Int(v)].code)
                    var current: [Coordinate] = []
                    var length = 0.0
                    var lines: [[Coordinate]] = []
                    for k in 0..<(ring.count - 1) {
                        if near[k].contains(v) && near[k + 1].contains(v) {
                            if current.isEmpty { current.append(source[k]) }
                            current.append(source[k + 1])
                            let dx = ring[k + 1].x - ring[k].x, dy = ring[k + 1].y - ring[k].y
                            length += (dx * dx + dy * dy).squareRoot()
                        } else if !current.isEmpty {
                            lines.append(current)
                            current = []
                        }
                    }
                    if !current.isEmpty { lines.append(current) }
                    guard !lines.isEmpty else { continue }
                    // Keyed by direction (tracer first); the longer direction wins below.
                    let pair = a + "|" + b
                    var border = borders[pair] ?? SharedBorder(codeA: a, codeB: b, lines: [], lengthMeters: 0)
                    border.lines += lines
                    border.lengthMeters += length
                    borders[pair] = border
                }
            }
        }
        var pairs: [String: SharedBorder] = [:]
        for var border in borders.values {
            let traced = border
            if !CodeOrder.isSmaller(border.codeA, border.codeB) { (border.codeA, border.codeB) = (traced.codeB, traced.codeA) }
            let key = border.codeA + "|" + border.codeB
            if border.lengthMeters > (pairs[key]?.lengthMeters ?? -1) { pairs[key] = border }
        }
        return pairs.values.filter { $0.lengthMeters >= minimumLength }.sorted { a, b in
            a.codeA != b.codeA ? CodeOrder.isSmaller(a.codeA, b.codeA) : CodeOrder.isSmaller(a.codeB, b.codeB)
        }
    }
}

extension RegionStore {
    /// The shared borders between adjacent current units of `level` (commune or province),
    /// with the given tolerance for slivers (metres) and minimum shared length (metres).
    public func sharedBorders(level: AdminLevel, parentCode: String? = nil, toleranceMeters: Double = 50, minimumLengthMeters: Double = 100) throws -> [SharedBorder] {
        guard toleranceMeters.isFinite, toleranceMeters >= 0, toleranceMeters <= 1_000 else {
            throw GeoIncidentsError.invalidInput("--tolerance must be 0…1000 metres, got \(toleranceMeters)")
        }
        guard minimumLengthMeters.isFinite, minimumLengthMeters >= 0 else {
            throw GeoIncidentsError.invalidInput("--min-length must be a length in metres ≥ 0, got \(minimumLengthMeters)")
        }
        let units = try database.reader.sync { try loadAreas(level: level, parentCodes: parentCode.map { [$0] }, connection: $0) }
            .map { SharedBorderBuilder.Unit(code: $0.code, area: $0.area) }
        guard units.count >= 2 else {
            throw GeoIncidentsError.notFound("\(units.count) \(level.rawValue) unit(s) in scope: borders need at least two")
        }
        var box = BoundingBox.empty
        for unit in units { box.expand(unit.area.boundingBox) }
        let crs = Projector.utmCRS(longitude: box.center.x, latitude: box.center.y)
        return try SharedBorderBuilder.build(units, metricCRS: crs, tolerance: toleranceMeters, minimumLength: minimumLengthMeters)
    }
}
