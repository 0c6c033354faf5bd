/// A tip as it arrives, before it is stored.
public struct NewTip: Sendable, Hashable {
    /// The sender's own id for the tip (message id, row id); unique per source. Re-sending
    /// the same (source, external id) adds nothing.
    public var externalID: String?
    /// The group or page the tip came from (e.g. the Zalo group's name).
    public var source: String
    /// When the tipster reported it.
    public var reportedAt: Timestamp
    /// When the police system received it; defaults to the time of storing.
    public var receivedAt: Timestamp?
    public var category: TipCategory
    public var channel: TipChannel
    /// Free text. Never written to logs.
    public var description: String?
    /// Longitude/latitude (WGS84). Sensitive: exact locations are never in public outputs.
    public var location: Coordinate
    /// Accuracy of the location in metres, when known.
    public var accuracyMeters: Double?
    /// Who sent it. Stored apart; no listing or export joins it in.
    public var contact: TipsterContact?
    /// How ``location`` was found: GPS, or a place, neighbourhood or commune named in
    /// ``locationText`` (then ``location`` is a point on that place or unit and
    /// ``accuracyMeters`` the radius that covers it).
    public var locatingMethod: LocatingMethod = .gps
    /// The place as the tipster described it, when it was located from text. Sensitive like
    /// the description: never in public outputs or logs.
    public var locationText: String?

    /// Creates a tip.
    public init(externalID: String? = nil, source: String, reportedAt: Timestamp, receivedAt: Timestamp? = nil,
                category: TipCategory, channel: TipChannel, description: String? = nil, location: Coordinate,
                accuracyMeters: Double? = nil, contact: TipsterContact? = nil) {
        self.externalID = externalID
        self.source = source
        self.reportedAt = reportedAt
        self.receivedAt = receivedAt
        self.category = category
        self.channel = channel
        self.description = description
        self.location = location
        self.accuracyMeters = accuracyMeters
        self.contact = contact
    }

    /// Why the tip cannot be stored, or `nil` when it can.
    public var problem: String? {
        if let problem = location.lonLatProblem { return problem }
        if !locatingMethod.hasPoint { return "a tip located as \(locatingMethod.rawValue) has no point: keep it as an unresolved tip" }
        if let locationText, locationText.utf8.count > TipParser.locationTextLimit { return "location text is longer than \(TipParser.locationTextLimit) bytes" }
        return Self.reportProblem(accuracyMeters: accuracyMeters, source: source, externalID: externalID)
    }

    /// The checks a tip and a ``TipDraft`` share: accuracy, source and id.
    static func reportProblem(accuracyMeters: Double?, source: String, externalID: String?) -> String? {
        if let accuracyMeters, !(accuracyMeters.isFinite && accuracyMeters >= 0) {
            return "accuracy \(accuracyMeters) is not a distance in metres ≥ 0"
        }
        if source.isEmpty { return "source is empty" }
        if let externalID, externalID.isEmpty { return "id is empty: leave it out instead" }
        if let externalID, externalID.utf8.count > 200 { return "id is longer than 200 bytes" }
        return nil
    }
}

/// A tipster's contact details: the most sensitive data in the system.
public struct TipsterContact: Sendable, Hashable {
    public var name: String?
    public var phone: String?
    public var zaloID: String?
    public var note: String?

    public init(name: String? = nil, phone: String? = nil, zaloID: String? = nil, note: String? = nil) {
        self.name = name
        self.phone = phone
        self.zaloID = zaloID
        self.note = note
    }

    var isEmpty: Bool { name == nil && phone == nil && zaloID == nil && note == nil }
}

/// A stored tip as listings show it: never with the tipster's contact.
public struct TipRecord: Sendable, Hashable {
    public var id: Int64
    public var externalID: String?
    public var source: String
    public var reportedAt: Timestamp
    public var receivedAt: Timestamp
    public var category: TipCategory
    public var channel: TipChannel
    public var description: String?
    public var location: Coordinate
    public var accuracyMeters: Double?
    public var assignment: Assignment
    public var status: TipStatus
    /// How the location was found.
    public var locatingMethod: LocatingMethod = .gps
}
