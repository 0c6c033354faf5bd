/// Turns one row's raw field values into a ``NewTip`` or a reason it was rejected.
struct TipRowParser {
    let options: TipImportOptions
    let defaultSource: String

    /// `value(field)` returns the raw text of a field, or nil when absent/empty.
    func parse(_ value: (TipField) -> String?) -> Result<NewTip, RowProblem> {
        func fail(_ field: TipField, _ reason: String) -> Result<NewTip, RowProblem> { .failure(RowProblem(field: field.rawValue, reason: reason)) }
        guard let lonText = value(.lon) else { return fail(.lon, "missing longitude") }
        guard let latText = value(.lat) else { return fail(.lat, "missing latitude") }
        guard let lon = DecimalText.parse(lonText) else { return fail(.lon, "'\(lonText.prefix(40))' is not a number") }
        guard let lat = DecimalText.parse(latText) else { return fail(.lat, "'\(latText.prefix(40))' is not a number") }
        let location = Coordinate(x: lon, y: lat)
        if let problem = location.lonLatProblem { return fail(lon.isFinite && abs(lon) <= 180 ? .lat : .lon, problem) }
        guard let reportedText = value(.reportedAt) else { return fail(.reportedAt, "missing report time") }
        guard let reportedAt = Timestamp.parse(reportedText, defaultOffsetMinutes: options.defaultOffsetMinutes) else {
            return fail(.reportedAt, "'\(reportedText.prefix(40))' is not an ISO 8601 date-time (e.g. 2025-07-01T08:30:00+07:00)")
        }
        var receivedAt: Timestamp?
        if let receivedText = value(.receivedAt) {
            guard let parsed = Timestamp.parse(receivedText, defaultOffsetMinutes: options.defaultOffsetMinutes) else {
                return fail(.receivedAt, "'\(receivedText.prefix(40))' is not an ISO 8601 date-time")
            }
            receivedAt = parsed
        }
        let category: TipCategory
        if let categoryText = value(.category) {
            guard let parsed = TipCategory.parse(categoryText) else {
                return fail(.category, "unknown category '\(categoryText.prefix(40))'; expected one of \(TipCategory.codeList)")
            }
            category = parsed
        } else if let fixed = options.category {
            category = fixed
        } else {
            return fail(.category, "missing category")
        }
        var channel = options.channel
        if let channelText = value(.channel) {
            guard let parsed = TipChannel.parse(channelText) else {
                return fail(.channel, "unknown channel '\(channelText.prefix(40))'; expected one of \(TipChannel.codeList)")
            }
            channel = parsed
        }
        var accuracy: Double?
        if let accuracyText = value(.accuracy) {
            guard let parsed = DecimalText.parse(accuracyText), parsed.isFinite, parsed >= 0 else {
                return fail(.accuracy, "'\(accuracyText.prefix(40))' is not a distance in metres ≥ 0")
            }
            accuracy = parsed
        }
        let description = value(.description).map(TextFolding.nfc)
        let source = value(.source).map(TextFolding.nfc) ?? defaultSource
        var externalID = value(.id)
        if externalID == nil {
            // No id column: the content identifies the row, so re-importing adds nothing.
            externalID = "h:" + ContentHash.hex([source, reportedAt.iso8601, String(lon), String(lat), category.rawValue, description ?? ""])
        }
        let contact = TipsterContact(name: value(.tipsterName), phone: value(.tipsterPhone), zaloID: value(.tipsterZalo))
        let tip = NewTip(externalID: externalID, source: source, reportedAt: reportedAt, receivedAt: receivedAt,
                         category: category, channel: channel, description: description, location: location,
                         accuracyMeters: accuracy, contact: contact.isEmpty ? nil : contact)
        if let problem = tip.problem { return .failure(RowProblem(field: nil, reason: problem)) }
        return .success(tip)
    }
}

/// Why a row was rejected.
struct RowProblem: Error {
    let field: String?
    let reason: String
    var message: String { field.map { "field \($0): \(reason)" } ?? reason }
}

/// FNV-1a 64-bit over fields separated by a unit separator.
enum ContentHash {
    static func hex(_ fields: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for field in fields {
            for byte in field.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            hash ^= 0x1F
            hash &*= 0x100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
