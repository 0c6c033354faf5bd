/// How clusters are found and which count as border clusters.
public struct ClusterParameters: Sendable, Hashable {
    /// DBSCAN radius in metres (distance ≤ eps counts).
    public var epsMeters = 100.0
    /// DBSCAN density: tips within eps, the tip itself included, for a core tip.
    public var minPoints = 8
    /// A cluster whose hull comes this close (metres) to a border is a border cluster.
    public var borderDistanceMeters = 300.0
    /// Projected CRS for all metric work; nil = the UTM zone of the tips' median longitude.
    public var crs: String?
    /// Which tips make a cluster's hull and commune span.
    public var hullTips = HullTips.members
    /// Which lines count as borders.
    public var borderLines = BorderLines.shared
    /// How far (metres) to look for the nearest shared border of clusters far from any.
    public var nearestBorderSearchMeters = 20_000.0

    /// Which tips make a cluster's hull and the communes it spans.
    public enum HullTips: String, Sendable, Hashable, CaseIterable {
        /// Every member, border points included (what a commander sees).
        case members
        /// Core tips only: deterministic, since a border point reachable from two clusters
        /// may join either in any DBSCAN (the peers' core-only reference).
        case core
    }

    /// Which lines a border cluster must come near.
    public enum BorderLines: String, Sendable, Hashable, CaseIterable {
        /// Boundaries shared by two adjacent communes (`SharedBorder`): a coast is no border.
        case shared
        /// Every commune boundary, coast and layer edge included (the peers' W3 selection).
        case communeBoundaries = "commune-boundaries"
    }

    public init(epsMeters: Double = 100, minPoints: Int = 8, borderDistanceMeters: Double = 300, crs: String? = nil) {
        (self.epsMeters, self.minPoints, self.borderDistanceMeters, self.crs) = (epsMeters, minPoints, borderDistanceMeters, crs)
    }

    /// Throws a clear error naming the option when a value is out of range.
    public func validate() throws {
        guard epsMeters.isFinite, epsMeters >= DBSCAN.minimumEps else {
            throw GeoIncidentsError.invalidInput("eps must be a distance from \(DBSCAN.minimumEps) to 10000 metres, got \(epsMeters)")
        }
        guard epsMeters <= 10_000 else { throw GeoIncidentsError.invalidInput("eps must be at most 10000 metres, got \(epsMeters)") }
        guard minPoints >= 1 else { throw GeoIncidentsError.invalidInput("min points must be at least 1, got \(minPoints)") }
        guard borderDistanceMeters.isFinite, borderDistanceMeters >= 0, borderDistanceMeters <= 10_000 else {
            throw GeoIncidentsError.invalidInput("border distance must be 0…10000 metres, got \(borderDistanceMeters)")
        }
        guard nearestBorderSearchMeters.isFinite, nearestBorderSearchMeters >= borderDistanceMeters else {
            throw GeoIncidentsError.invalidInput("the nearest-border search must reach at least the border distance")
        }
    }
}
