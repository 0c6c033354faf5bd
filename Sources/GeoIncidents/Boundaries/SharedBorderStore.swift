/// How shared borders are derived: the sliver tolerance and the shortest contact that
/// counts as a border (see `SharedBorder`).
public struct SharedBorderParameters: Sendable, Hashable {
    /// Metres: how far apart two units' boundaries may run and still be one border.
    public var toleranceMeters: Double = 50
    /// Metres: shorter contacts (corners meeting at a point) are not borders to patrol.
    public var minimumLengthMeters: Double = 100

    public init(toleranceMeters: Double = 50, minimumLengthMeters: Double = 100) {
        (self.toleranceMeters, self.minimumLengthMeters) = (toleranceMeters, minimumLengthMeters)
    }

    /// Throws a clear error naming the option when a value is out of range.
    public func validate() throws {
        guard toleranceMeters.isFinite, toleranceMeters >= 0, toleranceMeters <= 1_000 else {
            throw GeoIncidentsError.invalidInput("tolerance must be 0…1000 metres, got \(toleranceMeters)")
        }
        guard minimumLengthMeters.isFinite, minimumLengthMeters >= 0 else {
            throw GeoIncidentsError.invalidInput("minimum length must be a length in metres ≥ 0, got \(minimumLengthMeters)")
        }
    }
}

extension RegionStore {
    /// The shared borders of every adjacent pair of current units of `level` (commune or
    /// province), as stored in the database. They are derived and stored on first use and
    /// again whenever that level of the boundary layer changed (or other parameters are
    /// asked for), so requests read them instead of recomputing.
    public func storedBorders(level: AdminLevel, parameters: SharedBorderParameters = SharedBorderParameters()) throws -> [SharedBorder] {
        try parameters.validate()
        guard level != .neighbourhood else { throw GeoIncidentsError.invalidInput("border level must be commune or province") }
        let stamp = try borderStamp(level: level, parameters: parameters)
        let stored: [SharedBorder]? = try database.reader.sync { connection in
            guard try connection.scalarText("SELECT value FROM meta WHERE key = ?", [.text("shared_borders_" + level.rawValue)]) == stamp else { return nil }
            return try Self.readBorders(level: level, connection: connection)
        }
        return try stored ?? rebuildBorders(level: level, parameters: parameters)
    }

    /// Derives the shared borders of `level` from the current layer and stores them,
    /// replacing those stored before (one transaction).
    @discardableResult
    public func rebuildBorders(level: AdminLevel, parameters: SharedBorderParameters = SharedBorderParameters()) throws -> [SharedBorder] {
        try parameters.validate()
        let stamp = try borderStamp(level: level, parameters: parameters)
        let borders = try deriveBorders(level: level, parameters: parameters)
        try database.writer.sync { connection in
            try connection.transaction {
                try connection.run("DELETE FROM shared_borders WHERE level = ?", [.text(level.rawValue)])
                let insert = try connection.prepare("INSERT INTO shared_borders (level, code_a, code_b, length_m, geom) VALUES (?, ?, ?, ?, ?)")
                for border in borders {
                    try insert.bind([.text(level.rawValue), .text(border.codeA), .text(border.codeB), .double(border.lengthMeters),
                                     .blob(SpatiaLiteBlob.multiLineString(border.lines))])
                    try insert.step()
                }
                try connection.run("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [.text("shared_borders_" + level.rawValue), .text(stamp)])
            }
        }
        return borders
    }

    /// Province borders are the commune borders between communes of different provinces
    /// when every commune names its province: the commune layer is the one tips are assigned
    /// with, and province layers are often simplified far more coarsely (the 2025 one has
    /// 25,592 vertices for 34 provinces against 451,607 for the communes, so adjacent
    /// provinces stray hundreds of metres apart). Otherwise they are traced from the
    /// province polygons.
    private func deriveBorders(level: AdminLevel, parameters: SharedBorderParameters) throws -> [SharedBorder] {
        if level == .province {
            let communes = try list(level: .commune)
            if !communes.isEmpty, communes.allSatisfy({ $0.parentCode != nil }) {
                let province = Dictionary(communes.map { ($0.code, $0.parentCode!) }, uniquingKeysWith: { a, _ in a })
                var pairs: [String: SharedBorder] = [:]
                for border in try storedBorders(level: .commune, parameters: parameters) {
                    guard let a = province[border.codeA], let b = province[border.codeB], a != b else { continue }
                    let (first, second) = CodeOrder.isSmaller(a, b) ? (a, b) : (b, a)
                    pairs[first + "|" + second, default: SharedBorder(codeA: first, codeB: second, lines: [], lengthMeters: 0)].lines += border.lines
                    pairs[first + "|" + second]!.lengthMeters += border.lengthMeters
                }
                return pairs.values.filter { $0.lengthMeters >= parameters.minimumLengthMeters }.sorted { a, b in
                    a.codeA != b.codeA ? CodeOrder.isSmaller(a.codeA, b.codeA) : CodeOrder.isSmaller(a.codeB, b.codeB)
                }
            }
        }
        return try sharedBorders(level: level, toleranceMeters: parameters.toleranceMeters, minimumLengthMeters: parameters.minimumLengthMeters)
    }

    /// The layer versions the borders of `level` derive from, plus the parameters: stored
    /// borders are current when their stamp equals this.
    private func borderStamp(level: AdminLevel, parameters: SharedBorderParameters) throws -> String {
        // `regions_version` too: replacing the unit with the largest id keeps count and max.
        let (version, changes) = try database.reader.sync { connection in
            (try connection.scalarText("""
                SELECT group_concat(level || ':' || n || ':' || last, ';') FROM (
                    SELECT level, count(*) AS n, max(id) AS last FROM regions
                    WHERE valid_to IS NULL AND (level = ? OR (? = 'province' AND level = 'commune')) GROUP BY level ORDER BY level)
                """, [.text(level.rawValue), .text(level.rawValue)]) ?? "empty",
             try connection.regionsVersion())
        }
        return "\(version)|v\(changes)|\(parameters.toleranceMeters)|\(parameters.minimumLengthMeters)"
    }

    private static func readBorders(level: AdminLevel, connection: Connection) throws -> [SharedBorder] {
        let statement = try connection.prepare("SELECT code_a, code_b, length_m, geom FROM shared_borders WHERE level = ? ORDER BY id")
        try statement.bind([.text(level.rawValue)])
        var borders: [SharedBorder] = []
        try statement.forEachRow { row in
            let lines = try row.withBlob(3) { try SpatiaLiteBlob.decodeLines($0) }
            borders.append(SharedBorder(codeA: row.text(0), codeB: row.text(1), lines: lines, lengthMeters: row.double(2)))
        }
        return borders
    }
}
