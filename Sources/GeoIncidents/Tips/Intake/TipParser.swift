/// One field's value as a sender wrote it: text (CSV cells, GeoJSON string properties,
/// command-line options) or a number (JSON numbers).
public enum TipFieldValue: Sendable, Hashable {
    case text(String)
    case number(Double)
}

/// The one reader of tip fields, for every channel: CSV, GeoJSON and NDJSON files, the HTTP
/// intake's JSON bodies and `geoq tips add`. It turns one tip's raw field values into a
/// ``TipDraft`` or a ``TipFieldProblem`` naming the field, so every channel accepts and
/// refuses the same things with the same messages. Channels differ only by their ``Rules``.
public struct TipParser: Sendable {
    /// What differs between channels.
    public struct Rules: Sendable {
        /// The source of tips that name none (a file's name, a token's source).
        public var defaultSource: String
        /// The category of tips that name none; nil: a category is required.
        public var category: TipCategory?
        /// The channel of tips that name none.
        public var channel: TipChannel = .other
        /// UTC offset, in minutes, of times written without one (Vietnam: +420).
        public var defaultOffsetMinutes = 420
        /// The report time of tips that give none; nil: a report time is required (files).
        public var reportedAtDefault: Timestamp?
        /// Report times after this are refused (live intake: now + 5 minutes); nil: any.
        public var latestReportedAt: Timestamp?
        /// The longest description accepted, in characters; nil: any.
        public var descriptionLimit: Int?
        /// Whether a tip without an id gets one from its content (files: re-importing adds
        /// nothing), or none (live intake: Idempotency-Key does that job).
        public var contentIDs = true

        /// Rules with a default source.
        public init(defaultSource: String) { self.defaultSource = defaultSource }
    }

    /// The longest `location_text` accepted, in UTF-8 bytes.
    public static let locationTextLimit = 4_096

    public let rules: Rules

    /// A parser with `rules`.
    public init(rules: Rules) { self.rules = rules }

    /// Reads one tip. `value(field)` returns the field's raw value, or nil when absent or empty.
    public func parse(_ value: (TipField) -> TipFieldValue?) -> Result<TipDraft, TipFieldProblem> {
        do { return .success(try draft(value)) } catch let problem as TipFieldProblem { return .failure(problem) } catch {
            return .failure(TipFieldProblem(field: nil, reason: "\(error)"))
        }
    }

    private func draft(_ value: (TipField) -> TipFieldValue?) throws -> TipDraft {
        func fail(_ field: TipField?, _ reason: String) -> TipFieldProblem { TipFieldProblem(field: field?.rawValue, reason: reason) }
        func text(_ field: TipField) throws -> String? {
            switch value(field) {
            case nil: return nil
            case .text(let s)?: return s.isEmpty ? nil : s
            case .number(let n)? where field == .id && n == n.rounded() && abs(n) < 1e15: return String(Int64(n))
            case .number?: throw fail(field, "must be a string")
            }
        }
        func number(_ field: TipField) throws -> Double? {
            switch value(field) {
            case nil: return nil
            case .number(let n)?: return n
            case .text(let s)?:
                guard let n = DecimalText.parse(s) else { throw fail(field, "'\(s.prefix(40))' is not a number") }
                return n
            }
        }
        func time(_ field: TipField) throws -> Timestamp? {
            guard let t = try text(field) else { return nil }
            guard let parsed = Timestamp.parse(t, defaultOffsetMinutes: rules.defaultOffsetMinutes) else {
                throw fail(field, "'\(t.prefix(40))' is not an ISO 8601 date-time (e.g. 2025-07-01T08:30:00+07:00)")
            }
            return parsed
        }

        let locationText = try text(.locationText).map(TextFolding.nfc)
        if let locationText, locationText.utf8.count > Self.locationTextLimit {
            throw fail(.locationText, "longer than \(Self.locationTextLimit) bytes")
        }
        let provinceHint = try text(.province)
        var position: Coordinate?
        switch (try number(.lon), try number(.lat)) {
        case let (lon?, lat?):
            let location = Coordinate(x: lon, y: lat)
            if let problem = location.lonLatProblem { throw fail(lon.isFinite && abs(lon) <= 180 ? .lat : .lon, problem) }
            position = location
        case (nil, nil):
            guard locationText != nil else { throw fail(.lon, "missing longitude and latitude (or a location_text naming the place)") }
        case (nil, _?): throw fail(.lon, "missing longitude")
        case (_?, nil): throw fail(.lat, "missing latitude")
        }

        guard let reportedAt = try time(.reportedAt) ?? rules.reportedAtDefault else { throw fail(.reportedAt, "missing report time") }
        if let latest = rules.latestReportedAt, reportedAt.secondsSinceEpoch > latest.secondsSinceEpoch {
            throw fail(.reportedAt, "\(reportedAt) is in the future")
        }
        let receivedAt = try time(.receivedAt)
        let category: TipCategory
        if let categoryText = try text(.category) {
            guard let parsed = TipCategory.parse(categoryText) else {
                throw fail(.category, "unknown category '\(categoryText.prefix(40))'; expected one of \(TipCategory.codeList)")
            }
            category = parsed
        } else if let fixed = rules.category {
            category = fixed
        } else {
            throw fail(.category, "missing category")
        }
        var channel = rules.channel
        if let channelText = try text(.channel) {
            guard let parsed = TipChannel.parse(channelText) else {
                throw fail(.channel, "unknown channel '\(channelText.prefix(40))'; expected one of \(TipChannel.codeList)")
            }
            channel = parsed
        }
        var accuracy: Double?
        if let parsed = try number(.accuracy) {
            guard parsed.isFinite, parsed >= 0 else { throw fail(.accuracy, "\(parsed) is not a distance in metres ≥ 0") }
            accuracy = parsed
        }
        let description = try text(.description).map(TextFolding.nfc)
        if let description, let limit = rules.descriptionLimit, description.count > limit {
            throw fail(.description, "longer than \(limit) characters")
        }
        let source = try text(.source).map(TextFolding.nfc) ?? rules.defaultSource
        var externalID = try text(.id).map(TextFolding.nfc)
        if externalID == nil, rules.contentIDs {
            // No id: the content identifies the row, so re-importing adds nothing.
            let place = position.map { [String($0.x), String($0.y)] } ?? [locationText ?? "", provinceHint ?? ""]
            externalID = "h:" + ContentHash.hex([source, reportedAt.iso8601] + place + [category.rawValue, description ?? ""])
        }
        let contact = TipsterContact(name: try text(.tipsterName), phone: try text(.tipsterPhone), zaloID: try text(.tipsterZalo),
                                     note: try text(.tipsterNote))
        let draft = TipDraft(externalID: externalID, source: source, reportedAt: reportedAt, receivedAt: receivedAt,
                             category: category, channel: channel, description: description, position: position,
                             accuracyMeters: accuracy, locationText: locationText, provinceHint: provinceHint,
                             contact: contact.isEmpty ? nil : contact)
        if let problem = draft.problem { throw fail(nil, problem) }
        return draft
    }
}

/// Why a tip's fields were refused, naming the field when one is to blame.
public struct TipFieldProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's name as ``TipField`` spells it ("lon", "reported_at"), or nil.
    public let field: String?
    /// What is wrong, for a person to act on.
    public let reason: String
    /// "field lon: missing longitude", or the reason alone.
    public var message: String { field.map { "field \($0): \(reason)" } ?? reason }
    public var description: String { message }
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
