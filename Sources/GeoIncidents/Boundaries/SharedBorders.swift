/// The boundary lines shared by adjacent units of one level, tolerant of the slivers of
/// real layers. Each unit's rings are sampled every `tolerance / 2` metres along their edges
/// (vertices included); a stretch of A's boundary is on the border with B when consecutive
/// samples both lie within `tolerance` metres of B's boundary. Sampling along the edges, not
/// only at vertices, finds borders drawn with long simplified segments whose vertices stray
/// while the line runs close. Both sides are traced (real layers simplify each unit on its
/// own) and the longer trace is kept. Each adjacent pair is reported once (`codeA` the
/// smaller code), with the line in lon/lat along A's (or B's) own boundary.
public struct SharedBorder: Sendable, Hashable {
    public var codeA: String
    public var codeB: String
    /// The shared line(s) in lon/lat.
    public var lines: [[Coordinate]]
    /// Total length in metres (in the metric CRS).
    public var lengthMeters: Double

    public init(codeA: String, codeB: String, lines: [[Coordinate]], lengthMeters: Double) {
        (self.codeA, self.codeB, self.lines, self.lengthMeters) = (codeA, codeB, lines, lengthMeters)
    }
}

enum SharedBorderBuilder {
    struct Unit {
        var code: String
        var area: MultiPolygon
    }

    /// A ring sampled along its edges: metric and lon/lat positions, and which samples are
    /// the ring's own vertices (the only ones kept in output lines, besides run ends).
    struct SampledRing {
        var metric: [Coordinate] = []
        var lonLat: [Coordinate] = []
        var isVertex: [Bool] = []

        init(metric ring: [Coordinate], lonLat source: [Coordinate], step: Double) {
            for k in 0..<(ring.count - 1) {
                let (a, b) = (ring[k], ring[k + 1])
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                let pieces = length.isFinite ? max(1, Int((length / step).rounded(.up))) : 1
                for j in 0..<pieces {
                    let t = Double(j) / Double(pieces)
                    metric.append(Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)))
                    let (p, q) = (source[k], source[k + 1])
                    lonLat.append(Coordinate(x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y)))
                    isVertex.append(j == 0)
                }
            }
            metric.append(ring[ring.count - 1]); lonLat.append(source[ring.count - 1]); isVertex.append(true)
        }
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
        // Every segment in a grid, to find the units near each sample.
        let grid = BoundarySegmentGrid(units: projected, reach: tolerance)
        guard !grid.segments.isEmpty else { return [] }
        let t2 = tolerance * tolerance
        let step = max(tolerance, 2) / 2
        /// Units other than `owner` whose boundary is within tolerance of `p`.
        func nearUnits(_ p: Coordinate, owner: Int) -> [Int32] {
            var found: [Int32] = []
            for s in grid.candidates(near: p) {
                let segment = grid.segments[Int(s)]
                guard segment.unit != Int32(owner), !found.contains(segment.unit) else { continue }
                if SegmentDistance.squared(p.x, p.y, segment.a.x, segment.a.y, segment.b.x, segment.b.y) <= t2 { found.append(segment.unit) }
            }
            return found
        }
        /// Whether `p`, on an edge running along `direction`, lies alongside `unit`'s
        /// boundary: within tolerance of the inside of one of its segments that runs within
        /// 45° of the edge (past a junction, the sample is near only the neighbour's corner
        /// or a segment leaving at an angle).
        func alongside(_ p: Coordinate, direction: Coordinate, unit: Int32) -> Bool {
            let dl = (direction.x * direction.x + direction.y * direction.y).squareRoot()
            for s in grid.candidates(near: p) where grid.segments[Int(s)].unit == unit {
                let (a, b) = (grid.segments[Int(s)].a, grid.segments[Int(s)].b)
                guard SegmentDistance.squared(p.x, p.y, a.x, a.y, b.x, b.y) <= t2 else { continue }
                let dx = b.x - a.x, dy = b.y - a.y
                let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)
                let cosine = abs(dx * direction.x + dy * direction.y) / ((dx * dx + dy * dy).squareRoot() * dl)
                if t >= 0 && t <= 1 && cosine >= 0.7071 { return true }
            }
            return false
        }
        var borders: [String: SharedBorder] = [:]
        for (u, rings) in projected.enumerated() {
            for (r, ring) in rings.enumerated() where ring.count > 1 {
                let samples = SampledRing(metric: ring, lonLat: lonLat[u][r], step: step)
                let near = samples.metric.map { nearUnits($0, owner: u) }
                var neighbours = Set<Int32>()
                for list in near { neighbours.formUnion(list) }
                for v in neighbours {
                    let (lines, length) = trace(samples, near: near, neighbour: v) { alongside($0, direction: $1, unit: v) }
                    guard !lines.isEmpty else { continue }
                    // Keyed by direction (tracer first); the longer direction wins below.
                    let pair = units[u].code + "|" + units[Int(v)].code
                    var border = borders[pair] ?? SharedBorder(codeA: units[u].code, codeB: units[Int(v)].code, lines: [], lengthMeters: 0)
                    border.lines += lines
                    border.lengthMeters += length
                    borders[pair] = border
                }
            }
        }
        var pairs: [String: SharedBorder] = [:]
        // In key order, so that equal lengths (exact partitions) keep the same side every run.
        for key in borders.keys.sorted() {
            var border = borders[key]!
            let traced = border
            if !CodeOrder.isSmaller(border.codeA, border.codeB) { (border.codeA, border.codeB) = (traced.codeB, traced.codeA) }
            let key = border.codeA + "|" + border.codeB
            if border.lengthMeters > (pairs[key]?.lengthMeters ?? -1) { pairs[key] = border }
        }
        return pairs.values.filter { $0.lengthMeters >= minimumLength }.sorted { a, b in
            a.codeA != b.codeA ? CodeOrder.isSmaller(a.codeA, b.codeA) : CodeOrder.isSmaller(a.codeB, b.codeB)
        }
    }

    /// The runs of consecutive samples both near `neighbour`, as lon/lat lines (vertices and
    /// run ends only), with their metric length. A run through the ring's closing point is
    /// one line. Each run's ends are trimmed while `alongside` (sample, direction of the
    /// edge it is on) says the sample is only near the neighbour's corner, as on the first
    /// metres of the next border past a junction.
    static func trace(_ samples: SampledRing, near: [[Int32]], neighbour v: Int32,
                      alongside: (Coordinate, Coordinate) -> Bool) -> (lines: [[Coordinate]], length: Double) {
        let m = samples.metric
        let period = m.count - 1  // sample `period` repeats sample 0
        var runs: [(start: Int, end: Int)] = []
        var k = 0
        while k < period {
            guard near[k].contains(v) && near[k + 1].contains(v) else { k += 1; continue }
            let start = k
            while k < period && near[k].contains(v) && near[k + 1].contains(v) { k += 1 }
            runs.append((start, k))
        }
        if runs.count >= 2, runs[0].start == 0, runs[runs.count - 1].end == period {
            let first = runs.removeFirst()
            runs[runs.count - 1].end = period + first.end
        }
        var lines: [[Coordinate]] = []
        var length = 0.0
        for run in runs {
            var (start, end) = run
            func direction(_ i: Int, _ j: Int) -> Coordinate {
                Coordinate(x: m[j % period].x - m[i % period].x, y: m[j % period].y - m[i % period].y)
            }
            while start < end && !alongside(m[start % period], direction(start, start + 1)) { start += 1 }
            while end > start && !alongside(m[end % period], direction(end - 1, end)) { end -= 1 }
            guard end > start else { continue }
            var line = [samples.lonLat[start % period]]
            for j in (start + 1)...end {
                let (a, b) = (m[(j - 1) % period], m[j % period])
                length += ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                if samples.isVertex[j % period] || j == end { line.append(samples.lonLat[j % period]) }
            }
            lines.append(line)
        }
        return (lines, length)
    }
}

extension RegionStore {
    /// The shared borders between adjacent current units of `level` (commune or province),
    /// with the given tolerance for slivers (metres) and minimum shared length (metres).
    public func sharedBorders(level: AdminLevel, parentCode: String? = nil, toleranceMeters: Double = 50, minimumLengthMeters: Double = 100) throws -> [SharedBorder] {
        guard toleranceMeters.isFinite, toleranceMeters >= 0, toleranceMeters <= 1_000 else {
            throw GeoIncidentsError.invalidInput("tolerance must be 0…1000 metres, got \(toleranceMeters)")
        }
        guard minimumLengthMeters.isFinite, minimumLengthMeters >= 0 else {
            throw GeoIncidentsError.invalidInput("minimum length must be a length in metres ≥ 0, got \(minimumLengthMeters)")
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
