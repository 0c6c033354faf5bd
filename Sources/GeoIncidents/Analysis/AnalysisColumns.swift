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
    /// `meta.database_id`, `meta.data_version` and `meta.tips_rewritten` when read.
    var databaseID: String
    var dataVersion: Int64
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

    /// Number of tips.
    var count: Int { ids.count }

    init(databaseID: String, dataVersion: Int64, rewritten: Int64) {
        (self.databaseID, self.dataVersion, self.rewritten) = (databaseID, dataVersion, rewritten)
    }

    /// Where the columns stand against the database, in the caller's read transaction.
    enum Standing { case current, behind, stale }

    /// `current` when nothing changed since they were read, `behind` when only newer tips were
    /// added (``tips_rewritten`` unmoved, the last tip still there), `stale` otherwise.
    func standing(_ connection: Connection) throws -> Standing {
        let (id, version, rewritten) = try Self.counters(connection)
        guard id == databaseID, rewritten == self.rewritten, version >= dataVersion else { return .stale }
        if let last = ids.last {
            guard try connection.scalarInt("SELECT count(*) FROM tips WHERE id = ?", [.int(last)]) == 1 else { return .stale }
        }
        return version == dataVersion ? .current : .behind
    }

    /// The columns as the database holds them now, in the caller's read transaction: `base`
    /// when it is current, `base` with the tips added since when it is behind, else read whole.
    static func current(_ connection: Connection, after base: AnalysisColumns?) throws -> AnalysisColumns {
        let (id, version, rewritten) = try counters(connection)
        if var columns = base {
            switch try columns.standing(connection) {
            case .current: return columns
            case .behind:
                try columns.addRows(connection, after: columns.ids.last ?? Int64.min)
                columns.dataVersion = version
                return columns
            case .stale: break
            }
        }
        var columns = AnalysisColumns(databaseID: id, dataVersion: version, rewritten: rewritten)
        try columns.addRows(connection, after: Int64.min)
        return columns
    }

    private static func counters(_ connection: Connection) throws -> (String, Int64, Int64) {
        let id = try connection.scalarText("SELECT value FROM meta WHERE key = 'database_id'") ?? ""
        return (id, try connection.dataVersion(), try connection.metaCounter("tips_rewritten"))
    }

    /// Appends every tip with an id above `after`, in id order.
    private mutating func addRows(_ connection: Connection, after: Int64) throws {
        let statement = try connection.prepare("""
            SELECT t.id, t.lon, t.lat, unixepoch(t.reported_at),
                   t.reported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
                       AND strftime('%Y-%m-%dT%H:%M:%SZ', t.reported_at) IS t.reported_at,
                   t.category, t.channel, t.status, \(LocationRadius.sql), t.province_code, t.commune_code, t.neighbourhood_code
            FROM tips t WHERE t.id > ? ORDER BY t.id
            """)
        try statement.bind([.int(after)])
        try statement.forEachRow { row in
            ids.append(row.int64(0))
            lon.append(row.double(1))
            lat.append(row.double(2))
            times.append(row.int64(3))
            if row.int(4) == 0 { canonicalTimes = false }
            categories.append(Self.vocabulary(row, 5, Self.categoryNames))
            channels.append(Self.vocabulary(row, 6, Self.channelNames))
            statuses.append(Self.vocabulary(row, 7, Self.statusNames))
            radii.append(Float(row.double(8)))
            provinces.append(code(row, 9))
            communes.append(code(row, 10))
            neighbourhoods.append(code(row, 11))
        }
    }

    private mutating func code(_ row: Statement, _ column: Int32) -> Int32 {
        guard !row.isNull(column) else { return -1 }
        return row.withTextBytes(column) { bytes in
            if let known = codeIndex[Array(bytes)] { return known }
            return intern(Array(bytes))
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

    static let categoryNames = TipCategory.allCases.map { Array($0.rawValue.utf8) }
    static let channelNames = TipChannel.allCases.map { Array($0.rawValue.utf8) }
    static let statusNames = TipStatus.allCases.map { Array($0.rawValue.utf8) }

    /// The value's index in `values`, compared as bytes (255 for NULL or an unknown value).
    private static func vocabulary(_ row: Statement, _ column: Int32, _ values: [[UInt8]]) -> UInt8 {
        guard !row.isNull(column) else { return 255 }
        return row.withTextBytes(column) { bytes in values.firstIndex { $0.elementsEqual(bytes) } }.map(UInt8.init) ?? 255
    }
}
