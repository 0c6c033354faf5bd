/// Stored tips: insert, list, reassign. Tipster contacts go to their own table and are
/// never joined into listings.
public struct TipStore: Sendable {
    let database: GeoDatabase

    /// A store over `database`.
    public init(database: GeoDatabase) {
        self.database = database
    }

    /// The result of writing one batch.
    public struct BatchResult: Sendable {
        public var inserted = 0
        public var duplicates = 0
        /// Ids of the inserted tips, in batch order (nil for duplicates).
        public var ids: [Int64?] = []
    }

    /// Stores tips with their assignments in one transaction (all or none of the batch).
    /// A tip whose (source, external id) is already stored is skipped as a duplicate.
    public func insert(_ tips: [NewTip], assignments: [Assignment]) throws -> BatchResult {
        try insert(tips, assignments: assignments, hilbertKeys: [])
    }

    /// ``insert(_:assignments:)`` with the tips' Hilbert keys already computed (empty: computed
    /// here); as a batch of `bulkLoad`, which leaves the tips out of the shadow tables.
    func insert(_ tips: [NewTip], assignments: [Assignment], hilbertKeys: [Int64], bulkLoad: BulkLoad? = nil) throws -> BatchResult {
        precondition(tips.count == assignments.count && (hilbertKeys.isEmpty || hilbertKeys.count == tips.count))
        return try database.writer.sync { connection in
            // The writer's source ids come from the same transaction and its tip ids from its
            // own inserts, so foreign keys hold by construction. Enforcing them would make
            // SQLite keep a statement journal for every row (an immediate FK can abort).
            // The CHECK constraints of `tips` guard other writers (SQL by hand, tools): this
            // one writes vocabulary codes from Swift enums and point BLOBs from
            // TipRowEncoding, valid by construction, and evaluating the checks (three blob
            // functions per row for `geom`) was 0.6-0.8 s of CPU per million tips.
            // `PRAGMA integrity_check` re-verifies them (tested).
            let written = Result {
                try connection.execute("PRAGMA foreign_keys=OFF")
                try connection.execute("PRAGMA ignore_check_constraints=ON")
                return try connection.transaction {
                    let writer = TipWriter(connection: connection)
                    guard let bulkLoad else { return try writer.write(tips, assignments, hilbertKeys: hilbertKeys) }
                    return try bulkLoad.batch(connection) { try writer.write(tips, assignments, hilbertKeys: hilbertKeys) }
                }
            }
            // Restored whatever happened, and a failure to restore is an error, not a
            // writer connection left without its checks.
            let restored = Result {
                try connection.execute("PRAGMA ignore_check_constraints=OFF")
                try connection.execute("PRAGMA foreign_keys=ON")
            }
            let result = try written.get()
            try restored.get()
            return result
        }
    }

    /// Number of stored tips.
    public func count(_ filter: TipFilter = TipFilter()) throws -> Int {
        let (condition, values) = filter.sqlCondition()
        return try database.reader.sync { Int(try $0.scalarInt("SELECT count(*) FROM tips t WHERE \(condition)", values) ?? 0) }
    }

    /// Tips matching `filter`, in id order, after `afterID` (keyset paging), at most `limit`.
    public func list(_ filter: TipFilter = TipFilter(), afterID: Int64? = nil, limit: Int = 100) throws -> [TipRecord] {
        try filter.validate()
        return try database.reader.sync { try Self.records(filter, afterID: afterID, limit: limit, connection: $0) }
    }

    /// One page over several disjoint filters (the two halves of a box across the
    /// antimeridian): the first `limit` tips after `afterID` of any, in id order, and how
    /// many match in all, read in one transaction so the total is the page's.
    public func list(across filters: [TipFilter], afterID: Int64? = nil, limit: Int) throws -> (records: [TipRecord], matched: Int) {
        for filter in filters { try filter.validate() }
        return try database.read { connection in
            var merged: [TipRecord] = []
            var matched = 0
            for filter in filters {
                merged += try Self.records(filter, afterID: afterID, limit: limit, connection: connection)
                let (condition, values) = filter.sqlCondition()
                matched += Int(try connection.scalarInt("SELECT count(*) FROM tips t WHERE \(condition)", values) ?? 0)
            }
            merged.sort { $0.id < $1.id }
            return (Array(merged.prefix(limit)), matched)
        }
    }

    private static func records(_ filter: TipFilter, afterID: Int64?, limit: Int, connection: Connection) throws -> [TipRecord] {
        var result: [TipRecord] = []
        try forEachRecord(filter, afterID: afterID, limit: limit, connection: connection) { result.append($0) }
        return result
    }

    private static func forEachRecord(_ filter: TipFilter, afterID: Int64?, limit: Int, connection: Connection,
                                      _ body: (TipRecord) throws -> Void) throws {
        let (condition, pageValues, id) = filter.pageCondition(afterID: afterID)
        let values = pageValues + [.int(Int64(max(0, limit)))]
        let sql = """
            SELECT t.id, t.external_id, s.name, t.reported_at, t.received_at, t.category, t.channel, t.description,
                   t.lon, t.lat, t.accuracy_m, t.province_code, t.commune_code, t.neighbourhood_code,
                   t.assignment_method, t.boundary_distance_m, t.status, t.locating_method
            FROM tips t JOIN tip_sources s ON s.id = t.source_id
            WHERE \(condition) ORDER BY \(id) LIMIT ?
            """
        do {
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            try statement.forEachRow { row in
                let external: String? = switch row.value(1) {
                case .int(let v): String(v)
                case .text(let s): s
                default: nil
                }
                try body(TipRecord(
                    id: row.int64(0), externalID: external, source: row.text(2),
                    reportedAt: Timestamp.parse(row.text(3), defaultOffsetMinutes: 0) ?? Timestamp(secondsSinceEpoch: 0),
                    receivedAt: Timestamp.parse(row.text(4), defaultOffsetMinutes: 0) ?? Timestamp(secondsSinceEpoch: 0),
                    category: TipCategory(rawValue: row.text(5)) ?? .other, channel: TipChannel(rawValue: row.text(6)) ?? .other,
                    description: row.optionalText(7), location: Coordinate(x: row.double(8), y: row.double(9)),
                    accuracyMeters: row.optionalDouble(10),
                    assignment: Assignment(provinceCode: row.optionalText(11), communeCode: row.optionalText(12),
                                           neighbourhoodCode: row.optionalText(13),
                                           method: AssignmentMethod(rawValue: row.text(14)) ?? .unassigned,
                                           boundaryDistanceMeters: row.optionalDouble(15)),
                    status: TipStatus(rawValue: row.text(16)) ?? .received,
                    locatingMethod: LocatingMethod(rawValue: row.text(17)) ?? .gps))
            }
        }
    }

    /// Re-runs assignment for every stored tip with a position (after boundaries changed), in
    /// batches of `batchSize`, each committed on its own. Returns how many tips changed unit.
    /// Tips located from text to a neighbourhood or a commune keep the unit their text named:
    /// their point is a stand-in, and a point-in-polygon test of it would invent a neighbourhood.
    /// A tip moved or re-located by another writer between a batch's read and its write keeps
    /// what that writer gave it: the write applies only while the tip still has the position
    /// and locating method that were read (`beforeWrite` lets tests write in between).
    public func reassign(using index: BoundaryIndex, batchSize: Int = 50_000,
                         progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> (checked: Int, changed: Int) {
        try reassign(using: index, batchSize: batchSize, progress: progress, beforeWrite: {})
    }

    func reassign(using index: BoundaryIndex, batchSize: Int, progress: (_ done: Int, _ total: Int) -> Void,
                  beforeWrite: () throws -> Void) throws -> (checked: Int, changed: Int) {
        let total = try count()
        var lastID: Int64 = 0
        var checked = 0, changed = 0
        /// A stored tip's position and assignment as read.
        struct Stored: Sendable {
            var id: Int64, position: Coordinate
            var province: String?, commune: String?, neighbourhood: String?, method: String?, distance: Double?
        }
        while true {
            let batch: [Stored] = try database.reader.sync { connection in
                let statement = try connection.prepare("""
                    SELECT id, lon, lat, province_code, commune_code, neighbourhood_code, assignment_method, boundary_distance_m
                    FROM tips WHERE id > ? AND locating_method IN ('gps', 'place') ORDER BY id LIMIT ?
                    """)
                try statement.bind([.int(lastID), .int(Int64(batchSize))])
                var rows: [Stored] = []
                try statement.forEachRow { row in
                    rows.append(Stored(id: row.int64(0), position: Coordinate(x: row.double(1), y: row.double(2)),
                                       province: row.optionalText(3), commune: row.optionalText(4), neighbourhood: row.optionalText(5),
                                       method: row.optionalText(6), distance: row.isNull(7) ? nil : row.double(7)))
                }
                return rows
            }
            guard let last = batch.last else { break }
            let assignments = try index.assign(batch.map(\.position))
            // Only tips whose assignment differs are written: a re-import that moves a few
            // boundaries rewrites (and logs, `tip_changes`) a few tips, not all of them.
            let differing = zip(batch, assignments).filter { row, a in
                row.province != a.provinceCode || row.commune != a.communeCode || row.neighbourhood != a.neighbourhoodCode
                    || row.method != a.method.rawValue || row.distance != a.boundaryDistanceMeters
            }
            if !differing.isEmpty {
                try beforeWrite()
                changed += try database.writer.sync { connection in
                    try connection.transaction {
                        let update = try connection.prepare("""
                            UPDATE tips SET province_code = ?, commune_code = ?, neighbourhood_code = ?, assignment_method = ?,
                            boundary_distance_m = ? WHERE id = ? AND lon = ? AND lat = ? AND locating_method IN ('gps', 'place')
                            """)
                        var changedHere = 0, written = 0
                        for (row, a) in differing {
                            try update.bind([a.provinceCode.map(SQLValue.text) ?? .null, a.communeCode.map(SQLValue.text) ?? .null,
                                             a.neighbourhoodCode.map(SQLValue.text) ?? .null, .text(a.method.rawValue),
                                             a.boundaryDistanceMeters.map(SQLValue.double) ?? .null, .int(row.id),
                                             .double(row.position.x), .double(row.position.y)])
                            try update.step()
                            guard connection.changes > 0 else { continue }
                            written += 1
                            if row.commune != a.communeCode || row.neighbourhood != a.neighbourhoodCode { changedHere += 1 }
                        }
                        if written > 0 { try connection.bumpDataVersion() }
                        return changedHere
                    }
                }
            }
            checked += batch.count
            lastID = last.id
            progress(checked, total)
        }
        return (checked, changed)
    }
}
