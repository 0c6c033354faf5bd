import Foundation

/// The places commune police register (`geoq places add|import|list|remove`). The text
/// locator reads them (``PlaceLocator``): a tip naming "chợ Tân Lợi" is put on the market.
public struct PlaceStore: Sendable {
    let database: GeoDatabase

    /// Places of `database`.
    public init(database: GeoDatabase) { self.database = database }

    /// Stores `places` in one transaction (all or none) and returns their ids. Each must lie
    /// in a current commune of the store, which its code names; names and aliases become NFC.
    @discardableResult
    public func add(_ places: [RegisteredPlace]) throws -> [Int64] {
        try database.writer.sync { connection in
            try connection.transaction {
                let insert = try connection.prepare("INSERT INTO places (commune_code, name, kind, aliases, created_at, geom) VALUES (?, ?, ?, ?, ?, ?)")
                let now = Timestamp.now().iso8601
                let communes = Set(places.map(\.communeCode))
                let areas = Dictionary(try RegionStore(database: database).loadAreas(level: .commune, codes: Array(communes), connection: connection)
                    .map { ($0.code, $0.area) }, uniquingKeysWith: { a, _ in a })
                var ids: [Int64] = []
                for (k, place) in places.enumerated() {
                    let label = places.count == 1 ? "place" : "place \(k + 1)"
                    if let problem = place.problem { throw GeoIncidentsError.invalidInput("\(label): \(problem)") }
                    guard let area = areas[place.communeCode] else {
                        throw GeoIncidentsError.invalidInput("\(label): commune '\(place.communeCode.prefix(40))' is not a current commune of this store")
                    }
                    // A tip naming the place gets its point and the commune: both must agree.
                    guard PackedAreas([area]).locate(0, place.representativePoint) != .exterior else {
                        throw GeoIncidentsError.invalidInput("\(label): '\(place.name.prefix(60))' lies outside commune \(place.communeCode) (its point \(place.representativePoint.x), \(place.representativePoint.y)): check the coordinates (lon, lat order) or the commune")
                    }
                    let blob: [UInt8]
                    switch place.shape {
                    case .point(let p): blob = SpatiaLiteBlob.point(p)
                    case .line(let points): blob = SpatiaLiteBlob.multiLineString([points])
                    }
                    insert.reset()
                    try insert.bind([.text(place.communeCode), .text(TextFolding.nfc(place.name)), place.kind.map { .text(TextFolding.nfc($0)) } ?? .null,
                                     .text(place.aliases.map(TextFolding.nfc).joined(separator: ";")), .text(now), .blob(blob)])
                    _ = try insert.step()
                    ids.append(connection.lastInsertedRowID)
                }
                try connection.bumpGazetteerVersion()
                try connection.bumpDataVersion()
                return ids
            }
        }
    }

    /// Removes a place; false when there is none with that id.
    public func remove(id: Int64) throws -> Bool {
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("DELETE FROM places WHERE id = ?", [.int(id)])
                guard connection.changes > 0 else { return false }
                try connection.bumpGazetteerVersion()
                try connection.bumpDataVersion()
                return true
            }
        }
    }

    /// The registered places, optionally of one commune, by id.
    public func list(communeCode: String? = nil) throws -> [RegisteredPlace] {
        try database.read { connection in
            var sql = "SELECT id, commune_code, name, kind, aliases, geom FROM places"
            var values: [SQLValue] = []
            if let communeCode { sql += " WHERE commune_code = ?"; values.append(.text(communeCode)) }
            let statement = try connection.prepare(sql + " ORDER BY id")
            try statement.bind(values)
            var places: [RegisteredPlace] = []
            try statement.forEachRow { row in
                let shape: RegisteredPlace.Shape = try row.withBlob(5) { bytes in
                    if let point = try? SpatiaLiteBlob.decodePoint(bytes) { return .point(point) }
                    return .line(try SpatiaLiteBlob.decodeLines(bytes).first ?? [])
                }
                let aliases = row.text(4).split(separator: ";").map(String.init)
                places.append(RegisteredPlace(id: row.int64(0), communeCode: row.text(1), name: row.text(2), kind: row.optionalText(3),
                                              aliases: aliases, shape: shape))
            }
            return places
        }
    }

    /// Reads places from a GeoJSON FeatureCollection (or NDJSON of features): Point or
    /// LineString geometry; properties `name`, `commune` (2025 code), optional `kind` and
    /// `aliases` (an array or a `;`-separated string). A bad feature names its line and
    /// nothing is stored.
    public func importFile(_ path: String) throws -> [Int64] {
        var places: [RegisteredPlace] = []
        try FeatureStream(path: path).forEach { item in
            func fail(_ message: String) -> GeoIncidentsError { .invalidInput("\(path):\(item.line): feature \(item.index): \(message)") }
            let feature = try GeoJSONFeature.decode(item.data)
            let shape: RegisteredPlace.Shape
            switch feature.geometry {
            case .point(let p)?: shape = .point(p)
            case .lines(let lines)? where lines.count == 1: shape = .line(lines[0])
            default: throw fail("geometry must be a Point or a LineString, got \(feature.geometry?.typeName ?? "null")")
            }
            guard let name = feature.properties["name"]?.text, !name.isEmpty else { throw fail("property 'name' is missing") }
            guard let commune = feature.properties["commune"]?.text, !commune.isEmpty else { throw fail("property 'commune' (2025 commune code) is missing") }
            var aliases: [String] = []
            switch feature.properties["aliases"] {
            case .array(let values)?: aliases = values.compactMap(\.text)
            case let value?: aliases = value.text.map { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            case nil: break
            }
            let place = RegisteredPlace(communeCode: commune, name: name, kind: feature.properties["kind"]?.text, aliases: aliases, shape: shape)
            if let problem = place.problem { throw fail(problem) }
            places.append(place)
        }
        return try add(places)
    }
}
