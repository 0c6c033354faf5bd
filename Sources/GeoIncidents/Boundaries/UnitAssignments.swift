/// Commune and neighbourhood of many points, compactly: one index per point into the code
/// tables (−1 = none). This is the form bulk consumers (analysis, benchmarks) want; codes
/// are looked up only when needed.
public struct UnitAssignments: Sendable {
    /// Per point: index into `communeCodes`, or −1.
    public let communes: [Int32]
    /// Per point: index into `neighbourhoodCodes`, or −1.
    public let neighbourhoods: [Int32]
    /// The commune codes, in the index's order.
    public let communeCodes: [String]
    /// The neighbourhood codes, in the index's order.
    public let neighbourhoodCodes: [String]

    /// The commune code of point `i`.
    public func communeCode(_ i: Int) -> String? { communes[i] >= 0 ? communeCodes[Int(communes[i])] : nil }

    /// The neighbourhood code of point `i`.
    public func neighbourhoodCode(_ i: Int) -> String? { neighbourhoods[i] >= 0 ? neighbourhoodCodes[Int(neighbourhoods[i])] : nil }

    /// Number of points with a commune.
    public var assignedCount: Int { communes.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) } }
}
