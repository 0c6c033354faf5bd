import Foundation
import Synchronization

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
    /// commune ids per point and the lines to measure against (already in metres).
    static func footprints(dbscan: DBSCAN.Result, communes: [Int32], proximity: BorderProximity,
                           hullTips: ClusterParameters.HullTips, searchUpTo limit: Double) -> [Footprint] {
        let k = dbscan.clusterCount
        let members = Members(labels: dbscan.labels, clusterCount: k) { _ in true }
        let hullMembers = hullTips == .core ? Members(labels: dbscan.labels, clusterCount: k) { dbscan.isCore[$0] } : members
        let results = Mutex([Footprint?](repeating: nil, count: k))
        // Largest clusters first, so the workers finish together.
        let sizes: [Int] = (0..<k).map { members.starts[$0 + 1] - members.starts[$0] }
        let bySize: [Int] = (0..<k).sorted { sizes[$0] > sizes[$1] }
        let next = Atomic<Int>(0)
        let workers = min(k, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let slot = next.add(1, ordering: .relaxed).oldValue
                guard slot < k else { return }
                let c = bySize[slot]
                let tips = Array(hullMembers.of(c))
                let hull = ConvexHull.indices(of: tips, in: dbscan.points)
                var seen = Set<Int32>()
                for i in tips where communes[Int(i)] >= 0 { seen.insert(communes[Int(i)]) }
                let nearest = proximity.nearest(toHull: hull.map { dbscan.points[Int($0)] }, searchingUpTo: limit)
                let core = members.of(c).reduce(0) { $0 + (dbscan.isCore[Int($1)] ? 1 : 0) }
                let footprint = Footprint(hull: hull, communeCount: seen.count, size: members.of(c).count, coreCount: core, nearest: nearest)
                results.withLock { $0[c] = footprint }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// The bench's W3 selection, timed by the caller: projects `lines` (lon/lat, one item
    /// per entry) to `crs`, then gives every cluster's footprint, measuring up to
    /// `distance` metres.
    public static func select(dbscan: DBSCAN.Result, communes: [Int32], lines: [[[Coordinate]]], crs: String, distance: Double,
                              hullTips: ClusterParameters.HullTips, projections: ProjectionCache = ProjectionCache()) throws -> [Footprint] {
        let pool = try projections.pool(for: crs)
        let metric = try pool.withProjector { projector in lines.map { item in item.map { var l = $0; projector.forward(&l); return l } } }
        return footprints(dbscan: dbscan, communes: communes, proximity: BorderProximity(lines: metric, reach: distance),
                          hullTips: hullTips, searchUpTo: distance)
    }
}
