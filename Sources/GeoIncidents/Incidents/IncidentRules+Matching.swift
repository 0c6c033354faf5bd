extension IncidentRules {
    /// How much `tip` is a copy of the earlier `other` (0: not a copy, else ≥
    /// ``copyContainment``): a shared photo or file, or the fingerprints' containment, when
    /// the two are not located too far apart. Time windows are the caller's.
    public func copyScore(_ tip: IncidentGrouper.Tip, of other: IncidentGrouper.Tip) -> Double {
        // Copies name the same place, so where both were located from their words they were
        // put at the same point: then the unit's reach does not widen the test (a template
        // filled in for the next hamlet is not a copy). A GPS point must lie within the
        // other's unit.
        guard sameUnit(tip, other), distance(tip, other) <= copyDistance + reach(tip, other) else { return 0 }
        var score = 0.0
        if !tip.attachments.isEmpty, tip.attachments.contains(where: other.attachments.contains) { score = 1 }
        if let mine = tip.fingerprint, let theirs = other.fingerprint,
           mine.isDistinctive(minimumLength: minimumCopyLength), theirs.isDistinctive(minimumLength: minimumCopyLength) {
            score = max(score, mine.containment(theirs, minimumLength: minimumCopyLength))
        }
        return score >= copyContainment ? score : 0
    }

    /// The distance from `tip` to an incident located at `anchor` whose reports have
    /// `categories`, when `tip` can corroborate it (nil otherwise): a compatible category,
    /// within ``corroborationDistance`` beyond both accuracies, and — when either is located
    /// only to a unit — in the same commune. Time windows and senders are the caller's.
    public func corroboration(_ tip: IncidentGrouper.Tip, anchor: IncidentGrouper.Tip, categories: [String]) -> Double? {
        guard categories.contains(where: { Self.compatible($0, tip.category) }) else { return nil }
        return corroboration(tip, anchor: anchor)
    }

    /// ``corroboration(_:anchor:categories:)`` with the categories checked by the caller.
    func corroboration(_ tip: IncidentGrouper.Tip, anchor: IncidentGrouper.Tip) -> Double? {
        let d = distance(tip, anchor)
        guard sameUnit(tip, anchor), d <= corroborationDistance + reach(tip, anchor) else { return nil }
        return d
    }

    func distance(_ a: IncidentGrouper.Tip, _ b: IncidentGrouper.Tip) -> Double { ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() }

    /// How far apart two reports of one place may be located, beyond the rule's distance:
    /// both GPS (or registered places), their accuracies (capped); a GPS point and a unit,
    /// the unit's reach; two tips located from words to the same kind of unit, nothing (the
    /// same unit gives the same point); to a commune and to a neighbourhood, the commune's
    /// reach (it holds the neighbourhood).
    func reach(_ a: IncidentGrouper.Tip, _ b: IncidentGrouper.Tip) -> Double {
        switch (a.isPrecise, b.isPrecise) {
        case (true, true): capped(a) + capped(b)
        case (true, false): b.accuracy + capped(a)
        case (false, true): a.accuracy + capped(b)
        case (false, false): a.method == b.method ? 0 : max(a.accuracy, b.accuracy)
        }
    }

    /// Whether a report located only to a unit can be of the same place as the other: a
    /// commune-located tip with a tip of that commune, a neighbourhood-located tip with a tip
    /// of that neighbourhood. Two points (GPS, places) always can (distance decides).
    func sameUnit(_ a: IncidentGrouper.Tip, _ b: IncidentGrouper.Tip) -> Bool {
        if a.isPrecise && b.isPrecise { return true }
        guard !a.commune.isEmpty, a.commune == b.commune else { return false }
        if a.method == .neighbourhood || b.method == .neighbourhood {
            // A commune-located tip holds any neighbourhood of its commune.
            if a.method == .commune || b.method == .commune { return true }
            return !a.neighbourhood.isEmpty && a.neighbourhood == b.neighbourhood
        }
        return true
    }

    /// A tip's accuracy as distances count it: GPS and place accuracies capped at
    /// ``accuracyCap``, a unit's covering radius in full.
    func capped(_ tip: IncidentGrouper.Tip) -> Double { tip.isPrecise ? min(tip.accuracy, accuracyCap) : tip.accuracy }
}
