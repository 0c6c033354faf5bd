/// An incident as listed: where (its best-located member), when, what, and how many
/// reports of which kind.
public struct IncidentRecord: Sendable, Hashable {
    public var id: Int64
    /// The best-located member, whose position is the incident's.
    public var anchorTipID: Int64
    public var lon: Double, lat: Double
    /// Accuracy of the position in metres (nil: a GPS point without one).
    public var accuracyMeters: Double?
    public var locatingMethod: LocatingMethod
    public var communeCode: String?
    public var provinceCode: String?
    public var status: TipStatus
    public var firstReportedAt: Timestamp
    public var lastReportedAt: Timestamp
    /// Member tips, of them forwarded copies, independent corroborating reports and repeats
    /// by the same sender.
    public var tips: Int, copies: Int, corroborations: Int, repeats: Int
    public var categories: [String], channels: [String], sources: [String]

    /// Independent reports: the first and every corroboration (copies and repeats are not
    /// independent). The credibility signal of listings, the map and reports.
    public var independentReports: Int { 1 + corroborations }
}

/// A member tip of an incident and how it joined.
public struct IncidentMember: Sendable, Hashable {
    public var tipID: Int64
    public var link: IncidentLink
    /// The member it matched (a copy's original, the report it corroborates).
    public var linkedTo: Int64?
    public var reportedAt: Timestamp
    public var category: String
    public var channel: String
    public var source: String
    public var status: TipStatus
}

/// An officer's decision on incidents, as the audit trail keeps it.
public struct IncidentDecision: Sendable, Hashable {
    public var id: Int64
    public var decidedAt: Timestamp
    public var actor: String
    /// `merge`, `split` or `status`.
    public var action: String
    public var tipID: Int64
    public var otherTipID: Int64?
    public var detail: String?
}
