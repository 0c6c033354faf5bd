/// Camera coverage, coverage gaps and camera siting over the stored tips and the camera
/// registry, for the CLI and the HTTP service.
public final class CameraService: Sendable {
    /// The stored tips, shared with the other analysis services.
    public let input: AnalysisInput
    /// A camera sees a tip only when the tip's place is known to within this many metres
    /// (GPS, or a registered place): a tip known to a neighbourhood or a commune is never
    /// "covered" or "unseen" (``TipPoints/finerThan(_:)``).
    public static let tipScaleMeters = 50.0
    /// Hot cells for gaps and hotspot siting candidates.
    public let hotspots: HotspotService
    /// Border clusters for gaps.
    public let clusters: ClusterService
    var database: GeoDatabase { input.database }
    private let coverageResults = ResultCache<FilteredQuery<String?>, CoverageReport>(capacity: 8)

    /// A service reading `input`, with the hotspot and cluster services of the same input.
    public init(input: AnalysisInput, hotspots: HotspotService, clusters: ClusterService) {
        (self.input, self.hotspots, self.clusters) = (input, hotspots, clusters)
    }

    /// A service over `database`, with an input and hotspot and cluster services of its own.
    public convenience init(database: GeoDatabase) {
        let input = AnalysisInput(database: database)
        self.init(input: input, hotspots: HotspotService(input: input), clusters: ClusterService(input: input))
    }
}

extension CameraService {
    /// Coverage of the tips matching `filter` by the active cameras: overall, per commune
    /// (with the covered share of its area, by GEOS), per category and per hour band.
    /// Metric work in `crs`, or the UTM zone of the tips.
    public func coverage(_ filter: TipFilter, crs: String? = nil) throws -> CoverageReport {
        try filter.validate()
        return try input.result(of: FilteredQuery(filter: filter, parameters: crs), in: coverageResults) { version in
            let (tips, leftOut) = try input.unitTips(filter, version: version).finerThan(Self.tipScaleMeters, scale: "camera scale")
            let all = try CameraStore(database: database).list()
            let cameras = all.filter { $0.status == .active }
            guard !cameras.isEmpty else {
                throw GeoIncidentsError.notFound("no active cameras in the registry: import the cameras first")
            }
            let target = try crs ?? MetricCRS.around(tips.points.coordinates)
            let pool = try input.projections.pool(for: target)
            let views = try CameraViews(cameras: cameras, pool: pool)
            let covered = views.covered(try input.projections.forward(tips.points.coordinates, to: target))
            var total = CoverageReport.Figure()
            var categories = [CoverageReport.Figure](repeating: .init(), count: TipCategory.allCases.count)
            var bands = [CoverageReport.Figure](repeating: .init(), count: 4)
            var byCommune = [CoverageReport.Figure](repeating: .init(), count: tips.communeCodes.count)
            for i in 0..<tips.count {
                let seen = covered[i] ? 1 : 0
                total.tips += 1; total.covered += seen
                let c = tips.points.categories[i].ordinal
                categories[c].tips += 1; categories[c].covered += seen
                let b = VietnamTime.hour(tips.points.times[i]) / 6
                bands[b].tips += 1; bands[b].covered += seen
                if tips.communes[i] >= 0 { byCommune[Int(tips.communes[i])].tips += 1; byCommune[Int(tips.communes[i])].covered += seen }
            }
            var figures: [String: CoverageReport.Figure] = [:]
            for (index, figure) in byCommune.enumerated() where figure.tips > 0 { figures[tips.communeCodes[index]] = figure }
            let camerasPerCommune = Dictionary(grouping: cameras.compactMap(\.communeCode), by: { $0 }).mapValues(\.count)
            // Communes of the scope: listed, a province's, else those with tips or cameras.
            var codes = Set(figures.keys).union(camerasPerCommune.keys)
            if !filter.communeCodes.isEmpty { codes = Set(filter.communeCodes) }
            let areas = try coveredAreas(codes: Array(codes), views: views, crs: target)
            let communes = codes.sorted(by: CodeOrder.isSmaller).map { code in
                CoverageReport.Commune(code: code, tips: figures[code] ?? .init(), cameras: camerasPerCommune[code] ?? 0,
                                       areaSquareMeters: areas[code]?.area ?? 0, coveredSquareMeters: areas[code]?.covered ?? 0)
            }
            var report = CoverageReport(activeCameras: cameras.count, offlineCameras: all.count - cameras.count,
                                        assumedDirection: cameras.filter(\.directionAssumed).count, total: total, communes: communes,
                                        categories: categories, hourBands: bands, crs: target, dataVersion: version)
            report.leftOutCoarse = leftOut
            return report
        }
    }

    /// Per commune, its area and the part the sectors cover (m² in `crs`): every vertex of
    /// the communes projected in one batch, the area by the shoelace (holes taken out), the
    /// covered part by GEOS — the union of the sectors whose box meets the commune's,
    /// intersected with the commune — only for communes with a sector near them. Both
    /// shapes go to SpatiaLite as geometry blobs already in metres: projecting each commune
    /// in SQL (`ST_Transform`) and writing and parsing the sectors as WKT cost most of a
    /// coverage answer (issue 20).
    private func coveredAreas(codes: [String], views: CameraViews, crs: String) throws -> [String: (area: Double, covered: Double)] {
        guard crs.uppercased().hasPrefix("EPSG:"), let srid = Int32(crs.dropFirst(5)) else {
            throw GeoIncidentsError.invalidInput("commune area coverage needs an EPSG code as CRS, got \(crs)")
        }
        let rings = (0..<views.count).map { views.ring($0) }
        let boxes = rings.map { ring -> BoundingBox in var b = BoundingBox.empty; for p in ring { b.expand(p) }; return b }
        let shapes = try RegionStore(database: database).areas(level: .commune, codes: Set(codes))
        let communes = Array(shapes)
        let projected = try ParallelProjection.forward(communes.flatMap { $0.value.polygons.map(\.rings) }, pool: try input.projections.pool(for: crs))
        var metric: [String: (area: Double, shape: MultiPolygon)] = [:]
        var next = 0
        for (code, shape) in communes {
            let polygons = projected[next..<(next + shape.polygons.count)].map { Polygon(uncheckedRings: $0) }
            next += shape.polygons.count
            var area = 0.0
            for polygon in polygons { for (r, ring) in polygon.rings.enumerated() { area += (r == 0 ? 1 : -1) * Self.ringArea(ring) } }
            metric[code] = (area, MultiPolygon(polygons: polygons))
        }
        return try database.reader.sync { connection in
            var result: [String: (area: Double, covered: Double)] = [:]
            let intersect = try connection.prepare("SELECT ST_Area(ST_Intersection(?, ST_UnaryUnion(?)))")
            for code in codes {
                guard let (area, shape) = metric[code] else { continue }
                let box = shape.boundingBox
                let near = boxes.indices.filter { boxes[$0].intersects(box) }
                guard !near.isEmpty else { result[code] = (area, 0); continue }
                let sectors = MultiPolygon(polygons: near.map { Polygon(uncheckedRings: [rings[$0]]) })
                try intersect.bind([.blob(SpatiaLiteBlob.multiPolygon(shape, srid: srid)), .blob(SpatiaLiteBlob.multiPolygon(sectors, srid: srid))])
                let covered = try intersect.step() && !intersect.isNull(0) ? intersect.double(0) : 0
                intersect.reset()
                result[code] = (area, covered)
            }
            return result
        }
    }
}

extension CameraService {
    /// The area enclosed by a closed ring, as GEOS computes it (`Area::ofRing`: the shoelace
    /// about the first vertex's x, which keeps UTM coordinates' digits).
    static func ringArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 4 else { return 0 }
        let x0 = ring[0].x
        var sum = 0.0
        for i in 1..<(ring.count - 1) { sum += (ring[i].x - x0) * (ring[i + 1].y - ring[i - 1].y) }
        return abs(sum / 2)
    }
}

extension CameraService {
    /// Every registered camera with its view as a lon/lat ring (sector or 32-gon, built in
    /// `crs` or the UTM zone of the cameras), for maps.
    public func cameraSectors(crs: String? = nil) throws -> [(camera: Camera, ring: [Coordinate])] {
        let cameras = try CameraStore(database: database).list()
        guard !cameras.isEmpty else { return [] }
        let target = try crs ?? MetricCRS.around(cameras.map(\.position))
        let pool = try input.projections.pool(for: target)
        let views = try CameraViews(cameras: cameras, pool: pool)
        var rings = (0..<views.count).map { views.ring($0) }
        let lengths = rings.map(\.count)
        var flat = rings.flatMap { $0 }
        try ParallelProjection.inverse(&flat, pool: pool)
        var offset = 0
        rings = lengths.map { n in
            defer { offset += n }
            return flat[offset..<(offset + n)].map { Coordinate(x: ($0.x * 1e7).rounded() / 1e7, y: ($0.y * 1e7).rounded() / 1e7) }
        }
        for k in rings.indices where !rings[k].isEmpty { rings[k][rings[k].count - 1] = rings[k][0] }
        return Array(zip(cameras, rings))
    }
}

extension CoverageReport: DataVersioned {}
