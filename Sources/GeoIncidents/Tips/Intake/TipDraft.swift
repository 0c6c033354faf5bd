/// A tip as a channel delivered it, checked field by field but not yet placed: it has GPS
/// coordinates, a place described in words (``locationText``), or both. ``TipParser`` makes
/// drafts from CSV rows, GeoJSON features, JSON bodies and `geoq tips add`; ``TipPlacer``
/// turns each into a ``NewTip`` with a point, or an ``UnresolvedTip`` kept for an officer.
public struct TipDraft: Sendable, Hashable {
    /// The sender's own id for the tip; unique per source.
    public var externalID: String?
    /// The group or page the tip came from.
    public var source: String
    /// When the tipster reported it.
    public var reportedAt: Timestamp
    /// When the police system received it (default: the time of storing).
    public var receivedAt: Timestamp?
    public var category: TipCategory
    public var channel: TipChannel
    /// Free text. Never written to logs.
    public var description: String?
    /// GPS longitude/latitude (WGS84), when the sender shared a position.
    public var position: Coordinate?
    /// Accuracy of ``position`` in metres, when known.
    public var accuracyMeters: Double?
    /// How ``position`` was found: `gps` (a device's fix or an officer's pin), or the place,
    /// neighbourhood or commune an officer confirmed among the text locator's proposals (the
    /// hotline desk), which then needs ``accuracyMeters``.
    public var positionMethod: LocatingMethod = .gps
    /// Where it happened, in words ("chợ Tân Lợi, P. Tân Lợi, TP Buôn Ma Thuột"), NFC.
    public var locationText: String?
    /// The 2025 province code of the page or hotline that received the tip: a hint for the
    /// text locator, never a location by itself.
    public var provinceHint: String?
    /// Who sent it. Stored apart; no listing or export joins it in.
    public var contact: TipsterContact?

    /// Creates a draft.
    public init(externalID: String? = nil, source: String, reportedAt: Timestamp, receivedAt: Timestamp? = nil,
                category: TipCategory, channel: TipChannel, description: String? = nil, position: Coordinate? = nil,
                accuracyMeters: Double? = nil, locationText: String? = nil, provinceHint: String? = nil, contact: TipsterContact? = nil) {
        self.externalID = externalID
        self.source = source
        self.reportedAt = reportedAt
        self.receivedAt = receivedAt
        self.category = category
        self.channel = channel
        self.description = description
        self.position = position
        self.accuracyMeters = accuracyMeters
        self.locationText = locationText
        self.provinceHint = provinceHint
        self.contact = contact
    }

    /// The tip at `location`, found by `method`, with `accuracy` metres.
    public func placed(at location: Coordinate, method: LocatingMethod, accuracyMeters accuracy: Double?) -> NewTip {
        var tip = NewTip(externalID: externalID, source: source, reportedAt: reportedAt, receivedAt: receivedAt,
                         category: category, channel: channel, description: description, location: location,
                         accuracyMeters: accuracy, contact: contact)
        tip.locatingMethod = method
        tip.locationText = locationText
        return tip
    }

    /// The tip at its position (found by ``positionMethod``), or nil when it has none.
    public var gpsTip: NewTip? { position.map { placed(at: $0, method: positionMethod, accuracyMeters: accuracyMeters) } }
}

extension TipDraft {
    /// Why the draft cannot become a tip, or nil when it can.
    public var problem: String? {
        if let problem = position?.lonLatProblem { return problem }
        if position == nil, locationText == nil { return "a tip needs a position (lon, lat) or a location_text" }
        if positionMethod != .gps {
            guard position != nil, [.place, .neighbourhood, .commune].contains(positionMethod) else {
                return "located_by '\(positionMethod.rawValue)' goes with lon and lat, as gps, place, neighbourhood or commune"
            }
            guard let accuracy = accuracyMeters, accuracy > 0 else { return "a position located_by \(positionMethod.rawValue) needs its accuracy_m (the radius of the place)" }
        }
        return NewTip.reportProblem(accuracyMeters: accuracyMeters, source: source, externalID: externalID)
    }
}
