/// Every stored tip's analysis inputs at one data version, column by column in id order:
/// position, report time, category, channel, status, location radius and units. No
/// descriptions, no tipster data.
///
/// The analyses select their tips from it (``select(_:anchors:)``) instead of reading the
/// tips table for every command: reading 1M tips with their units from SQLite costs 0.5–1 s,
/// selecting them from the columns a few milliseconds. geoq keeps the columns in a file beside
/// the database (``AnalysisColumnFile``), MapServer in memory; both catch up with other
/// writers by the counters of `meta` and the log of changed tips (``current(_:after:)``).
///
/// Selections give exactly what ``TipStore/points(_:)`` and ``TipStore/unitTips(_:)`` give
/// (tested against them), or nil where the columns cannot answer exactly (a CQL2 filter,
/// stored times in another form), and the caller reads SQL.
struct AnalysisColumns: Sendable {
    /// `meta.database_id`, `meta.data_version` and `meta.data_token` when read (migration
    /// 018), and the last entry of `tip_changes` they include with its token (migration 019;
    /// 0 and 0 when the log was empty).
    var databaseID: String
    var dataVersion: Int64
    var dataToken: String
    var changeSeq: Int64
    var changeToken: Int64 = 0
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
    /// The incidents' anchor tip ids (ascending) at the columns' version and token, once
    /// read (the incidents unit keeps only anchors), kept up to date with the columns through
    /// the change log; nil when not read.
    var anchors: [Int64]?
    /// Code indices by a hash of their bytes, for lookups while reading (no copy per row).
    private var codesByHash: [Int: [Int32]] = [:]

    /// Number of tips.
    var count: Int { ids.count }

    /// What the columns hold: columns of one database at the same state hold the same tips
    /// (what their file is trusted by).
    struct State: Hashable, Sendable {
        var databaseID: String, dataVersion: Int64, dataToken: String
        var changeSeq: Int64, changeToken: Int64, count: Int
    }

    var state: State {
        State(databaseID: databaseID, dataVersion: dataVersion, dataToken: dataToken, changeSeq: changeSeq, changeToken: changeToken, count: count)
    }

    init(databaseID: String, dataVersion: Int64, dataToken: String, changeSeq: Int64, changeToken: Int64 = 0) {
        (self.databaseID, self.dataVersion, self.dataToken) = (databaseID, dataVersion, dataToken)
        (self.changeSeq, self.changeToken) = (changeSeq, changeToken)
    }

    /// The counters of `meta` and the last entry of `tip_changes` as this connection sees them.
    struct Counters: Equatable {
        var databaseID: String, dataVersion: Int64, dataToken: String
        /// The last entry of `tip_changes` and its token (0 and 0 when none).
        var changeSeq: Int64, changeToken: Int64

        init(_ connection: Connection) throws {
            databaseID = try connection.scalarText("SELECT value FROM meta WHERE key = 'database_id'") ?? ""
            dataToken = try connection.scalarText("SELECT value FROM meta WHERE key = 'data_token'") ?? ""
            dataVersion = try connection.dataVersion()
            (changeSeq, changeToken) = (0, 0)
            try connection.prepare("SELECT seq, token FROM tip_changes ORDER BY seq DESC LIMIT 1").forEachRow { row in
                (changeSeq, changeToken) = (row.int64(0), row.int64(1))
            }
        }
    }

    /// Where the columns stand against the database, in the caller's read transaction.
    enum Standing {
        case current
        /// Newer tips may have been added, and the tips `changed` (ids ascending) changed or
        /// were deleted.
        case behind(changed: [Int64])
        case stale
    }

    /// The most changed tips re-read one by one rather than reading the table whole.
    static func patchLimit(count: Int) -> Int64 { Int64(max(10_000, count / 20)) }

    /// `current` when nothing changed since they were read (same version and token);
    /// `behind` when the changes since are newer tips and the tips `tip_changes` lists since
    /// their last entry (that entry still the one they saw, by its token; every entry since
    /// still there, not too many), and the last tip they hold is still stored as they hold it
    /// (or is among the changed); `stale` otherwise — another database, a log that no longer
    /// reaches back, or a backup restored and written to again.
    func standing(_ connection: Connection, _ now: Counters) throws -> Standing {
        guard now.databaseID == databaseID, changeSeq >= 0, now.changeSeq >= changeSeq else { return .stale }
        if now.dataVersion == dataVersion { return now.dataToken == dataToken && now.changeSeq == changeSeq ? .current : .stale }
        guard now.dataVersion > dataVersion else { return .stale }
        if changeSeq > 0 {
            guard try connection.scalarInt("SELECT token FROM tip_changes WHERE seq = ?", [.int(changeSeq)]) == changeToken else { return .stale }
        }
        var changed: [Int64] = []
        if now.changeSeq > changeSeq {
            // Every entry since must still be there: entries are numbered without gaps, and a
            // pruned (or otherwise missing) one could have been any tip. Only entries for the
            // tips held count against the limit: newer tips are read as added anyway (the
            // incidents of an import log each new anchor).
            var entries: Int64 = 0, held: Int64 = 0
            let last = ids.last ?? Int64.min
            let statement = try connection.prepare("SELECT tip_id FROM tip_changes WHERE seq > ? ORDER BY tip_id")
            try statement.bind([.int(changeSeq)])
            try statement.forEachRow { row in
                entries += 1
                let id = row.int64(0)
                if id <= last { held += 1 }
                if changed.last != id { changed.append(id) }
            }
            guard entries == now.changeSeq - changeSeq, held <= Self.patchLimit(count: count) else { return .stale }
        }
        guard let last = ids.last, changed.sortedIndex(of: last) == nil else { return .behind(changed: changed) }
        var probe = AnalysisColumns(databaseID: databaseID, dataVersion: now.dataVersion, dataToken: now.dataToken, changeSeq: now.changeSeq)
        try probe.addRows(connection, after: last &- 1, limit: 1)
        return probe.count == 1 && probe.sameRow(0, as: self, count - 1) ? .behind(changed: changed) : .stale
    }

    /// Re-reads the tips `changed` (ids ascending) that the columns hold: a stored one is
    /// overwritten, a deleted one removed. False when one of them is not held but lies
    /// among the held ids (a tip stored under a lower id since): then only a whole read is
    /// right.
    private mutating func patch(_ connection: Connection, changed: [Int64]) throws -> Bool {
        guard !changed.isEmpty, let last = ids.last else { return true }
        let statement = try connection.prepare("\(Self.rowQuery) WHERE t.id = ?")
        var removed: [Int] = []
        for id in changed where id <= last {
            guard let i = ids.sortedIndex(of: id) else { return false }
            try statement.bind([.int(id)])
            var found = false
            try statement.forEachRow { row in
                found = true
                write(row, at: i)
            }
            if !found { removed.append(i) }
        }
        if !removed.isEmpty { remove(removed) }
        return true
    }

    /// Brings the held anchors up to date: every incident's change of anchor logs the tips it
    /// left and took (migration 021), so among the tips held (ids up to `lastHeld`) only those
    /// `changed` lists (ids ascending) can differ, each looked up in `incidents`; the anchors
    /// among the tips added since are read as a range.
    private mutating func patchAnchors(_ connection: Connection, changed: [Int64], lastHeld: Int64) throws {
        guard let held = anchors else { return }
        let lookup = try connection.prepare("SELECT EXISTS (SELECT 1 FROM incidents WHERE anchor_tip_id = ?)")
        var added: [Int64] = [], dropped: [Int64] = []
        for id in changed where id <= lastHeld {
            try lookup.bind([.int(id)])
            var isAnchor = false
            try lookup.forEachRow { isAnchor = $0.int64(0) != 0 }
            let wasAnchor = held.sortedIndex(of: id) != nil
            if isAnchor && !wasAnchor { added.append(id) } else if wasAnchor && !isAnchor { dropped.append(id) }
        }
        // One merge of the sorted lists: the held ones not dropped, and the added ones.
        var merged: [Int64] = []
        merged.reserveCapacity(held.count + added.count)
        var (a, d) = (0, 0)
        for id in held where id <= lastHeld {
            while a < added.count && added[a] < id { merged.append(added[a]); a += 1 }
            while d < dropped.count && dropped[d] < id { d += 1 }
            if d < dropped.count && dropped[d] == id { continue }
            merged.append(id)
        }
        merged += added[a...]
        anchors = merged + (try Self.anchors(connection, after: lastHeld))
    }

    /// The incidents' anchor tip ids, ascending: all, or those above `after`.
    static func anchors(_ connection: Connection, after: Int64? = nil) throws -> [Int64] {
        var ids: [Int64] = []
        let statement = try connection.prepare("SELECT anchor_tip_id FROM incidents\(after == nil ? "" : " WHERE anchor_tip_id > ?") ORDER BY anchor_tip_id")
        if let after { try statement.bind([.int(after)]) }
        try statement.forEachRow { ids.append($0.int64(0)) }
        return ids
    }

    /// Removes the rows at `positions` (ascending) from every column in one pass.
    private mutating func remove(_ positions: [Int]) {
        func compact<T>(_ column: inout [T]) {
            var next = 0, write = 0
            for read in column.indices {
                if next < positions.count && positions[next] == read { next += 1; continue }
                column[write] = column[read]
                write += 1
            }
            column.removeLast(column.count - write)
        }
        compact(&ids); compact(&lon); compact(&lat); compact(&times)
        compact(&categories); compact(&channels); compact(&statuses); compact(&radii)
        compact(&provinces); compact(&communes); compact(&neighbourhoods)
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
    /// when it is current, `base` with the changed tips re-read (`changed` of them) and the
    /// tips added since when it is behind, else read whole (`readWhole`).
    static func current(_ connection: Connection, after base: AnalysisColumns?) throws -> (columns: AnalysisColumns, readWhole: Bool, changed: Int) {
        let now = try Counters(connection)
        if var columns = base {
            switch try columns.standing(connection, now) {
            case .current: return (columns, false, 0)
            case .behind(let changed):
                let lastHeld = columns.ids.last ?? Int64.min
                guard try columns.patch(connection, changed: changed) else { break }
                try columns.addRows(connection, after: lastHeld)
                try columns.patchAnchors(connection, changed: changed, lastHeld: lastHeld)
                (columns.dataVersion, columns.dataToken) = (now.dataVersion, now.dataToken)
                (columns.changeSeq, columns.changeToken) = (now.changeSeq, now.changeToken)
                return (columns, false, changed.count)
            case .stale: break
            }
        }
        var columns = AnalysisColumns(databaseID: now.databaseID, dataVersion: now.dataVersion, dataToken: now.dataToken,
                                      changeSeq: now.changeSeq, changeToken: now.changeToken)
        try columns.addRows(connection, after: Int64.min)
        return (columns, true, 0)
    }

    /// Appends the tips with an id above `after` (at most `limit`), in id order.
    private mutating func addRows(_ connection: Connection, after: Int64, limit: Int64 = -1) throws {
        let statement = try connection.prepare("\(Self.rowQuery) WHERE t.id > ? ORDER BY t.id LIMIT ?")
        try statement.bind([.int(after), .int(limit)])
        try statement.forEachRow { row in
            ids.append(0); lon.append(0); lat.append(0); times.append(0)
            categories.append(0); channels.append(0); statuses.append(0); radii.append(0)
            provinces.append(-1); communes.append(-1); neighbourhoods.append(-1)
            write(row, at: ids.count - 1)
        }
    }

    /// The tips query whose rows `write(_:at:)` reads; callers add the condition.
    private static let rowQuery = """
        SELECT t.id, t.lon, t.lat, unixepoch(t.reported_at), t.reported_at,
               t.category, t.channel, t.status, \(LocationRadius.sql), t.province_code, t.commune_code, t.neighbourhood_code
        FROM tips t
        """

    /// Sets row `i` from a row of ``rowQuery``.
    private mutating func write(_ row: Statement, at i: Int) {
        ids[i] = row.int64(0)
        lon[i] = row.double(1)
        lat[i] = row.double(2)
        let time = row.int64(3)
        times[i] = time
        if canonicalTimes && (row.isNull(3) || row.withTextBytes(4, { Timestamp.canonicalSeconds($0) }) != time) { canonicalTimes = false }
        categories[i] = StoredVocabulary.index(row, 5, in: StoredVocabulary.categories)
        channels[i] = StoredVocabulary.index(row, 6, in: StoredVocabulary.channels)
        statuses[i] = StoredVocabulary.index(row, 7, in: StoredVocabulary.statuses)
        radii[i] = Float(row.double(8))
        provinces[i] = code(row, 9)
        communes[i] = code(row, 10)
        neighbourhoods[i] = code(row, 11)
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
