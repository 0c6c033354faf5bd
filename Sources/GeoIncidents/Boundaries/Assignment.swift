/// How a tip was matched to its unit.
public enum AssignmentMethod: String, Sendable, CaseIterable, Codable {
    /// Strictly inside exactly one unit.
    case inside
    /// On a shared edge or vertex: the unit with the smallest code wins.
    case boundary
    /// Strictly inside two or more overlapping units (bad data): the deepest wins.
    case overlap
    /// In a gap or just outside: the nearest unit within the snap tolerance.
    case nearest
    /// No unit within the snap tolerance. Kept, never dropped.
    case unassigned
    /// Named in the tip's text (the text locator): the tip's point is a representative
    /// point of that unit or place, not a position.
    case named
}

/// The units a tip belongs to, and how that was decided.
public struct Assignment: Sendable, Hashable, Codable {
    /// The province (the commune's parent), if known.
    public var provinceCode: String?
    /// The commune.
    public var communeCode: String?
    /// The neighbourhood inside that commune.
    public var neighbourhoodCode: String?
    /// How the commune was chosen.
    public var method: AssignmentMethod
    /// Distance in metres from the tip to the nearest commune boundary (its commune's edge,
    /// or the nearest commune's edge when outside every commune); `nil` when no commune
    /// is near enough to measure (beyond the search radius).
    public var boundaryDistanceMeters: Double?

    /// Creates an assignment.
    public init(provinceCode: String? = nil, communeCode: String? = nil, neighbourhoodCode: String? = nil,
                method: AssignmentMethod, boundaryDistanceMeters: Double? = nil) {
        self.provinceCode = provinceCode
        self.communeCode = communeCode
        self.neighbourhoodCode = neighbourhoodCode
        self.method = method
        self.boundaryDistanceMeters = boundaryDistanceMeters
    }

    /// Nothing matched.
    public static let unassigned = Assignment(method: .unassigned)
}

/// Compares unit codes: as numbers when both are all digits, else as text.
enum CodeOrder {
    static func isSmaller(_ a: String, _ b: String) -> Bool {
        if let x = numericValue(a), let y = numericValue(b), x != y { return x < y }
        return a < b
    }

    static func numericValue(_ code: String) -> UInt64? {
        guard !code.isEmpty, code.utf8.count <= 19, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt64(code)
    }
}
