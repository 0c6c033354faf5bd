import TextLocator

/// Where a text could put a tip, for an officer to confirm (the hotline desk): the one place
/// the placer would choose, or each candidate commune of an ambiguous text, with the same
/// points and accuracies a stored tip would get.
public struct PlacementProposal: Sendable, Hashable {
    public var location: Coordinate
    public var accuracyMeters: Double?
    /// `place`, `neighbourhood` or `commune`.
    public var method: LocatingMethod
    public var assignment: Assignment
    /// The registered place's name when the text named one.
    public var placeName: String?
}

extension TipPlacer {
    /// Candidates with more communes than this are listed only up to it.
    public static let maximumProposals = 12

    /// What `text` (with a province hint) locates: the status (`located`, `ambiguous` or
    /// `not_found`, as the text locator says it) and the proposals (none when the text names
    /// no place this store knows).
    public func proposals(for text: String, provinceHint: String?) throws -> (status: String, proposals: [PlacementProposal]) {
        let draft = TipDraft(source: "desk", reportedAt: Timestamp.now(), category: .other, channel: .hotline, locationText: text, provinceHint: provinceHint)
        switch try place(draft) {
        case .located(let tip, let assignment):
            var name: String?
            if tip.locatingMethod == .place, let id = try? places.locator.locate(text, provinceHint: provinceHint).placeID {
                name = places.place(id: id)?.name
            }
            return ("located", [PlacementProposal(location: tip.location, accuracyMeters: tip.accuracyMeters, method: tip.locatingMethod,
                                                 assignment: assignment, placeName: name)])
        case .unresolved(let kept) where kept.method == .ambiguous:
            var proposals: [PlacementProposal] = []
            for code in kept.candidates.prefix(Self.maximumProposals) {
                guard let (tip, assignment) = try? place(draft, inCommune: code) else { continue }
                proposals.append(PlacementProposal(location: tip.location, accuracyMeters: tip.accuracyMeters, method: .commune, assignment: assignment, placeName: nil))
            }
            return ("ambiguous", proposals)
        case .unresolved:
            return ("not_found", [])
        }
    }
}
