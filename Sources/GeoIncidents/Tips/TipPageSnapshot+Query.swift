extension TipPageSnapshot {
    /// One page answered from memory: the same tips, bytes and count as
    /// ``TipStore/featurePage(_:afterID:limit:contacts:)`` and ``TipStore/count(_:)`` give
    /// for `filter` without contacts.
    public struct Page: Sendable {
        /// The features, comma-separated, as in ``TipStore/FeaturePage``.
        public var features: [UInt8]
        public var count: Int
        public var lastID: Int64?
        /// Tips matching the filter on every page (`numberMatched`).
        public var matched: Int
    }

    /// What a page held, without its bytes.
    public struct PageSummary: Sendable {
        public var count: Int
        public var lastID: Int64?
        /// Tips matching the filter on every page (`numberMatched`).
        public var matched: Int
    }

    /// Tips matching `filter` after `afterID`, in id order, at most `limit`; nil when the
    /// filter has a form the snapshot does not answer exactly (then ask SQL).
    public func page(_ filter: TipFilter, afterID: Int64? = nil, limit: Int) throws -> Page? {
        var bytes: [UInt8] = []
        guard let summary = try page(filter, afterID: afterID, limit: limit, write: { bytes.append(contentsOf: $0) }) else { return nil }
        return Page(features: bytes, count: summary.count, lastID: summary.lastID, matched: summary.matched)
    }

    /// The same page, handing its bytes (features and the commas between them) to `write`
    /// in order, so that a caller can put them straight into its response buffer; `reserve`
    /// hears their total length first.
    public func page(_ filter: TipFilter, afterID: Int64? = nil, limit: Int, reserve: (Int) -> Void = { _ in },
                     write: (UnsafeBufferPointer<UInt8>) -> Void) throws -> PageSummary? {
        try filter.validate()
        // A CQL2 filter is evaluated in SQL only: nil sends the caller there.
        guard filter.cql2 == nil, let predicate = Predicate(filter, columns: columns) else { return nil }
        let c = columns
        /// The page of the `n` matching tips at positions `position(0..<n)`, ascending.
        func page(of n: Int, position: (Int) -> Int) -> PageSummary {
            let start = afterID.map { afterID in SortedSearch.firstIndex(n) { c.ids[position($0)] > afterID } } ?? 0
            let end = start + min(max(0, limit), n - start)
            writeFeatures(start..<end, position: position, reserve: reserve, write: write)
            return PageSummary(count: end - start, lastID: end > start ? c.ids[position(end - 1)] : nil, matched: n)
        }
        // Nothing filtered: positions are the ids' order, so the page is a slice.
        if filter.boundingBox == nil && predicate.acceptsAll { return page(of: count) { $0 } }
        var matches: [Int32] = []
        if let box = filter.boundingBox {
            sortedKeys.withUnsafeBufferPointer { keys in
                for range in HilbertKey.ranges(covering: box) {
                    var k = SortedSearch.firstIndex(keys.count) { keys[$0] >= range.lowerBound }
                    while k < keys.count && keys[k] <= range.upperBound {
                        let i = Int(keyPositions[k])
                        if c.lon[i] >= box.minX && c.lon[i] <= box.maxX && c.lat[i] >= box.minY && c.lat[i] <= box.maxY && predicate.test(i) {
                            matches.append(Int32(i))
                        }
                        k += 1
                    }
                }
            }
            // Positions are in id order; ranges may meet, so duplicates go.
            matches.sort()
            var unique = 0
            for m in matches where unique == 0 || matches[unique - 1] != m {
                matches[unique] = m
                unique += 1
            }
            matches.removeLast(matches.count - unique)
        } else {
            for i in 0..<count where predicate.test(i) { matches.append(Int32(i)) }
        }
        return page(of: matches.count) { Int(matches[$0]) }
    }

    private func writeFeatures(_ range: Range<Int>, position: (Int) -> Int, reserve: (Int) -> Void,
                               write: (UnsafeBufferPointer<UInt8>) -> Void) {
        let starts = columns.featureStart
        var total = max(0, range.count - 1)
        for k in range { total += starts[position(k) + 1] - starts[position(k)] }
        reserve(total)
        let comma: [UInt8] = [UInt8(ascii: ",")]
        featureBytes.withUnsafeBufferPointer { all in
            comma.withUnsafeBufferPointer { comma in
                for k in range {
                    if k > range.lowerBound { write(comma) }
                    let i = position(k)
                    write(UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i + 1]]))
                }
            }
        }
    }
}

/// A ``TipFilter`` (everything but the bbox) as tests on a snapshot's columns.
private struct Predicate {
    let columns: TipColumns
    let categories: UInt32
    let channels: UInt32
    let statuses: UInt32
    let provinces: [Bool]?
    let communes: [Bool]?
    let neighbourhoods: [Bool]?
    let since: Int64?
    let until: Int64?

    init?(_ filter: TipFilter, columns: TipColumns) {
        // Time filters compare text in SQL: epoch seconds agree for 4-digit years only.
        for t in [filter.since, filter.until].compactMap({ $0 }) where t.iso8601.utf8.count != 20 { return nil }
        self.columns = columns
        func mask<T: CaseIterable & Equatable>(_ values: [T]) -> UInt32 {
            guard !values.isEmpty else { return .max }
            let all = Array(T.allCases)
            return values.reduce(0) { $0 | (1 << UInt32(all.firstIndex(of: $1)!)) }
        }
        categories = mask(filter.categories)
        channels = mask(filter.channels)
        statuses = mask(filter.statuses)
        func lookup(_ codes: [String]) -> [Bool]? {
            guard !codes.isEmpty else { return nil }
            var table = [Bool](repeating: false, count: columns.codeIndex.count)
            for code in codes { if let i = columns.codeIndex[Array(code.utf8)] { table[Int(i)] = true } }
            return table
        }
        provinces = lookup(filter.provinceCodes)
        communes = lookup(filter.communeCodes)
        neighbourhoods = lookup(filter.neighbourhoodCodes)
        since = filter.since?.secondsSinceEpoch
        until = filter.until?.secondsSinceEpoch
    }

    var acceptsAll: Bool {
        categories == .max && channels == .max && statuses == .max && provinces == nil && communes == nil
            && neighbourhoods == nil && since == nil && until == nil
    }

    @inline(__always)
    func test(_ i: Int) -> Bool {
        if categories != .max && (columns.category[i] == 255 || categories & (1 << UInt32(columns.category[i])) == 0) { return false }
        if channels != .max && (columns.channel[i] == 255 || channels & (1 << UInt32(columns.channel[i])) == 0) { return false }
        if statuses != .max && (columns.status[i] == 255 || statuses & (1 << UInt32(columns.status[i])) == 0) { return false }
        if let since, columns.reported[i] < since { return false }
        if let until, columns.reported[i] >= until { return false }
        if let provinces, !Self.member(provinces, columns.province[i]) { return false }
        if let communes, !Self.member(communes, columns.commune[i]) { return false }
        if let neighbourhoods, !Self.member(neighbourhoods, columns.neighbourhood[i]) { return false }
        return true
    }

    @inline(__always)
    private static func member(_ table: [Bool], _ index: Int32) -> Bool { index >= 0 && table[Int(index)] }
}
