import Foundation

/// The camera registry: import from CSV or GeoJSON, list, add, remove.
public struct CameraStore: Sendable {
    let database: GeoDatabase

    public init(database: GeoDatabase) {
        self.database = database
    }

    /// What an import did.
    public struct ImportReport: Sendable {
        /// Cameras added, and cameras whose id was already registered (replaced).
        public var added = 0
        public var replaced = 0
        /// Rejected rows: "file:line: field: reason".
        public var rejected: [String] = []
        /// Cameras without heading or field of view, taken as omnidirectional.
        public var assumedDirection = 0
    }

    /// Imports every valid row of a CSV file (header: id, lon, lat, heading, field_of_view,
    /// range_m, status, kind, owner, installed) or a GeoJSON FeatureCollection of Points
    /// with those properties, in one transaction. Invalid rows are reported with their line
    /// and reason and left out; rows with an id already registered replace it.
    public func importFile(_ path: String, defaultRange: Double? = nil) throws -> ImportReport {
        if let defaultRange, !(defaultRange > 0 && defaultRange <= 2_000) {
            throw GeoIncidentsError.invalidInput("default range must be more than 0 and at most 2000 metres, got \(defaultRange)")
        }
        var cameras: [(line: Int, camera: Camera)] = []
        var report = ImportReport()
        let name = (path as NSString).lastPathComponent
        if try Self.looksLikeGeoJSON(path) {
            try FeatureStream(path: path).forEach { item in
                let feature: GeoJSONFeature
                do { feature = try GeoJSONFeature.decode(item.data) } catch let error as GeoIncidentsError {
                    report.rejected.append("\(name):\(item.line): feature \(item.index): \(error.message)"); return
                }
                guard case .point(let p)? = feature.geometry else {
                    report.rejected.append("\(name):\(item.line): feature \(item.index): geometry: not a Point"); return
                }
                var properties = feature.properties.compactMapValues(\.text)
                properties["lon"] = String(p.x); properties["lat"] = String(p.y)
                if properties["id"] == nil, let id = feature.id?.text { properties["id"] = id }
                switch CameraFields.camera({ properties[$0] }, defaultRange: defaultRange) {
                case .success(let camera): cameras.append((item.line, camera))
                case .failure(let e): report.rejected.append("\(name):\(item.line): \(e.field): \(e.reason)")
                }
            }
        } else {
            let reader = try CSVReader(path: path)
            guard try reader.next() else { throw GeoIncidentsError.invalidInput("\(name): empty file (expected a CSV header or GeoJSON)") }
            let header = (0..<reader.fieldCount).map { reader.string($0).trimmingCharacters(in: .whitespaces).lowercased() }
            let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            guard column["lon"] != nil || column["longitude"] != nil || column["lng"] != nil else {
                throw GeoIncidentsError.invalidInput("\(name):1: the header has no lon column (expected id, lon, lat, heading, field_of_view, range_m, …)")
            }
            while try reader.next() {
                if let problem = reader.problem { report.rejected.append("\(name):\(reader.line): \(problem)"); continue }
                let row = (0..<reader.fieldCount).map { reader.string($0) }
                let result = CameraFields.camera({ key in column[key].flatMap { $0 < row.count ? row[$0] : nil } }, defaultRange: defaultRange)
                switch result {
                case .success(let camera): cameras.append((reader.line, camera))
                case .failure(let e): report.rejected.append("\(name):\(reader.line): \(e.field): \(e.reason)")
                }
            }
        }
        let (added, replaced) = try store(cameras.map(\.camera))
        report.added = added
        report.replaced = replaced
        report.assumedDirection = cameras.filter { $0.camera.directionAssumed }.count
        return report
    }

    /// Adds or replaces one camera.
    public func add(_ camera: Camera) throws {
        switch CameraFields.camera({ key in
            switch key {
            case "id": camera.code
            case "lon": String(camera.position.x)
            case "lat": String(camera.position.y)
            case "heading": camera.headingDegrees.map { String($0) }
            case "field_of_view": camera.fieldOfViewDegrees.map { String($0) }
            case "range_m": String(camera.rangeMeters)
            default: nil
            }
        }, defaultRange: nil) {
        case .failure(let e): throw GeoIncidentsError.invalidInput("\(e.field): \(e.reason)")
        case .success: _ = try store([camera])
        }
    }

    /// Removes a camera by id; throws when there is none.
    public func remove(code: String) throws {
        let removed = try database.writer.sync { connection -> Bool in
            try connection.transaction {
                try connection.run("DELETE FROM cameras WHERE code = ?", [.text(code)])
                guard connection.changes > 0 else { return false }
                try connection.bumpDataVersion()
                return true
            }
        }
        guard removed else { throw GeoIncidentsError.notFound("no camera with id \(code)") }
    }

    /// Registered cameras, optionally only active ones, in id order.
    public func list(activeOnly: Bool = false) throws -> [Camera] {
        try database.reader.sync { connection in
            let statement = try connection.prepare("""
                SELECT code, lon, lat, heading_deg, fov_deg, range_m, status, kind, owner, installed, commune_code FROM cameras
                \(activeOnly ? "WHERE status = 'active'" : "") ORDER BY length(code), code
                """)
            var cameras: [Camera] = []
            try statement.forEachRow { row in
                var camera = Camera(code: row.text(0), position: Coordinate(x: row.double(1), y: row.double(2)),
                                    headingDegrees: row.optionalDouble(3), fieldOfViewDegrees: row.optionalDouble(4), rangeMeters: row.double(5),
                                    status: CameraStatus(rawValue: row.text(6)) ?? .offline, kind: CameraKind(rawValue: row.text(7)) ?? .other,
                                    owner: row.optionalText(8), installed: row.optionalText(9))
                camera.communeCode = row.optionalText(10)
                cameras.append(camera)
            }
            return cameras
        }
    }

    /// Upserts cameras in one transaction, with each one's commune when communes exist.
    private func store(_ cameras: [Camera]) throws -> (added: Int, replaced: Int) {
        let regions = RegionStore(database: database)
        let hasCommunes = (try regions.counts()[.commune] ?? 0) > 0
        let communes = hasCommunes ? try regions.boundaryIndex().units(of: cameras.map(\.position)) : nil
        let now = Timestamp.now().iso8601
        return try database.writer.sync { connection in
            try connection.transaction {
                let exists = try connection.prepare("SELECT 1 FROM cameras WHERE code = ?")
                let upsert = try connection.prepare("""
                    INSERT INTO cameras (code, lon, lat, heading_deg, fov_deg, range_m, status, kind, owner, installed, commune_code, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET lon = excluded.lon, lat = excluded.lat, heading_deg = excluded.heading_deg,
                        fov_deg = excluded.fov_deg, range_m = excluded.range_m, status = excluded.status, kind = excluded.kind,
                        owner = excluded.owner, installed = excluded.installed, commune_code = excluded.commune_code, updated_at = excluded.updated_at
                    """)
                var added = 0, replaced = 0
                for (i, c) in cameras.enumerated() {
                    try exists.bind([.text(c.code)])
                    if try exists.step() { replaced += 1 } else { added += 1 }
                    exists.reset()
                    try upsert.bind([.text(c.code), .double(c.position.x), .double(c.position.y), c.headingDegrees.map(SQLValue.double) ?? .null,
                                     c.fieldOfViewDegrees.map(SQLValue.double) ?? .null, .double(c.rangeMeters), .text(c.status.rawValue),
                                     .text(c.kind.rawValue), c.owner.map(SQLValue.text) ?? .null, c.installed.map(SQLValue.text) ?? .null,
                                     communes?.communeCode(i).map(SQLValue.text) ?? .null, .text(now)])
                    try upsert.step()
                }
                if !cameras.isEmpty { try connection.bumpDataVersion() }
                return (added, replaced)
            }
        }
    }

    private static func looksLikeGeoJSON(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw GeoIncidentsError(.io, "\(path): cannot open the file") }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 512), as: UTF8.self).drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        return head.first == "{"
    }
}
