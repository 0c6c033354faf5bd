/// The vocabularies as stored bytes, for readers that keep a tip's category, channel and
/// status as small indices (the tip page snapshot, the analysis columns) and must match what
/// SQL's comparisons match: bytes, not canonically equivalent strings.
enum StoredVocabulary {
    static let categories = TipCategory.allCases.map { Array($0.rawValue.utf8) }
    static let channels = TipChannel.allCases.map { Array($0.rawValue.utf8) }
    static let statuses = TipStatus.allCases.map { Array($0.rawValue.utf8) }

    /// The index in `values` of the row's text in `column`, compared as bytes (255 for NULL
    /// or a value the vocabulary does not hold).
    static func index(_ row: Statement, _ column: Int32, in values: [[UInt8]]) -> UInt8 {
        guard !row.isNull(column) else { return 255 }
        return row.withTextBytes(column) { bytes in values.firstIndex { $0.elementsEqual(bytes) } }.map(UInt8.init) ?? 255
    }
}
