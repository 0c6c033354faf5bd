/// How a tip joined its incident.
public enum IncidentLink: String, Sendable, Codable, CaseIterable {
    /// The incident's first report (a tip alone is an incident of one).
    case first
    /// The same message forwarded or re-posted.
    case copy
    /// An independent report of the same event by another sender.
    case corroboration
    /// The same sender reporting the same event again in other words.
    case `repeat`
    /// Put there by an officer (`merge`).
    case officer
}
