/// The answer of ``Locator/locate(_:provinceHint:)``.
public struct LocateResult: Sendable, Hashable {
    /// Whether the text was resolved to one commune.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// One 2025 commune.
        case located
        /// Several candidate communes, all listed in ``LocateResult/candidates``.
        case ambiguous
        /// The text names no place the locator can resolve. It never guesses one.
        case notFound = "not_found"
    }

    /// How precisely the commune was found.
    public enum Level: String, Sendable, Hashable {
        /// A registered place was named.
        case place
        /// A neighbourhood (thôn, ấp, khu phố, tổ dân phố) was named.
        case neighbourhood
        /// A commune (2025 or legacy ward) was named.
        case commune
    }

    /// The status.
    public var status: Status
    /// The 2025 commune code when located.
    public var communeCode: String?
    /// Candidate 2025 commune codes, sorted: the located one, or all of them when ambiguous.
    public var candidates: [String]
    /// 0…1: how much evidence backs the answer (type word, abbreviation, context agreeing);
    /// 0 when not found. See docs/locator.md.
    public var confidence: Double
    /// The level of the deciding mention (nil when not found).
    public var level: Level?
    /// The deciding mention as written in the text ("P. Phúc Xá").
    public var matchedText: String?
    /// The deciding mention's range in the text.
    public var matchedRange: Range<String.Index>?
    /// The neighbourhood code, when a neighbourhood decided.
    public var neighbourhoodCode: String?
    /// The place id, when a registered place decided.
    public var placeID: String?
    /// True when the text was longer than ``Locator/scanLimit`` and only its start was read.
    public var truncated: Bool

    /// A result that names nothing.
    public static func notFound(truncated: Bool = false) -> LocateResult {
        LocateResult(status: .notFound, communeCode: nil, candidates: [], confidence: 0, level: nil,
                     matchedText: nil, matchedRange: nil, neighbourhoodCode: nil, placeID: nil, truncated: truncated)
    }
}
