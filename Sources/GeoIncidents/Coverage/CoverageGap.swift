/// A hotspot cell or border cluster that the active cameras mostly do not see.
public struct CoverageGap: Sendable {
    public enum Kind: String, Sendable { case hotspotCell = "hotspot_cell", borderCluster = "border_cluster" }
    public var kind: Kind
    /// "ix,iy" of the cell, or the cluster's key.
    public var id: String
    public var tips: Int
    public var covered: Int
    /// Tips no active camera sees.
    public var uncovered: Int { tips - covered }
    public var coveredShare: Double { tips > 0 ? Double(covered) / Double(tips) : 0 }
    /// The cell's outline or the cluster's hull, lon/lat.
    public var outline: [Coordinate]
    /// Gi* z of the cell; nil for clusters.
    public var z: Double?
    /// Communes the cluster spans or lies by (clusters), or the cell's (none).
    public var communes: [String]
}
