/// The tip fields an import can fill, and the column names each is read from by default.
public enum TipField: String, Sendable, CaseIterable {
    case id, lon, lat
    case reportedAt = "reported_at"
    case receivedAt = "received_at"
    case category, channel, source, description
    case accuracy
    case tipsterName = "tipster_name"
    case tipsterPhone = "tipster_phone"
    case tipsterZalo = "tipster_zalo"
    case tipsterNote = "tipster_note"
    /// Where it happened, in words, for tips without coordinates (the text locator reads it).
    case locationText = "location_text"
    /// A 2025 province code: the home province of the page or hotline (a locator hint).
    case province

    /// Header names recognised without a `--field` mapping (case-insensitive).
    var defaultColumns: [String] {
        switch self {
        case .id: ["id", "external_id", "tip_id"]
        case .lon: ["lon", "lng", "longitude", "x"]
        case .lat: ["lat", "latitude", "y"]
        case .reportedAt: ["reported_at", "reported", "time", "datetime", "date"]
        case .receivedAt: ["received_at", "received"]
        case .category: ["category", "loai"]
        case .channel: ["channel", "kenh"]
        case .source: ["source", "group", "nguon"]
        case .description: ["description", "text", "noi_dung", "mo_ta"]
        case .accuracy: ["accuracy", "accuracy_m"]
        case .tipsterName: ["tipster_name"]
        case .tipsterPhone: ["tipster_phone", "phone"]
        case .tipsterZalo: ["tipster_zalo", "zalo_id"]
        case .tipsterNote: ["tipster_note"]
        case .locationText: ["location_text", "dia_chi", "dia_diem"]
        case .province: ["province_hint", "province"]
        }
    }
}

/// How to read a tips file.
public struct TipImportOptions: Sendable {
    /// The source name for rows without a `source` column (default: the file name).
    public var source: String?
    /// Explicit field → column mappings (`--field lon=X`).
    public var fieldColumns: [TipField: String] = [:]
    /// Category for files without a category column.
    public var category: TipCategory?
    /// Channel for rows without one.
    public var channel: TipChannel = .other
    /// UTC offset, in minutes, of times written without one (Vietnam: +420).
    public var defaultOffsetMinutes = 420
    /// Tips per transaction.
    public var batchSize = 50_000
    /// Snap tolerance for points outside every commune, in metres.
    public var snapToleranceMeters = 100.0
    /// The file format; `nil` guesses from the extension.
    public var format: TipFileFormat?
    /// Whether to keep `tip_cells` and `tip_communes` in bulk (append the import's keys sorted
    /// at the end) or row by row (``BulkIndexing``).
    public var bulkIndexing: BulkIndexing = .automatic

    public init() {}

    /// The parsing rules of a file import: a report time and a category (or a fixed one) are
    /// required, and a row without an id gets one from its content.
    func parsingRules(defaultSource: String) -> TipParser.Rules {
        var rules = TipParser.Rules(defaultSource: defaultSource)
        rules.category = category
        rules.channel = channel
        rules.defaultOffsetMinutes = defaultOffsetMinutes
        return rules
    }

    /// Parses `name=column` mappings.
    public mutating func addFieldMapping(_ text: String) throws {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let field = TipField(rawValue: parts[0]), !parts[1].isEmpty else {
            throw GeoIncidentsError.invalidInput("field mapping \(text): expected NAME=COLUMN with NAME one of \(TipField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        fieldColumns[field] = parts[1]
    }
}

/// Tip file formats.
public enum TipFileFormat: String, Sendable, CaseIterable {
    case csv, geojson, ndjson

    static func guess(path: String) -> TipFileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") { return .geojson }
        if lower.hasSuffix(".ndjson") || lower.hasSuffix(".geojsonl") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".geojsons") { return .ndjson }
        return .csv
    }
}

/// How an import keeps `tip_cells` and `tip_communes` (``TipIndexes``): in bulk (each batch
/// leaves its tips out, dropping the tables' insert triggers inside its own transaction only,
/// and the keys are appended sorted at the end: ``BulkLoad``) or row by row. Tips stored by
/// other writers meanwhile go in by trigger either way.
public enum BulkIndexing: String, Sendable, CaseIterable {
    /// Bulk mode when the file holds at least 100,000 rows (estimated from its size) and
    /// at least as many as are stored already.
    case automatic = "auto"
    /// Always in bulk.
    case always
    /// Row by row, by the triggers (best for small imports into a big store).
    case never
}
