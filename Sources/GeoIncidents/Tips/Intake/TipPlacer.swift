import TextLocator

/// Turns a ``TipDraft`` whose place is given in words into a stored tip on a point, or an
/// ``UnresolvedTip`` for an officer, honestly (docs/locator.md):
/// - a registered place named → its point (the middle of a street segment), accuracy its extent;
/// - a neighbourhood named → a point on its surface, accuracy the radius covering it;
/// - a commune named → a point on the commune's surface, accuracy the radius covering it;
/// - several candidate communes → kept as `ambiguous` with every candidate;
/// - no place, or a commune without a boundary in this store → kept as `unlocated`.
///
/// Never a centroid (it can lie outside the unit), never a guess.
public final class TipPlacer: Sendable {
    /// What became of a draft.
    public enum Outcome: Sendable {
        /// Stored as a tip with this assignment (the unit the text named).
        case located(NewTip, Assignment)
        /// Kept for an officer.
        case unresolved(UnresolvedTip)
    }

    let database: GeoDatabase
    /// The locator over the store's gazetteer.
    public let places: PlaceLocator
    /// Representative point and covering radius of each unit used so far ("c:code", "n:code").
    private let anchors = LRUCache<String, Anchor>(capacity: 8_192)

    struct Anchor: Sendable {
        let point: Coordinate
        let radius: Double
        let parent: String?
    }

    /// A placer over `database`, loading its gazetteer.
    public convenience init(database: GeoDatabase) throws {
        self.init(database: database, places: try PlaceLocator.load(database: database))
    }

    /// A placer with a gazetteer already loaded.
    public init(database: GeoDatabase, places: PlaceLocator) {
        self.database = database
        self.places = places
    }

    /// Places a draft by its ``TipDraft/locationText`` (drafts with a GPS position need no
    /// placer: see ``TipDraft/gpsTip``). A bad province hint is a problem of field `province`.
    public func place(_ draft: TipDraft) throws -> Outcome {
        guard draft.position == nil else {
            throw TipFieldProblem(field: TipField.lon.rawValue, reason: "a tip with a position is assigned by the boundary index, not placed from its text")
        }
        guard let text = draft.locationText else { throw TipFieldProblem(field: TipField.locationText.rawValue, reason: "missing") }
        let result: LocateResult
        do {
            result = try places.locator.locate(text, provinceHint: draft.provinceHint)
        } catch let error as TextLocatorError {
            throw TipFieldProblem(field: TipField.province.rawValue, reason: "\(error)")
        }
        func unresolved(_ method: LocatingMethod, _ reason: String, candidates: [String] = []) -> Outcome {
            .unresolved(UnresolvedTip(draft: draft, method: method, candidates: candidates, reason: reason))
        }
        switch result.status {
        case .notFound: return unresolved(.unlocated, "the text names no place the gazetteer knows")
        case .ambiguous: return unresolved(.ambiguous, "the text fits \(result.candidates.count) communes", candidates: result.candidates)
        case .located: break
        }
        guard let commune = result.communeCode, let communeAnchor = try anchor(level: .commune, code: commune) else {
            return unresolved(.unlocated, "commune \(result.communeCode ?? "?") has no boundary in this store", candidates: result.candidates)
        }
        var assignment = Assignment(provinceCode: communeAnchor.parent, communeCode: commune, method: .named)
        if let id = result.placeID, let place = places.place(id: id) {
            return .located(draft.placed(at: place.representativePoint, method: .place, accuracyMeters: place.accuracyMeters), assignment)
        }
        if let code = result.neighbourhoodCode, let area = try anchor(level: .neighbourhood, code: code) {
            assignment.neighbourhoodCode = code
            return .located(draft.placed(at: area.point, method: .neighbourhood, accuracyMeters: area.radius.rounded(.up)), assignment)
        }
        return .located(draft.placed(at: communeAnchor.point, method: .commune, accuracyMeters: communeAnchor.radius.rounded(.up)), assignment)
    }

    /// Places a draft on the representative point of commune `code` (an officer's decision
    /// for an ambiguous tip): method `commune`, accuracy the radius that covers the commune.
    public func place(_ draft: TipDraft, inCommune code: String) throws -> (NewTip, Assignment) {
        guard let anchor = try anchor(level: .commune, code: code) else {
            throw GeoIncidentsError.invalidInput("commune '\(code.prefix(40))' has no boundary in this store")
        }
        return (draft.placed(at: anchor.point, method: .commune, accuracyMeters: anchor.radius.rounded(.up)),
                Assignment(provinceCode: anchor.parent, communeCode: code, method: .named))
    }

    /// The unit's representative point and covering radius. Only units found are kept (a
    /// miss is not cached: a caller naming made-up codes cannot fill the cache with them).
    func anchor(level: AdminLevel, code: String) throws -> Anchor? {
        guard !code.isEmpty, code.utf8.count <= 40 else { return nil }
        let key = "\(level.rawValue):\(code)"
        if let known = anchors.value(for: key) { return known }
        let units = try database.read { try RegionStore(database: database).loadAreas(level: level, codes: [code], connection: $0) }
        guard let anchor = units.first.flatMap({ unit in
            unit.area.pointOnSurface.map { Anchor(point: $0, radius: unit.area.coveringRadiusMeters(around: $0), parent: unit.parent) }
        }) else { return nil }
        anchors.store(anchor, for: key)
        return anchor
    }
}
