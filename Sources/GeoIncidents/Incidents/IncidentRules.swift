/// The rules that put tips into incidents, with their defaults (docs/incidents.md).
///
/// - A *copy* is the same message forwarded or re-posted: its fingerprint
///   (``MessageFingerprint``) equals an earlier tip's, or shares ``copyContainment`` of its
///   5-grams with it, or it carries a photo or file of the same URL — within ``copyWindow``,
///   and not located further apart than ``copyDistance`` beyond both tips' accuracies. Texts
///   shorter than ``minimumCopyLength`` folded characters are never copies by their words.
/// - A *corroboration* is an independent report of the same event: a compatible category
///   (``compatible(_:_:)``), within ``corroborationWindow`` of the incident's last report and
///   ``corroborationDistance`` of its location beyond both accuracies, from another sender.
///   A tip located only to a commune or neighbourhood corroborates within its own commune,
///   never moves the incident's location (the best-located member's).
/// - A *repeat* is the same sender reporting the same event again in other words: it joins
///   the incident and counts as neither.
public struct IncidentRules: Sendable, Hashable {
    /// Seconds within which a copy is recognised (default 72 h).
    public var copyWindow: Double = 72 * 3600
    /// Folded characters a text needs to be recognised as a copy by its words (default 24).
    public var minimumCopyLength = 24
    /// Share of the shorter text's 5-grams the longer must have (default 0.8).
    public var copyContainment = 0.8
    /// Metres two copies may be located apart beyond their accuracies (default 2,000).
    public var copyDistance = 2_000.0
    /// Seconds after an incident's last report within which a tip corroborates it (default 2 h).
    public var corroborationWindow: Double = 2 * 3600
    /// Metres from an incident's location within which a tip corroborates it, beyond both
    /// accuracies (default 250).
    public var corroborationDistance = 250.0
    /// The largest accuracy, in metres, that counts in distances (GPS accuracies above it
    /// are capped; commune and neighbourhood tips match by their unit instead).
    public var accuracyCap = 250.0

    public init() {}

    /// Whether reports of categories `a` and `b` can be of one event: the same category;
    /// crimes, social evils and security threats together; traffic and fire together;
    /// `other` with any event. Questions about procedures (`admin_procedure`) corroborate
    /// nothing: they are not events.
    public static func compatible(_ a: String, _ b: String) -> Bool {
        if a == "admin_procedure" || b == "admin_procedure" { return false }
        if a == b || a == "other" || b == "other" { return true }
        func group(_ c: String) -> Int { c == "traffic" || c == "fire" ? 1 : 0 }
        return group(a) == group(b)
    }
}
