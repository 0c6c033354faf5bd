import Foundation

/// Offline tile packages: MBTiles 1.3 files (SQLite) of gzip-compressed vector tiles for an
/// area and a zoom range, to carry to commune posts with weak internet.
public enum TilePackage {
    public struct Options: Sendable {
        public var name: String
        /// The area (lon/lat) the package covers.
        public var bounds: BoundingBox
        public var minZoom: Int
        public var maxZoom: Int
        /// What the tiles may show; `.full` puts tip positions, clusters and cameras in the
        /// file (a package for the force only).
        public var access: TileAccess
        public var layers: [TileLayer] = TileLayer.allCases
        public var description: String = ""
        /// The communes the package is for: a force package holds only their tips, and
        /// MapServer serves it only to callers who may see all of them.
        public var communes: [String] = []

        public init(name: String, bounds: BoundingBox, minZoom: Int, maxZoom: Int, access: TileAccess) {
            (self.name, self.bounds, self.minZoom, self.maxZoom, self.access) = (name, bounds, minZoom, maxZoom, access)
        }
    }

    public struct Report: Sendable {
        /// Tiles written now, found from an earlier run (resumed), and empty (not stored).
        public var written = 0
        public var resumed = 0
        public var empty = 0
        public var total = 0
    }

    /// Builds (or resumes) the package at `path`. Tiles are committed in batches of 256, so
    /// an interrupted build keeps its work and a second run only adds the missing tiles.
    public static func build(_ options: Options, service: TileService, path: String,
                             progress: (Int, Int) -> Void = { _, _ in }) throws -> Report {
        guard (0...22).contains(options.minZoom), (options.minZoom...22).contains(options.maxZoom) else {
            throw GeoIncidentsError.invalidInput("zoom range must be MIN-MAX within 0…22 with MIN ≤ MAX, got \(options.minZoom)-\(options.maxZoom)")
        }
        let count = (options.minZoom...options.maxZoom).reduce(0) { $0 + TileID.coveringCount(options.bounds, zoom: $1) }
        guard count <= 2_000_000 else {
            throw GeoIncidentsError.invalidInput("\(count) tiles: narrow the scope or the zoom range (at most 2,000,000)")
        }
        var tiles: [TileID] = []
        for z in options.minZoom...options.maxZoom { tiles += try TileID.covering(options.bounds, zoom: z) }
        var access = options.access
        if access.readsTips && !options.communes.isEmpty { access.communes = options.communes }
        let connection = try SerialConnection(path: path, readOnly: false, label: "mbtiles")
        var report = Report(total: tiles.count)
        let b = options.bounds
        let identity: [(String, String)] = [
            ("geoq_access", access.readsTips ? "force" : "public"), ("geoq_communes", options.communes.joined(separator: ",")),
            ("bounds", "\(b.minX),\(b.minY),\(b.maxX),\(b.maxY)"), ("minzoom", String(options.minZoom)), ("maxzoom", String(options.maxZoom)),
        ]
        try connection.sync { c in
            // Resuming is only for the same package: another access, scope or range would mix
            // tiles of two packages under one label.
            if try c.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'metadata'") == 1 {
                for (name, value) in identity {
                    let stored = try c.scalarText("SELECT value FROM metadata WHERE name = ?", [.text(name)])
                    if let stored, stored != value {
                        throw GeoIncidentsError.invalidInput("\(path) was built with \(name) \(stored), not \(value): remove it or build with the same options to resume")
                    }
                }
            }
        }
        try connection.sync { c in
            try c.execute("""
                PRAGMA application_id = 0x4d504258;
                CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
                CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name);
                CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
                CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);
                CREATE TABLE IF NOT EXISTS geoq_done (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, PRIMARY KEY (zoom_level, tile_column, tile_row)) WITHOUT ROWID;
                """)
            let metadata: [(String, String)] = [
                ("name", options.name), ("format", "pbf"), ("type", "overlay"), ("version", "1"),
                ("description", options.description), ("attribution", "GeoIncidents"),
                ("center", "\(b.center.x),\(b.center.y),\(min(options.maxZoom, max(options.minZoom, 12)))"),
                ("json", GeoJSONWriter.json(.object(["vector_layers": .array(options.layers.flatMap(\.vectorLayers))]))),
            ] + identity
            for (name, value) in metadata { try c.run("INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)", [.text(name), .text(value)]) }
        }
        var batch: [(TileID, [UInt8]?)] = []
        func flush() throws {
            try connection.sync { c in
                try c.transaction {
                    let insert = try c.prepare("INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)")
                    let done = try c.prepare("INSERT OR IGNORE INTO geoq_done VALUES (?, ?, ?)")
                    for (tile, data) in batch {
                        let row = Int64((1 << tile.z) - 1 - tile.y)  // TMS rows count from the south
                        if let data {
                            try insert.bind([.int(Int64(tile.z)), .int(Int64(tile.x)), .int(row), .blob(data)])
                            try insert.step()
                        }
                        try done.bind([.int(Int64(tile.z)), .int(Int64(tile.x)), .int(row)])
                        try done.step()
                    }
                }
            }
            batch.removeAll()
        }
        let finished: Set<Int64> = try connection.sync { c in
            var set = Set<Int64>()
            try c.prepare("SELECT zoom_level, tile_column, tile_row FROM geoq_done").forEachRow { set.insert(Self.key($0.int64(0), $0.int64(1), $0.int64(2))) }
            return set
        }
        // Public packages hold what the public map shows: the public view's newest month.
        let publicView = access.readsTips ? nil : PublicView(database: service.database)
        let release = try publicView?.release()
        for (n, tile) in tiles.enumerated() {
            if finished.contains(Self.key(Int64(tile.z), Int64(tile.x), Int64((1 << tile.z) - 1 - tile.y))) {
                report.resumed += 1
            } else {
                var writer = MVTWriter(extent: UInt32(TileService.extent))
                for layer in options.layers {
                    if let publicView, let release {
                        try service.addPublic(layer, tile: tile, view: publicView, release: release, to: &writer)
                    } else {
                        try service.add(layer, tile: tile, access: access, filter: TipFilter(), to: &writer)
                    }
                }
                if writer.data.isEmpty {
                    report.empty += 1
                    batch.append((tile, nil))
                } else {
                    batch.append((tile, try Gzip.compress(writer.data)))
                    report.written += 1
                }
                if batch.count >= 256 { try flush() }
            }
            if n % 64 == 0 || n == tiles.count - 1 { progress(n + 1, tiles.count) }
        }
        try flush()
        try writeStyle(options, path: path)
        return report
    }

    /// The path of the style beside a package: `NAME.style.json` for `NAME.mbtiles`.
    public static func stylePath(for path: String) -> String {
        (path.hasSuffix(".mbtiles") ? String(path.dropLast(8)) : path) + ".style.json"
    }

    /// Writes the package's MapLibre style (`TileStyle`, one source: the package) beside it.
    /// QGIS 3.22 keeps vector tile styles in its own database, never in an MBTiles file, so
    /// the style travels as a file: Layer Properties → Style → Load Style (MapBox GL JSON).
    /// Layers a public package does not hold are left out.
    static func writeStyle(_ options: Options, path: String) throws {
        let layers = options.layers.filter { !$0.forTipReadersOnly || options.access.readsTips }
        let source = "mbtiles://" + ((path as NSString).lastPathComponent)
        let style = TileStyle.document(layers: layers, sources: ["package": .object(["type": .string("vector"), "url": .string(source)])],
                                       source: { _ in "package" }, center: options.bounds.center, zoom: max(options.minZoom, min(options.maxZoom, 12)))
        do {
            try GeoJSONWriter.json(style).write(toFile: stylePath(for: path), atomically: true, encoding: .utf8)
        } catch {
            throw GeoIncidentsError(.io, "\(stylePath(for: path)): cannot write the package's style: \(error.localizedDescription)")
        }
    }

    private static func key(_ z: Int64, _ x: Int64, _ row: Int64) -> Int64 { z << 58 | x << 29 | row }
}

/// Reads tiles from an MBTiles file (for MapServer to serve a package).
public final class MBTilesReader: Sendable {
    private let connection: SerialConnection
    public let path: String

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw GeoIncidentsError.notFound("\(path): no such tile package") }
        connection = try SerialConnection(path: path, readOnly: true, label: "mbtiles-read")
        self.path = path
        let format = try connection.sync { try $0.scalarText("SELECT value FROM metadata WHERE name = 'format'") }
        guard format == "pbf" else { throw GeoIncidentsError.invalidInput("\(path): not a vector tile package (format \(format ?? "missing"))") }
        forForceOnly = try connection.sync { try $0.scalarText("SELECT value FROM metadata WHERE name = 'geoq_access'") } != "public"
        communes = try connection.sync { try $0.scalarText("SELECT value FROM metadata WHERE name = 'geoq_communes'") }?
            .split(separator: ",").map(String.init) ?? []
    }

    /// The communes a force package holds the tips of (empty: not recorded, so all).
    public let communes: [String]

    /// Whether the package holds tip positions, clusters or cameras (built for the force):
    /// only analysts and commanders may read it. Packages of unknown origin count as such.
    public let forForceOnly: Bool

    /// The stored (gzip-compressed) tile, or nil when the package has none there.
    public func tile(_ tile: TileID) throws -> [UInt8]? {
        try connection.sync { c in
            let statement = try c.prepare("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
            try statement.bind([.int(Int64(tile.z)), .int(Int64(tile.x)), .int(Int64((1 << tile.z) - 1 - tile.y))])
            var data: [UInt8]?
            try statement.forEachRow { row in data = row.withBlob(0) { Array($0.bindMemory(to: UInt8.self)) } }
            return data
        }
    }
}
