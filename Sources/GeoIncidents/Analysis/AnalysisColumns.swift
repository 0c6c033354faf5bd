/// Every stored tip's analysis inputs at one data version, column by column in id order:
/// position, report time, category, channel, status, location radius and units. No
/// descriptions, no tipster data.
///
/// The analyses select their tips from it (``select(_:anchors:)``) instead of reading the
/// tips table for every command: reading 1M tips with their units from SQLite costs 0.5–1 s,
/// selecting them from the columns a few milliseconds. geoq keeps the columns in a file beside
/// the database (``AnalysisColumnFile``), MapServer in memory; both catch up with other
/// writers by the counters of `meta` (``current(_:after:)``).
///
/// Selections give exactly what ``TipStore/points(_:)`` and ``TipStore/unitTips(_:)`` give
/// (tested against them), or nil where the columns cannot answer exactly (a CQL2 filter,
/// stored times in another form), and the caller reads SQL.
struct AnalysisColumns: Sendable {
    /// `meta.database_id`, `meta.data_version`, `meta.data_token` and `meta.tips_rewritten`
    /// when read (migration 018).
    var databaseID: String
    var dataVersion: Int64
    var dataToken: String
    var rewritten: Int64
    var ids: [Int64] = []
    var lon: [Double] = [], lat: [Double] = []
    /// `unixepoch(reported_at)` as SQLite computes it (0 where it gives NULL).
    var times: [Int64] = []
    /// Whether every stored `reported_at` is `YYYY-MM-DDTHH:MM:SSZ`, a real time: only then
    /// does comparing epoch seconds agree with SQL comparing the text.
    var canonicalTimes = true
    /// Index in `allCases`; 255 for a value the enum does not know (or NULL).
    var categories: [UInt8] = [], channels: [UInt8] = [], statuses: [UInt8] = []
    /// ``LocationRadius/sql`` as a Float.
    var radii: [Float] = []
    /// Index into `codes` (−1 for NULL).
    var provinces: [Int32] = [], communes: [Int32] = [], neighbourhoods: [Int32] = []
    /// Unit codes as stored bytes: SQL's `IN` compares bytes.
    var codes: [[UInt8]] = []
    var codeIndex: [[UInt8]: Int32] = [:]
    /// Code indices by a hash of their bytes, for lookups while reading (no copy per row).
    private var codesByHash: [Int: [Int32]] = [:]

    /// Number of tips.
    var count: Int { ids.count }

    init(databaseID: String, dataVersion: Int64, dataToken: String, rewritten: Int64) {
        (self.databaseID, self.dataVersion, self.dataToken, self.rewritten) = (databaseID, dataVersion, dataToken, rewritten)
    }

    /// The counters of `meta` as this connection sees them.
    struct Counters: Equatable {
        var databaseID: String, dataVersion: Int64, dataToken: String, rewritten: Int64

        init(_ connection: Connection) throws {
            databaseID = try connection.scalarText("SELECT value FROM meta WHERE key = 'database_id'") ?? ""
            dataToken = try connection.scalarText("SELECT value FROM meta WHERE key = 'data_token'") ?? ""
            dataVersion = try connection.dataVersion()
            rewritten = try connection.metaCounter("tips_rewritten")
        }
    }

    /// Where the columns stand against the database, in the caller's read transaction.
    enum Standing { case current, behind, stale }

    /// `current` when nothing changed since they were read (same version and token);
    /// `behind` when only newer tips can have been added (`tips_rewritten` unmoved, a later
    /// version, and the last tip they hold still stored as they hold it); `stale` otherwise —
    /// another database, a changed or deleted tip, or a backup restored and written to again.
    func standing(_ connection: Connection, _ now: Counters) throws -> Standing {
        guard now.databaseID == databaseID, now.rewritten == rewritten else { return .stale }
        if now.dataVersion == dataVersion { return now.dataToken == dataToken ? .current : .stale }
        guard now.dataVersion > dataVersion else { return .stale }
        guard let last = ids.last else { return .behind }
        var probe = AnalysisColumns(databaseID: databaseID, dataVersion: now.dataVersion, dataToken: now.dataToken, rewritten: rewritten)
        try probe.addRows(connection, after: last &- 1, limit: 1)
        return probe.count == 1 && probe.sameRow(0, as: self, count - 1) ? .behind : .stale
    }

    /// Whether row `i` holds what `other`'s row `j` holds.
    private func sameRow(_ i: Int, as other: AnalysisColumns, _ j: Int) -> Bool {
        func code(_ c: AnalysisColumns, _ k: Int32) -> [UInt8]? { k < 0 ? nil : c.codes[Int(k)] }
        return ids[i] == other.ids[j] && lon[i] == other.lon[j] && lat[i] == other.lat[j] && times[i] == other.times[j]
            && categories[i] == other.categories[j] && channels[i] == other.channels[j] && statuses[i] == other.statuses[j]
            && radii[i] == other.radii[j] && code(self, provinces[i]) == code(other, other.provinces[j])
            && code(self, communes[i]) == code(other, other.communes[j]) && code(self, neighbourhoods[i]) == code(other, other.neighbourhoods[j])
    }

    /// The columns as the database holds them now, in the caller's read transaction: `base`
    /// when it is current, `base` with the tips added since when it is behind, else read
    /// whole (`readWhole`).
    static func current(_ connection: Connection, after base: AnalysisColumns?) throws -> (columns: AnalysisColumns, readWhole: Bool) {
        let now = try Counters(connection)
        if var columns = base {
            switch try columns.standing(connection, now) {
            case .current: return (columns, false)
            case .behind:
                try columns.addRows(connection, after: columns.ids.last ?? Int64.min)
                (columns.dataVersion, columns.dataToken) = (now.dataVersion, now.dataToken)
                return (columns, false)
            case .stale: break
            }
        }
        var columns = AnalysisColumns(databaseID: now.databaseID, dataVersion: now.dataVersion, dataToken: now.dataToken, rewritten: now.rewritten)
        try columns.addRows(connection, after: Int64.min)
        return (columns, true)
    }

    /// Appends the tips with an id above `after` (at most `limit`), in id order.
    private mutating func addRows(_ connection: Connection, after: Int64, limit: Int64 = -1) throws {
        let statement = try connection.prepare("""
            SELECT t.id, t.lon, t.lat, unixepoch(t.reported_at), t.reported_at,
                   t.category, t.channel, t.status, \(LocationRadius.sql), t.province_code, t.commune_code, t.neighbourhood_code
            FROM tips t WHERE t.id > ? ORDER BY t.id LIMIT ?
            """)
        try statement.bind([.int(after), .int(limit)])
        try statement.forEachRow { row in
            ids.append(row.int64(0))
            lon.append(row.double(1))
            lat.append(row.double(2))
            let time = row.int64(3)
            times.append(time)
            if canonicalTimes && (row.isNull(3) || row.withTextBytes(4, { Timestamp.canonicalSeconds($0) }) != time) { canonicalTimes = false }
            categories.append(StoredVocabulary.index(row, 5, in: StoredVocabulary.categories))
            channels.append(StoredVocabulary.index(row, 6, in: StoredVocabulary.channels))
            statuses.append(StoredVocabulary.index(row, 7, in: StoredVocabulary.statuses))
            radii.append(Float(row.double(8)))
            provinces.append(code(row, 9))
            communes.append(code(row, 10))
            neighbourhoods.append(code(row, 11))
        }
    }

    /// The code's index, looked up without copying its bytes (a copy per tip and unit was
    /// most of reading a million tips).
    private mutating func code(_ row: Statement, _ column: Int32) -> Int32 {
        guard !row.isNull(column) else { return -1 }
        return row.withTextBytes(column) { bytes in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            let hash = hasher.finalize()
            if let candidates = codesByHash[hash] {
                for index in candidates where codes[Int(index)].elementsEqual(bytes) { return index }
            }
            let index = intern(Array(bytes))
            codesByHash[hash, default: []].append(index)
            return index
        }
    }

    /// The index of `code`, added at the end when new.
    mutating func intern(_ code: [UInt8]) -> Int32 {
        if let known = codeIndex[code] { return known }
        let index = Int32(codes.count)
        codes.append(code)
        codeIndex[code] = index
        return index
    }
}
