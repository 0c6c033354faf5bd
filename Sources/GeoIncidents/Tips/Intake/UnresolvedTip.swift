/// A tip whose words do not decide one place: several candidate communes (`ambiguous`) or
/// none (`unlocated`). Kept, never dropped, never a point in any analysis, until an officer
/// places it (`geoq tips unresolved`, `geoq tips resolve`, `PATCH /tips/unresolved/{id}`).
public struct UnresolvedTip: Sendable, Hashable {
    /// Its id among unresolved tips (0 before it is stored).
    public var id: Int64 = 0
    /// The tip as received.
    public var draft: TipDraft
    /// `ambiguous` or `unlocated`.
    public var method: LocatingMethod
    /// Candidate 2025 commune codes when ambiguous.
    public var candidates: [String]
    /// Why it was not placed.
    public var reason: String

    /// Creates an unresolved tip.
    public init(id: Int64 = 0, draft: TipDraft, method: LocatingMethod, candidates: [String], reason: String) {
        self.id = id; self.draft = draft; self.method = method; self.candidates = candidates; self.reason = reason
    }
}
