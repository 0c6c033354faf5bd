/// The rules that put tips into incidents, with their defaults (docs/incidents.md).
///
/// - A *copy* is the same message forwarded or re-posted: its fingerprint
///   (``MessageFingerprint``) equals an earlier tip's, or shares ``copyContainment`` of its
///   5-grams with it, or it carries a photo or file of the same URL — within ``copyWindow``,
///   and not located further apart than ``copyDistance`` (beyond both GPS accuracies; a GPS
///   point within the other's unit; two tips located from words at the same point). Texts
///   shorter than ``minimumCopyLength`` folded characters are never copies by their words.
/// - A *corroboration* is an independent report of the same event: a compatible category
///   (``compatible(_:_:)``), within ``corroborationWindow`` of the incident's first report (a
///   window that does not slide with each new report, so busy places do not chain events) and
///   ``corroborationDistance`` of its location beyond both accuracies, from another sender.
///   A tip located only to a commune corroborates the tips of that commune, one located to a
///   neighbourhood the tips of that neighbourhood; neither ever moves the incident's location
///   (the best-located member's).
/// - A *repeat* is the same sender reporting the same event again in other words: it joins
///   the incident and counts as neither.
public struct IncidentRules: Sendable, Hashable {
    /// Seconds within which a copy is recognised (default 72 h).
    public var copyWindow: Double = 72 * 3600
    /// Folded characters a text needs to be recognised as a copy by its words (default 40:
    /// "Cháy ở thôn 3, gọi cứu hỏa" is said by many people about many fires).
    public var minimumCopyLength = 40
    /// Share of the shorter text's 5-grams the longer must have (default 0.9: a template
    /// filled in for another place differs by more).
    public var copyContainment = 0.9
    /// Metres two copies may be located apart beyond their accuracies (default 250); two
    /// copies both located from their words must be that close, whatever their units' size.
    public var copyDistance = 250.0
    /// Seconds after an incident's first report within which a tip corroborates it (default 2 h).
    public var corroborationWindow: Double = 2 * 3600
    /// Metres from an incident's location within which a tip corroborates it, beyond both
    /// accuracies (default 250).
    public var corroborationDistance = 250.0
    /// The largest accuracy, in metres, that counts in distances (GPS accuracies above it
    /// are capped; commune and neighbourhood tips match by their unit instead).
    public var accuracyCap = 250.0

    public init() {}

    /// Whether reports of categories `a` and `b` can be of one event: the same category, or
    /// traffic and fire (a crash that burns). Crimes and social evils stay apart (a gambling
    /// den and a street fight in one hamlet the same evening are two events), and so does
    /// `other`. Questions about procedures (`admin_procedure`) corroborate nothing: they are
    /// not events.
    public static func compatible(_ a: String, _ b: String) -> Bool {
        if a == "admin_procedure" || b == "admin_procedure" { return false }
        if a == b { return true }
        return (a == "traffic" || a == "fire") && (b == "traffic" || b == "fire")
    }
}
