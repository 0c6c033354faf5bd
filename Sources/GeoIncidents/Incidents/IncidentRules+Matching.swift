extension IncidentRules {
    /// How much `tip` is a copy of the earlier `other` (0: not a copy, else ≥
    /// ``copyContainment``): a shared photo or file, or the fingerprints' containment, when
    /// the two are not located too far apart. Time windows are the caller's.
    public func copyScore(_ tip: IncidentGrouper.Tip, of other: IncidentGrouper.Tip) -> Double {
        guard distance(tip, other) <= copyDistance + capped(tip) + capped(other) else { return 0 }
        var score = 0.0
        if !tip.attachments.isEmpty, tip.attachments.contains(where: other.attachments.contains) { score = 1 }
        if let mine = tip.fingerprint, let theirs = other.fingerprint,
           mine.isDistinctive(minimumLength: minimumCopyLength), theirs.isDistinctive(minimumLength: minimumCopyLength) {
            score = max(score, mine.containment(theirs))
        }
        return score >= copyContainment ? score : 0
    }

    /// The distance from `tip` to an incident located at `anchor` whose reports have
    /// `categories`, when `tip` can corroborate it (nil otherwise): a compatible category,
    /// within ``corroborationDistance`` beyond both accuracies, and — when either is located
    /// only to a unit — in the same commune. Time windows and senders are the caller's.
    public func corroboration(_ tip: IncidentGrouper.Tip, anchor: IncidentGrouper.Tip, categories: [String]) -> Double? {
        guard categories.contains(where: { Self.compatible($0, tip.category) }) else { return nil }
        let d = distance(tip, anchor)
        guard d <= corroborationDistance + capped(tip) + capped(anchor) else { return nil }
        if !(tip.isPrecise && anchor.isPrecise) {
            guard !tip.commune.isEmpty, tip.commune == anchor.commune else { return nil }
        }
        return d
    }

    func distance(_ a: IncidentGrouper.Tip, _ b: IncidentGrouper.Tip) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }

    /// A tip's accuracy as distances count it: GPS and place accuracies capped at
    /// ``accuracyCap``, a unit's covering radius in full.
    func capped(_ tip: IncidentGrouper.Tip) -> Double { tip.isPrecise ? min(tip.accuracy, accuracyCap) : tip.accuracy }
}
