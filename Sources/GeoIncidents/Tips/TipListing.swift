/// The listing of tips (`geoq tips list`): its columns, and its rows read from the store a
/// batch at a time (``Rows``), with no ``TipRecord`` and no `String` per cell, then made
/// into table cells, on another thread when the caller likes (issue 20: a million tips a
/// second). The cells are the ones a ``TipRecord`` read by
/// ``TipStore/list(_:afterID:limit:)`` would give, byte for byte (tested). Never the
/// tipster's contact details: they are in another table.
public enum TipListing {
    /// The listing's columns.
    public static let header = ["id", "external_id", "reported_at", "category", "channel", "source", "lon", "lat",
                                "province", "commune", "neighbourhood", "method", "boundary_m", "status", "description"]

    /// The columns holding numbers (aligned right, written as JSON numbers).
    public static let numericColumns: Set<Int> = [0, 6, 7, 12]

    /// Rows per batch handed over.
    public static let batchSize = 16_384

    /// Text bytes after which a batch is handed over however few its rows (long
    /// descriptions: a batch, its cells and its CSV stay a few megabytes each).
    public static let batchTextBytes = 4 << 20

    static let categories = VocabularyCells(TipCategory.self, fallback: .other)
    static let channels = VocabularyCells(TipChannel.self, fallback: .other)
    static let methods = VocabularyCells(AssignmentMethod.self, fallback: .unassigned)
    static let statuses = VocabularyCells(TipStatus.self, fallback: .received)

    static let sql = """
        SELECT t.id, t.external_id, t.source_id, t.reported_at, t.category, t.channel, t.lon, t.lat,
               t.province_code, t.commune_code, t.neighbourhood_code, t.assignment_method,
               t.boundary_distance_m, t.status, t.description
        FROM tips t JOIN tip_sources s ON s.id = t.source_id
        """

    /// Listing rows as read from SQLite, not yet written as cells: numbers as numbers,
    /// closed vocabularies as code indices, other text as its bytes. Reading them is the
    /// part that must run on the connection's thread; ``table(clipped:)`` (the formatting)
    /// can run on another.
    public struct Rows: Sendable {
        private let sourceNames: [Int64: [UInt8]]
        private var ids: [Int64] = []
        private var sourceIDs: [Int64] = []
        /// Per row: 0 no external id (NULL, or a number or blob SQLite holds as such), 1 an
        /// integer (in `externalIntegers`), 2 text (its text cell).
        private var externalKinds: [UInt8] = []
        private var externalIntegers: [Int64] = []
        /// Per row: lon, lat, boundary distance (0 when `hasBoundary` is false).
        private var numbers: [Double] = []
        private var hasBoundary: [Bool] = []
        /// Per row: category, channel, method, status, as indices into their vocabularies.
        private var codes: [UInt8] = []
        /// Per row, ``textColumns`` cells of raw column bytes (not yet cut at a NUL or
        /// checked as UTF-8), cell k ending at `textEnds[k]`. Zero-filled ahead and copied
        /// into by `memcpy`: `append(contentsOf:)` took ~70 ns a piece, a fifth of reading.
        private var texts: [UInt8]
        private var textEnds: [Int] = []
        private var textCount = 0

        /// external id, reported at, province, commune, neighbourhood, description.
        static let textColumns: [Int32] = [1, 3, 8, 9, 10, 14]

        init(sourceNames: [Int64: [UInt8]], capacity: Int) {
            self.sourceNames = sourceNames
            ids.reserveCapacity(capacity)
            sourceIDs.reserveCapacity(capacity)
            externalKinds.reserveCapacity(capacity)
            externalIntegers.reserveCapacity(capacity)
            numbers.reserveCapacity(3 * capacity)
            hasBoundary.reserveCapacity(capacity)
            codes.reserveCapacity(4 * capacity)
            textEnds.reserveCapacity(Self.textColumns.count * capacity)
            texts = [UInt8](repeating: 0, count: min(64 * capacity, TipListing.batchTextBytes))
        }

        /// Rows held.
        public var count: Int { ids.count }

        /// Bytes of text held.
        var textBytes: Int { textCount }

        /// Appends the current row of a statement over ``TipListing/sql``'s columns.
        mutating func append(_ row: Statement) {
            ids.append(row.int64(0))
            sourceIDs.append(row.int64(2))
            let externalKind: UInt8 = switch row.storageClass(1) {
            case SQLITE_INTEGER: 1
            case SQLITE_TEXT: 2
            default: 0
            }
            externalKinds.append(externalKind)
            externalIntegers.append(externalKind == 1 ? row.int64(1) : 0)
            numbers.append(row.double(6))
            numbers.append(row.double(7))
            let boundary = !row.isNull(12)
            hasBoundary.append(boundary)
            numbers.append(boundary ? row.double(12) : 0)
            codes.append(row.withTextBytes(4) { TipListing.categories.index($0) })
            codes.append(row.withTextBytes(5) { TipListing.channels.index($0) })
            codes.append(row.withTextBytes(11) { TipListing.methods.index($0) })
            codes.append(row.withTextBytes(13) { TipListing.statuses.index($0) })
            for column in Self.textColumns {
                if column != 1 || externalKind == 2 {
                    row.withTextBytes(column) { appendText($0) }
                }
                textEnds.append(textCount)
            }
        }

        private mutating func appendText(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
            if textCount + bytes.count > texts.count { texts += repeatElement(0, count: max(bytes.count, texts.count)) }
            let end = textCount
            texts.withUnsafeMutableBufferPointer { _ = memcpy($0.baseAddress! + end, source, bytes.count) }
            textCount += bytes.count
        }

        /// The rows as listing cells under ``TipListing/header``: what a ``TipRecord`` of
        /// each gives; `clipped` shortens descriptions to 40 characters (the text table).
        public func table(clipped: Bool = false) -> TableWriter {
            var table = TableWriter(header: TipListing.header, numericColumns: TipListing.numericColumns)
            table.reserve(count)
            var source: (id: Int64, name: [UInt8])? = nil
            texts.withUnsafeBufferPointer { texts in
                let cellsPerRow = Self.textColumns.count
                for r in 0..<count {
                    let base = r * cellsPerRow
                    func text(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                        let start = base + k == 0 ? 0 : textEnds[base + k - 1]
                        return UnsafeBufferPointer(rebasing: texts[start..<textEnds[base + k]])
                    }
                    table.addRow { cells in
                        cells.integer(ids[r])
                        switch externalKinds[r] {
                        case 1: cells.integer(externalIntegers[r])
                        case 2: TipListing.appendText(text(0), to: &cells)
                        default: cells.empty()
                        }
                        TipListing.appendTime(text(1), to: &cells)
                        TipListing.categories.append(codes[4 * r], to: &cells)
                        TipListing.channels.append(codes[4 * r + 1], to: &cells)
                        // The join in ``TipListing/sql`` keeps only rows whose source is read.
                        if source?.id != sourceIDs[r] { source = (sourceIDs[r], sourceNames[sourceIDs[r], default: []]) }
                        source!.name.withUnsafeBufferPointer { cells.utf8($0) }
                        cells.fixed(numbers[3 * r], 6)
                        cells.fixed(numbers[3 * r + 1], 6)
                        for k in 2...4 { TipListing.appendText(text(k), to: &cells) }
                        TipListing.methods.append(codes[4 * r + 2], to: &cells)
                        if hasBoundary[r] { cells.fixed(numbers[3 * r + 2], 1) } else { cells.empty() }
                        TipListing.statuses.append(codes[4 * r + 3], to: &cells)
                        if clipped {
                            cells.text(String(TipListing.textAsRead(text(5)).prefix(40)))
                        } else {
                            TipListing.appendText(text(5), to: &cells)
                        }
                    }
                }
            }
            return table
        }
    }

    /// Column bytes as ``Statement/text(_:)`` reads them: up to the first NUL, invalid
    /// UTF-8 repaired.
    static func textAsRead(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A cell holding column bytes as ``Statement/text(_:)`` reads them, without making a
    /// `String` when they are ASCII with no NUL.
    static func appendText(_ bytes: UnsafeBufferPointer<UInt8>, to cells: inout TableWriter.RowWriter) {
        if isPlainASCII(bytes) { cells.utf8(bytes) } else { cells.text(textAsRead(bytes)) }
    }

    /// Whether every byte is ASCII other than NUL.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte == 0 || byte >= 0x80 { return false }
        return true
    }

    /// A cell holding a stored time as a ``TipRecord`` reads it: parsed, nil as the epoch,
    /// written back as ISO 8601 (text already in that form is its own result).
    static func appendTime(_ bytes: UnsafeBufferPointer<UInt8>, to cells: inout TableWriter.RowWriter) {
        if Timestamp.canonicalSeconds(bytes) != nil { return cells.utf8(bytes) }
        cells.text((Timestamp.parse(textAsRead(bytes), defaultOffsetMinutes: 0) ?? Timestamp(secondsSinceEpoch: 0)).iso8601)
    }
}

extension TipStore {
    /// The tips ``list(_:afterID:limit:)`` gives, in id order, handed to `body` in batches
    /// of at most ``TipListing/batchSize`` ``TipListing/Rows`` (fewer once they hold
    /// ``TipListing/batchTextBytes`` of text) as they are read (a listing of a million tips
    /// holds a batch or two, not a million records), all from one snapshot.
    public func forEachListingBatch(_ filter: TipFilter = TipFilter(), afterID: Int64? = nil, limit: Int = 100,
                                    _ body: (TipListing.Rows) throws -> Void) throws {
        try forEachListingBatch(filter, afterID: afterID, limit: limit, batchSize: TipListing.batchSize, body)
    }

    /// ``forEachListingBatch(_:afterID:limit:_:)`` in batches of `batchSize` (tests cross
    /// batch edges with small ones).
    func forEachListingBatch(_ filter: TipFilter, afterID: Int64?, limit: Int, batchSize: Int,
                             _ body: (TipListing.Rows) throws -> Void) throws {
        precondition(batchSize > 0)
        try filter.validate()
        let (condition, pageValues, id) = filter.pageCondition(afterID: afterID)
        try database.read { connection in
            let statement = try connection.prepare(TipListing.sql + " WHERE \(condition) ORDER BY \(id) LIMIT ?")
            try statement.bind(pageValues + [.int(Int64(max(0, limit)))])
            var sourceNames: [Int64: [UInt8]] = [:]
            try connection.prepare("SELECT id, name FROM tip_sources").forEachRow { sourceNames[$0.int64(0)] = Array($0.text(1).utf8) }
            // A batch is made when a row comes for it (none after the last).
            var rows: TipListing.Rows?
            try statement.forEachRow { row in
                if rows == nil { rows = TipListing.Rows(sourceNames: sourceNames, capacity: min(batchSize, max(1, limit))) }
                rows!.append(row)
                if rows!.count == batchSize || rows!.textBytes >= TipListing.batchTextBytes {
                    try body(rows!)
                    rows = nil
                }
            }
            if let rows { try body(rows) }
        }
    }
}

/// A closed vocabulary's codes as bytes, to read a column into a code and write it back
/// without making a `String` per row.
///
/// `@unchecked Sendable`: the codes' bytes are written once in `init` and only read after;
/// the vocabularies are static lets, so their bytes are never freed (a few dozen bytes),
/// and reading them costs no reference counting per row.
struct VocabularyCells<Code: RawRepresentable & CaseIterable>: @unchecked Sendable where Code.RawValue == String {
    /// Every code's bytes one after another; code i is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let starts: UnsafeBufferPointer<Int>
    private let fallback: UInt8

    /// `Code`'s codes; a text naming none of them reads as `fallback`.
    init(_: Code.Type, fallback: Code) {
        let codes = Code.allCases.map { Array($0.rawValue.utf8) }
        precondition(codes.count < 256)
        let flat = codes.flatMap { $0 }
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: flat.count)
        _ = bytes.initialize(from: flat)
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: codes.count + 1)
        _ = starts.initialize(from: [0] + codes.indices.map { codes[...$0].reduce(0) { $0 + $1.count } })
        (self.bytes, self.starts) = (UnsafeBufferPointer(bytes), UnsafeBufferPointer(starts))
        self.fallback = UInt8(codes.firstIndex(of: Array(fallback.rawValue.utf8))!)
    }

    private func code(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[starts[i]..<starts[i + 1]]) }

    /// The index of the code column bytes read as ``Statement/text(_:)`` name (by its raw
    /// value), `fallback`'s when they name none.
    func index(_ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        for i in 0..<starts.count - 1 where starts[i + 1] - starts[i] == text.count {
            if memcmp(bytes.baseAddress! + starts[i], text.baseAddress!, text.count) == 0 { return UInt8(i) }
        }
        // Swift compares strings by canonical equivalence: a text can name a code without
        // being its bytes.
        guard let named = Code(rawValue: TipListing.textAsRead(text)) else { return fallback }
        return UInt8((0..<starts.count - 1).first { String(decoding: code($0), as: UTF8.self) == named.rawValue }!)
    }

    /// A cell holding the code at `index` (from ``index(_:)``).
    func append(_ index: UInt8, to cells: inout TableWriter.RowWriter) { cells.utf8(code(Int(index))) }
}

import CSpatiaLite
import Glibc
