/// What an analysis counts: incidents (each event once, at its best-located report — the
/// default of every analysis a user runs) or tips (every message, forwarded copies and
/// corroborating reports included). docs/incidents.md, "Analyses count events".
public enum CountingUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case incidents
    case tips
}
