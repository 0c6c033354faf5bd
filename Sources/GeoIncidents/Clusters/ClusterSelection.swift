import Foundation

/// The geometric part of border-cluster selection: per cluster, its convex hull, how many
/// communes its hull tips lie in, and the nearest border line (item and distance).
///
/// The W3 selection of `../shared/bench` is this with `BorderLines.communeBoundaries` and
/// the border distance: a cluster is selected when it spans ≥ 2 communes or its hull is
/// within 300 m of a line.
public enum ClusterSelection {
    /// One cluster's footprint.
    public struct Footprint: Sendable {
        /// Hull vertices as indices into the clustered points (see `ConvexHull.indices`).
        public var hull: [Int32]
        /// Distinct communes (non-negative ids) among the hull tips.
        public var communeCount: Int
        /// Members, and core members.
        public var size: Int
        public var coreCount: Int
        /// The nearest line item and its distance, when within the search distance.
        public var nearest: (item: Int, distance: Double)?
    }

    /// Tip indices per cluster label, grouped by a counting sort (O(n)).
    struct Members {
        /// `order[starts[c]..<starts[c + 1]]` are cluster c's tips, in index order.
        let starts: [Int]
        let order: [Int32]

        init(labels: [Int32], clusterCount: Int, include: (Int) -> Bool) {
            var starts = [Int](repeating: 0, count: clusterCount + 1)
            for (i, label) in labels.enumerated() where label >= 0 && include(i) { starts[Int(label) + 1] += 1 }
            for c in 0..<clusterCount { starts[c + 1] += starts[c] }
            var fill = starts
            var order = [Int32](repeating: 0, count: starts[clusterCount])
            for (i, label) in labels.enumerated() where label >= 0 && include(i) {
                order[fill[Int(label)]] = Int32(i)
                fill[Int(label)] += 1
            }
            (self.starts, self.order) = (starts, order)
        }

        func of(_ c: Int) -> ArraySlice<Int32> { order[starts[c]..<starts[c + 1]] }
    }

    /// Footprints of every cluster of `dbscan` (clustered in metres, `dbscan.points`), with
    /// commune ids per point, measured against `lines` (lon/lat, one entry per item) up to
    /// `limit` metres. Only the line segments that can come within `limit` of a hull are
    /// projected and indexed: hulls are built first, and the lines are pruned in lon/lat
    /// against the hulls' boxes.
    /// `members`: the clusters' members when the caller has them already.
    static func footprints(dbscan: DBSCAN.Result, communes: [Int32], lines: [[[Coordinate]]], pool: ProjectorPool,
                           hullTips: ClusterParameters.HullTips, searchUpTo limit: Double, reach: Double, members known: Members? = nil) throws -> [Footprint] {
        let clock = StageClock()
        let k = dbscan.clusterCount
        let members = known ?? Members(labels: dbscan.labels, clusterCount: k) { _ in true }
        let hullMembers = hullTips == .core ? Members(labels: dbscan.labels, clusterCount: k) { dbscan.isCore[$0] } : members
        var footprints = ParallelWork.map(k, weight: { hullMembers.starts[$0 + 1] - hullMembers.starts[$0] }) { c in
            let tips = Array(hullMembers.of(c))
            let hull = ConvexHull.indices(of: tips, in: dbscan.points)
            var seen = Set<Int32>()
            for i in tips where communes[Int(i)] >= 0 { seen.insert(communes[Int(i)]) }
            let core = members.of(c).reduce(0) { $0 + (dbscan.isCore[Int($1)] ? 1 : 0) }
            return Footprint(hull: hull, communeCount: seen.count, size: members.of(c).count, coreCount: core, nearest: nil)
        }
        clock.lap("hulls")
        var boxes: [BoundingBox] = footprints.map { f in
            var box = BoundingBox.empty
            for i in f.hull { box.expand(dbscan.points[Int(i)]) }
            return box
        }
        boxes.removeAll { $0.isEmpty }
        let near = try LinePruning.project(lines, near: boxes, within: limit, pool: pool)
        clock.lap("lines near the hulls projected")
        let proximity = BorderProximity(lines: near, reach: reach)
        clock.lap("line index")
        let hulls = footprints.map(\.hull)
        let nearest = ParallelWork.map(k, weight: { hulls[$0].count }) { c in
            proximity.nearest(toHull: hulls[c].map { dbscan.points[Int($0)] }, searchingUpTo: limit)
        }
        for c in 0..<k { footprints[c].nearest = nearest[c] }
        clock.lap("distances")
        return footprints
    }

    /// The bench's W3 selection, timed by the caller: every cluster's footprint against
    /// `lines` (lon/lat, one item per entry, projected to `crs`), measured up to `distance`
    /// metres.
    public static func select(dbscan: DBSCAN.Result, communes: [Int32], lines: [[[Coordinate]]], crs: String, distance: Double,
                              hullTips: ClusterParameters.HullTips, projections: ProjectionCache = ProjectionCache()) throws -> [Footprint] {
        try footprints(dbscan: dbscan, communes: communes, lines: lines, pool: try projections.pool(for: crs), hullTips: hullTips,
                       searchUpTo: distance, reach: distance)
    }
}
