/// Every tip of one data version in memory, with its GeoJSON feature already written: the
/// HTTP service answers tip pages (bbox, filters, keyset paging) from it without SQLite.
///
/// A page from SQLite costs 4–5 ms for 851 tips (rowid seeks, the sort, the join to the
/// sources, then formatting); from the snapshot it is a range scan over sorted Hilbert keys
/// and a copy of finished bytes. The features are written by the same function as SQL pages
/// (``TipStore/appendFeature(_:to:contacts:)``), so both paths give the same bytes (tested).
///
/// Tipster contacts are never in a snapshot: callers who may read them use SQL pages.
/// A snapshot is immutable; it belongs to the data version it was read in
/// (``dataVersion``), and callers must use it only while that is still the current version.
public final class TipPageSnapshot: Sendable {
    /// The `meta.data_version` the snapshot was read in (same read transaction).
    public let dataVersion: Int64
    /// `meta.tips_rewritten` then: while it is unchanged, only newer tips were added since.
    let rewritten: Int64
    /// The tips' filter columns and features, in id order.
    let columns: TipColumns
    /// Stored Hilbert keys, sorted, and the position of each key's tip.
    let sortedKeys: [Int64]
    let keyPositions: [Int32]

    /// Number of tips.
    public var count: Int { columns.ids.count }
    /// Every tip's feature, one after the other (see `columns.featureStart`).
    var featureBytes: [UInt8] { columns.out.bytes }
    /// Bytes held, roughly (features and columns).
    public var byteCount: Int { featureBytes.count + count * 64 }

    /// Reads every tip in one read transaction. Returns nil when there are more than
    /// `maximumTips`, or when a stored value has a form the snapshot's filters cannot
    /// reproduce exactly (then SQL pages stay the only path).
    public static func read(_ database: GeoDatabase, maximumTips: Int) throws -> TipPageSnapshot? {
        try database.reader.sync { connection in
            try connection.transaction(immediate: false) {
                let rewritten = try Self.rewritten(connection)
                let total = Int(try connection.scalarInt("SELECT count(*) FROM tips") ?? 0)
                guard total <= maximumTips else { return nil }
                var columns = TipColumns(capacity: total)
                guard try columns.addRows(connection, after: nil) else { return nil }
                return TipPageSnapshot(dataVersion: try connection.dataVersion(), rewritten: rewritten, columns: columns)
            }
        }
    }

    /// This snapshot caught up with the database by reading only the tips added since, or
    /// nil when that is not enough: a stored tip (or a source name) was changed or deleted
    /// since (the triggers of migration 009 count both), or the total would pass
    /// `maximumTips`. Then ``read(_:maximumTips:)`` again. Costs a copy of the snapshot's
    /// columns and a merge of its keys, not a full read.
    public func extended(_ database: GeoDatabase, maximumTips: Int) throws -> TipPageSnapshot? {
        try database.reader.sync { connection in
            try connection.transaction(immediate: false) {
                let version = try connection.dataVersion()
                guard try Self.rewritten(connection) == rewritten, version >= dataVersion else { return nil }
                let last = columns.ids.last ?? 0
                let added = Int(try connection.scalarInt("SELECT count(*) FROM tips WHERE id > ?", [.int(last)]) ?? 0)
                guard count + added <= maximumTips else { return nil }
                var grown = columns
                grown.reserveCapacity(count + added)
                guard try grown.addRows(connection, after: last) else { return nil }
                return TipPageSnapshot(dataVersion: version, rewritten: rewritten, columns: grown, extending: self)
            }
        }
    }

    private static func rewritten(_ connection: Connection) throws -> Int64 {
        try connection.metaCounter("tips_rewritten")
    }

    /// A snapshot of `columns`; with `base`, the columns continue `base`'s and only the new
    /// rows' keys need sorting, then merging with `base`'s.
    private init(dataVersion: Int64, rewritten: Int64, columns: TipColumns, extending base: TipPageSnapshot? = nil) {
        self.dataVersion = dataVersion
        self.rewritten = rewritten
        self.columns = columns
        let hilbert = columns.hilbert
        let order = ((base?.count ?? 0)..<hilbert.count).sorted { (hilbert[$0], $0) < (hilbert[$1], $1) }
        guard let base else {
            sortedKeys = order.map { hilbert[$0] }
            keyPositions = order.map { Int32($0) }
            return
        }
        // Merge: new positions are all larger than old ones, so ties keep (key, position) order.
        var keys: [Int64] = [], positions: [Int32] = []
        keys.reserveCapacity(hilbert.count)
        positions.reserveCapacity(hilbert.count)
        var i = 0, j = 0
        while i < base.sortedKeys.count || j < order.count {
            if j == order.count || (i < base.sortedKeys.count && base.sortedKeys[i] <= hilbert[order[j]]) {
                keys.append(base.sortedKeys[i])
                positions.append(base.keyPositions[i])
                i += 1
            } else {
                keys.append(hilbert[order[j]])
                positions.append(Int32(order[j]))
                j += 1
            }
        }
        sortedKeys = keys
        keyPositions = positions
    }
}

/// The filter columns and written features of tips, row by row in id order.
struct TipColumns {
    var ids: [Int64] = [], lon: [Double] = [], lat: [Double] = [], hilbert: [Int64] = []
    /// Reported time, seconds since the epoch (stored text is `YYYY-MM-DDTHH:MM:SSZ`).
    var reported: [Int64] = []
    /// Index in `allCases` (255 for a value the enum does not know).
    var category: [UInt8] = [], channel: [UInt8] = [], status: [UInt8] = []
    /// Index of the unit code (−1 for NULL) in `codeIndex`, whose keys are the stored bytes:
    /// SQL's `IN` compares bytes, where Swift's `String ==` would also match canonically
    /// equivalent spellings.
    var province: [Int32] = [], commune: [Int32] = [], neighbourhood: [Int32] = []
    var codeIndex: [[UInt8]: Int32] = [:]
    /// Feature i is `out.bytes[featureStart[i]..<featureStart[i + 1]]`.
    var featureStart: [Int] = [0]
    var out = JSONOutput(capacity: 0)

    init(capacity: Int) { reserveCapacity(capacity) }

    /// Room for `capacity` tips in all.
    mutating func reserveCapacity(_ capacity: Int) {
        for k in [\TipColumns.ids, \.reported, \.hilbert] as [WritableKeyPath<TipColumns, [Int64]>] { self[keyPath: k].reserveCapacity(capacity) }
        lon.reserveCapacity(capacity)
        lat.reserveCapacity(capacity)
        featureStart.reserveCapacity(capacity + 1)
        out.reserveCapacity(out.bytes.count + 400 * max(0, capacity - ids.count))
    }

    /// Adds every tip (after id `after`) in id order; false when one cannot be filtered exactly.
    mutating func addRows(_ connection: Connection, after: Int64?) throws -> Bool {
        let statement = try connection.prepare("""
            SELECT \(TipStore.featureColumns(contacts: false)), t.hilbert
            FROM tips t JOIN tip_sources s ON s.id = t.source_id WHERE t.id > ? ORDER BY t.id
            """)
        try statement.bind([.int(after ?? Int64.min)])
        var valid = true
        try statement.forEachRow { row in
            if valid { valid = add(row) }
        }
        return valid
    }

    /// Adds the statement's current row; false when its values cannot be filtered exactly.
    mutating func add(_ row: Statement) -> Bool {
        // Time filters compare the stored text; epoch seconds order the same only for text
        // in exactly the canonical form (`YYYY-MM-DDTHH:MM:SSZ`, what the store writes).
        guard let time = row.withTextBytes(3, { Timestamp.canonicalSeconds($0) }) else { return false }
        ids.append(row.int64(0))
        reported.append(time)
        category.append(StoredVocabulary.index(row, 5, in: StoredVocabulary.categories))
        channel.append(StoredVocabulary.index(row, 6, in: StoredVocabulary.channels))
        status.append(StoredVocabulary.index(row, 7, in: StoredVocabulary.statuses))
        province.append(code(row, 10))
        commune.append(code(row, 11))
        neighbourhood.append(code(row, 12))
        lon.append(row.double(15))
        lat.append(row.double(16))
        hilbert.append(row.int64(18))
        let start = out.bytes.count
        TipStore.appendFeature(row, to: &out, contacts: false)
        repairUTF8(from: start)
        featureStart.append(out.bytes.count)
        return true
    }

    /// SQL pages turn their bytes into a `String`, which replaces invalid UTF-8 (SQLite TEXT
    /// written by other tools may hold any bytes) with U+FFFD. The same repair per feature
    /// gives the same bytes: decoding resynchronises at the ASCII around every feature.
    private mutating func repairUTF8(from start: Int) {
        let valid = out.bytes.withUnsafeBufferPointer { all in
            let feature = UnsafeBufferPointer(rebasing: all[start...])
            return feature.allSatisfy { $0 < 0x80 } || String(validating: feature, as: UTF8.self) != nil
        }
        guard !valid else { return }
        let repaired = Array(String(decoding: out.bytes[start...], as: UTF8.self).utf8)
        out.replaceTail(from: start, with: repaired)
    }

    private mutating func code(_ row: Statement, _ column: Int32) -> Int32 {
        guard !row.isNull(column) else { return -1 }
        let bytes = row.withTextBytes(column) { Array($0) }
        if let known = codeIndex[bytes] { return known }
        let index = Int32(codeIndex.count)
        codeIndex[bytes] = index
        return index
    }
}
