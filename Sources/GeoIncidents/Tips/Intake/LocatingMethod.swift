/// How a stored or kept tip got its location, from the most to the least precise. Analyses
/// that work at a metric scale use a tip only when its accuracy is finer than that scale
/// (docs/locator.md, "Honest analytics").
public enum LocatingMethod: String, Sendable, CaseIterable, Codable {
    /// A GPS position sent with the tip (or placed by an officer on the map).
    case gps
    /// A place registered by commune police (market, school, street segment) named in the text.
    case place
    /// A neighbourhood (thôn, ấp, khu phố, tổ dân phố) named in the text.
    case neighbourhood
    /// Only a commune (2025 or legacy ward) named in the text.
    case commune
    /// The text names several possible communes; kept for an officer, not stored as a point.
    case ambiguous
    /// The text names no place (or one outside this store); kept for an officer.
    case unlocated

    /// Whether tips located this way have a point in `tips` (the others wait in
    /// `unresolved_tips`).
    public var hasPoint: Bool { self != .ambiguous && self != .unlocated }
}
