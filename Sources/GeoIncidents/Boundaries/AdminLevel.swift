/// A level of the administrative hierarchy (since July 2025: province → commune, plus the
/// neighbourhoods — thôn, ấp, khu phố, tổ dân phố — inside communes).
public enum AdminLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case province
    case commune
    case neighbourhood

    /// The level above, if any.
    public var parent: AdminLevel? {
        switch self {
        case .province: nil
        case .commune: .province
        case .neighbourhood: .commune
        }
    }

    private var rank: Int {
        switch self {
        case .province: 0
        case .commune: 1
        case .neighbourhood: 2
        }
    }

    public static func < (a: AdminLevel, b: AdminLevel) -> Bool { a.rank < b.rank }
}
