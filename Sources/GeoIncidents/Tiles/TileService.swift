import Foundation

/// The layers of the vector tiles.
public enum TileLayer: String, Sendable, CaseIterable {
    case communes, tips, incidents, hotspots, clusters, cameras
}

/// What the caller of a tile may see (the HTTP roles, or everything for offline packages).
public struct TileAccess: Sendable, Hashable {
    /// Tip positions, clusters and cameras (analyst, commander).
    public var readsTips: Bool
    /// Counts from 1 to this − 1 are left out of aggregates (public: 3; 0 = none).
    public var suppressBelow: Int
    /// Communes a scoped token is limited to (empty = all).
    public var communes: [String]

    public init(readsTips: Bool, suppressBelow: Int = 0, communes: [String] = []) {
        (self.readsTips, self.suppressBelow, self.communes) = (readsTips, suppressBelow, communes)
    }

    /// Everything (offline packages for the force).
    public static let full = TileAccess(readsTips: true)
}

/// Mapbox Vector Tiles of the stored data, clipped and simplified per zoom:
/// - `communes`: commune polygons (code, name), from zoom 6;
/// - `tips`: tip points (id, category, reported_at, status) from zoom 15 for analysts and
///   commanders; below that (and always for the public) counts on a 64 × 64 grid per
///   tile (read from tip_cells alone), counts under k left out for the public;
/// - `hotspots`: the Gi* grid of `GET /hotspots`'s defaults (250 m, FDR, over the study
///   area), its cells with tips or significance: count, z and bin, from zoom 11;
/// - `incidents`: one point per incident at its best-located member (category, status,
///   reports, independent_reports, copies, first and last report), analysts and commanders,
///   from zoom 12; incidents located only to a neighbourhood or commune are not pins;
/// - `clusters`: DBSCAN cluster hulls (key, size, border), analysts and commanders;
/// - `cameras`: camera points (id, kind, status, heading, fov, range), analysts and commanders.
public final class TileService: Sendable {
    let database: GeoDatabase
    let hotspots: HotspotService
    let clusters: ClusterService
    public static let extent = 4096.0
    public static let buffer = 64.0
    /// Roles that must not see small counts get tip counts no finer than this zoom's grid.
    public static let publicCountZoom = 12
    /// Zoom from which tips are drawn one by one (for those who may see them); below it
    /// they are counted on a grid, as the web map clusters them below zoom 15.
    public static let tipPointZoom = 15

    /// Tiles of `input`'s database, with the hotspot and cluster services of that input.
    public init(input: AnalysisInput, hotspots: HotspotService, clusters: ClusterService) {
        (self.database, self.hotspots, self.clusters) = (input.database, hotspots, clusters)
    }

    /// Tiles of `database`, with an analysis input and services of their own.
    public convenience init(database: GeoDatabase) {
        let input = AnalysisInput(database: database)
        self.init(input: input, hotspots: HotspotService(input: input), clusters: ClusterService(input: input))
    }

    /// The tile's protobuf bytes (uncompressed); an empty tile is zero bytes.
    public func tile(_ layer: TileLayer, _ tile: TileID, access: TileAccess, filter: TipFilter = TipFilter()) throws -> [UInt8] {
        var writer = MVTWriter(extent: UInt32(Self.extent))
        try add(layer, tile: tile, access: access, filter: filter, to: &writer)
        return writer.data
    }

    /// A fingerprint of what the tile shows that changes when tips in it are added or
    /// removed: for the tips layer the count and largest id of the tips in the tile (so new
    /// tips invalidate only the tiles they touch), else the data version. The tips
    /// fingerprint is recomputed only when the data version moved (`dataVersion`, or read
    /// here when nil), so serving a cached tile costs no query of the tile's tips.
    public func version(_ layer: TileLayer, _ tile: TileID, access: TileAccess, filter: TipFilter = TipFilter(), dataVersion: Int64? = nil) throws -> String {
        let current = try dataVersion ?? database.dataVersion()
        guard layer == .tips else { return String(current) }
        let key = TipFingerprintKey(tile: tile, access: access, filter: filter, dataVersion: current)
        return try fingerprints.value(for: key) {
            // Public counts above the count zoom come from the whole ancestor tile.
            var area = tile
            if access.suppressBelow > 0 && tile.z > Self.publicCountZoom {
                area = try TileID(z: Self.publicCountZoom, x: tile.x >> (tile.z - Self.publicCountZoom), y: tile.y >> (tile.z - Self.publicCountZoom))
            }
            let (condition, values) = tipFilter(area, access: access, filter: filter).sqlCondition()
            // Count, largest id, and a checksum of the statuses (point tiles show them).
            return try database.reader.sync { connection in
                try connection.scalarText("""
                    SELECT count(*) || ':' || ifnull(max(t.id), 0) || ':' || total(t.id * instr('received verified dispatched resolved dismissed', t.status))
                    FROM tips t WHERE \(condition)
                    """, values) ?? ""
            }
        }
    }

    struct TipFingerprintKey: Hashable, Sendable {
        var tile: TileID
        var access: TileAccess
        var filter: TipFilter
        var dataVersion: Int64
    }

    private let fingerprints = LRUCache<TipFingerprintKey, String>(capacity: 8_192)

    func add(_ layer: TileLayer, tile: TileID, access: TileAccess, filter: TipFilter, to writer: inout MVTWriter) throws {
        let box = tile.bounds
        let grown = box.expanded(by: (box.maxX - box.minX) * Self.buffer / Self.extent)
        switch layer {
        case .communes:
            guard tile.z >= 6 else { return }
            let (features, _) = try RegionStore(database: database).features(level: .commune, bbox: grown, limit: 100_000)
            writer.addLayer(name: "communes", features: features.map { f in
                let (rings, exteriors) = TileGeometry.polygons(f.area.polygons.map(\.rings), tile: tile, extent: Self.extent, buffer: Self.buffer)
                return MVTWriter.Feature(id: UInt64(f.rowID), properties: [("code", .string(f.region.code)), ("name", .string(f.region.name))],
                                         type: .polygon, parts: rings, exteriors: exteriors)
            })
            // One label point per commune, inside it (point on surface of the whole area), in
            // the one tile that holds it: labelling the clipped polygons would repeat a name
            // in every tile the commune crosses.
            writer.addLayer(name: TileLayer.communeLabels, features: features.compactMap { f in
                guard let point = f.area.pointOnSurface else { return nil }
                let p = tile.pixel(point, extent: Self.extent)
                guard p.x >= 0, p.x < Self.extent, p.y >= 0, p.y < Self.extent else { return nil }
                return MVTWriter.Feature(id: UInt64(f.rowID), properties: [("code", .string(f.region.code)), ("name", .string(f.region.name))],
                                         type: .point, parts: [[(Int32(p.x.rounded(.down)), Int32(p.y.rounded(.down)))]])
            })
        case .tips:
            if access.readsTips && tile.z >= Self.tipPointZoom {
                let clock = StageClock()
                let rows = try TipStore(database: database).tilePoints(tipFilter(tile, access: access, filter: filter))
                clock.lap("tile tips read")
                defer { clock.lap("tile tips encoded") }
                var ids: [UInt64] = [], points: [(Int32, Int32)] = [], kept: [Int] = []
                for (k, r) in rows.enumerated() {
                    let p = tile.pixel(r.position, extent: Self.extent)
                    guard p.x >= 0, p.x < Self.extent, p.y >= 0, p.y < Self.extent else { continue }
                    ids.append(UInt64(r.id)); points.append((Int32(p.x.rounded(.down)), Int32(p.y.rounded(.down)))); kept.append(k)
                }
                writer.addPointLayer(name: "tips", ids: ids, points: points, keys: ["category", "reported_at", "status"]) { i, k in
                    let r = rows[kept[i]]
                    return k == 0 ? r.category : (k == 1 ? r.reportedAt : r.status)
                }
            } else if access.suppressBelow > 0 && tile.z > Self.publicCountZoom {
                // Roles that must not see small counts get no finer grid than the 64 × 64 cells
                // of zoom 12 (about 150 m): the counts of the zoom-12 cells around this tile,
                // each drawn at its centre.
                let ancestor = try TileID(z: Self.publicCountZoom, x: tile.x >> (tile.z - Self.publicCountZoom), y: tile.y >> (tile.z - Self.publicCountZoom))
                var around = tipFilter(ancestor, access: access, filter: filter)
                around.boundingBox = ancestor.bounds
                let positions = try TipStore(database: database).tilePositions(around)
                writer.addLayer(name: "tips", features: aggregate(positions, tile: ancestor, suppressBelow: access.suppressBelow, drawnIn: tile))
            } else {
                let positions = try TipStore(database: database).tilePositions(tipFilter(tile, access: access, filter: filter))
                writer.addLayer(name: "tips", features: aggregate(positions, tile: tile, suppressBelow: access.suppressBelow, drawnIn: tile))
            }
        case .incidents:
            guard access.readsTips, tile.z >= TileLayer.incidents.minZoom else { return }
            let incidents = try IncidentStore(database: database).list(incidentQuery(tile, access: access, filter: filter))
            writer.addLayer(name: "incidents", features: incidents.compactMap { r in
                let parts = TileGeometry.points([Coordinate(x: r.lon, y: r.lat)], tile: tile, extent: Self.extent)
                return parts.isEmpty ? nil : MVTWriter.Feature(id: UInt64(r.id), properties: Self.incidentProperties(r), type: .point, parts: parts)
            })
        case .hotspots:
            guard tile.z >= 11 else { return }
            // The same grid as `GET /hotspots` with its defaults (Gi* on 250 m cells over the
            // study area), so that the layer looks the same in both; its informative cells.
            let grid = try hotspots.grid(scoped(filter, access), parameters: HotspotParameters())
            // Only the cells whose centre lies in the tile (grown by a cell): the tile's box in
            // the grid's metric CRS, from its corners and edge midpoints.
            var corners = [Coordinate(x: grown.minX, y: grown.minY), Coordinate(x: grown.maxX, y: grown.minY), Coordinate(x: grown.minX, y: grown.maxY),
                           Coordinate(x: grown.maxX, y: grown.maxY), Coordinate(x: grown.center.x, y: grown.minY), Coordinate(x: grown.center.x, y: grown.maxY)]
            try hotspots.projections.pool(for: grid.crs).withProjector { $0.forward(&corners) }
            var metricBox = BoundingBox.empty
            for c in corners { metricBox.expand(c) }
            metricBox = metricBox.expanded(by: grid.parameters.cellSize)
            let cells = grid.exported(.informative).filter { metricBox.contains(grid.geometry.centre($0.id)) }[...]
            let outlines = try grid.outlines(cells)
            var features: [MVTWriter.Feature] = []
            for (cell, outline) in zip(cells, outlines) {
                guard let ring = outline.rings.first, Self.box(ring).intersects(grown) else { continue }
                let (rings, exteriors) = TileGeometry.polygons([[ring]], tile: tile, extent: Self.extent, buffer: Self.buffer)
                let count: JSONValue = cell.count > 0 && cell.count < access.suppressBelow ? .null : .number(Double(cell.count))
                features.append(MVTWriter.Feature(id: nil, properties: [("count", count), ("z", cell.z.map { .number(HotspotGrid.round($0, 3)) } ?? .null),
                                                                        ("bin", .number(Double(cell.bin)))],
                                                  type: .polygon, parts: rings, exteriors: exteriors))
            }
            writer.addLayer(name: "hotspots", features: features)
        case .clusters:
            guard access.readsTips else { return }
            let analysis = try clusters.clusters(scoped(filter, access), parameters: ClusterParameters())
            writer.addLayer(name: "clusters", features: analysis.clusters.compactMap { c in
                guard !c.hull.isEmpty, Self.box(c.hull).intersects(grown) else { return nil }
                let properties: [(String, JSONValue)] = [("key", .number(Double(c.key))), ("size", .number(Double(c.size))), ("border", .bool(c.isBorder))]
                if c.hull.count >= 4 {
                    let (rings, exteriors) = TileGeometry.polygons([[c.hull]], tile: tile, extent: Self.extent, buffer: Self.buffer)
                    return MVTWriter.Feature(id: UInt64(c.key), properties: properties, type: .polygon, parts: rings, exteriors: exteriors)
                }
                return MVTWriter.Feature(id: UInt64(c.key), properties: properties, type: .point, parts: TileGeometry.points([c.centroid], tile: tile, extent: Self.extent))
            })
        case .cameras:
            guard access.readsTips else { return }
            let allowed = Set(access.communes)
            let cameras = try CameraStore(database: database).list().filter { allowed.isEmpty || $0.communeCode.map(allowed.contains) == true }
            writer.addLayer(name: "cameras", features: cameras.compactMap { c in
                let parts = TileGeometry.points([c.position], tile: tile, extent: Self.extent)
                return parts.isEmpty ? nil : MVTWriter.Feature(id: nil, properties: [("id", .string(c.code))] + CameraFeatures.properties(c), type: .point, parts: parts)
            })
        }
    }

    static func box(_ points: [Coordinate]) -> BoundingBox {
        var box = BoundingBox.empty
        for p in points { box.expand(p) }
        return box
    }

    /// The filter within the access's communes: the communes it names among them (all of them
    /// when it names none).
    private func scoped(_ filter: TipFilter, _ access: TileAccess) -> TipFilter {
        var f = filter
        guard !access.communes.isEmpty else { return f }
        let named = f.communeCodes.filter(access.communes.contains)
        f.communeCodes = f.communeCodes.isEmpty ? access.communes : (named.isEmpty ? ["-"] : named)
        return f
    }

    /// The incidents of `tile` under `filter` and the access's communes: a scoped caller gets
    /// the incidents every report of which lies in its communes (as `/collections/incidents`).
    private func incidentQuery(_ tile: TileID, access: TileAccess, filter: TipFilter) -> IncidentQuery {
        var query = IncidentQuery(scoped(filter, access), scope: access.communes)
        query.boxes = [tile.bounds]
        query.pinsFinerThanMeters = TipStore.pinScaleMeters
        query.order = .id
        query.limit = 100_000
        return query
    }

    /// An incident point's attributes (``TileLayer/fields``).
    static func incidentProperties(_ r: IncidentRecord) -> [(String, JSONValue)] {
        [("category", .string(r.categories.joined(separator: ","))), ("status", .string(r.status.rawValue)), ("reports", .number(Double(r.tips))),
         ("independent_reports", .number(Double(r.independentReports))), ("copies", .number(Double(r.copies))),
         ("first_reported_at", .string(r.firstReportedAt.iso8601)), ("last_reported_at", .string(r.lastReportedAt.iso8601))]
    }

    private func tipFilter(_ tile: TileID, access: TileAccess, filter: TipFilter) -> TipFilter {
        var f = scoped(filter, access)
        f.boundingBox = tile.bounds
        return f
    }

    /// Counts of points on a 64 × 64 grid over `tile`, as points at the cells' centres in
    /// the coordinates of `drawn` (the same tile, or a descendant showing part of it).
    private func aggregate(_ points: [Coordinate], tile: TileID, suppressBelow: Int, drawnIn drawn: TileID) -> [MVTWriter.Feature] {
        var counts: [Int: Int] = [:]
        let size = Self.extent / 64
        for c in points {
            let p = tile.pixel(c, extent: Self.extent)
            guard p.x >= 0, p.x < Self.extent, p.y >= 0, p.y < Self.extent else { continue }
            counts[Int(p.y / size) * 64 + Int(p.x / size), default: 0] += 1
        }
        let scale = Double(1 << (drawn.z - tile.z))
        let (offsetX, offsetY) = (Double(drawn.x) - Double(tile.x) * scale, Double(drawn.y) - Double(tile.y) * scale)
        return counts.keys.sorted().compactMap { key in
            let n = counts[key]!
            guard n >= suppressBelow else { return nil }
            // Cell centre in `tile` units, then in `drawn`'s.
            let (cx, cy) = ((Double(key % 64) + 0.5) * size, (Double(key / 64) + 0.5) * size)
            let (x, y) = (cx * scale - offsetX * Self.extent, cy * scale - offsetY * Self.extent)
            guard x >= 0, x < Self.extent, y >= 0, y < Self.extent else { return nil }
            return MVTWriter.Feature(id: nil, properties: [("count", .number(Double(n)))], type: .point, parts: [[(Int32(x), Int32(y))]])
        }
    }
}
