extension HotspotGrid {
    /// Which cells an export holds.
    public enum ExportSelection: Sendable {
        /// Cells with tips, or with a significant Gi* (zeros of the study area otherwise left
        /// out: a country at 250 m is millions of empty cells).
        case informative
        /// Every cell.
        case all
    }

    /// The cells an export holds, in rank order, at most `limit`.
    public func exported(_ selection: ExportSelection = .informative, limit: Int? = nil) -> Slice<HotspotCells> {
        let chosen = selection == .all ? cells : cells.keeping { $0.count > 0 || $0.significant }
        return chosen.prefix(limit ?? chosen.count)
    }

    /// The grid as an RFC 7946 FeatureCollection: each cell a lon/lat polygon with `ix`,
    /// `iy`, `count`, and (by method) `z`, `p`, `p_fdr`, `bin`, `significant`, `density_km2`.
    ///
    /// Counts between 1 and `suppressBelow − 1` are written as `null` with `"suppressed":
    /// true` (small counts can point at one household; the public map uses k = 3).
    public func featureCollection(_ cells: some Collection<HotspotCell>, suppressBelow: Int = 0) throws -> String {
        let cells = Array(cells)
        let outlines = try self.outlines(cells)
        // Written on all cores in runs of cells, each run its features joined as the
        // collection joins them: the same bytes as one feature at a time.
        let run = 4_096
        let runs = ParallelWork.map((cells.count + run - 1) / run, weight: { _ in 1 }) { k in
            (k * run..<min(cells.count, (k + 1) * run)).map { i in
                GeoJSONWriter.feature(geometry: .polygon(outlines[i]), properties: properties(cells[i], suppressBelow: suppressBelow))
            }.joined(separator: ",\n")
        }
        return GeoJSONWriter.featureCollection(runs)
    }

    /// A cell's properties as the exports write them.
    public func properties(_ cell: HotspotCell, suppressBelow: Int = 0) -> [(String, JSONValue)] {
        var p: [(String, JSONValue)] = [("ix", .number(Double(cell.id.ix))), ("iy", .number(Double(cell.id.iy)))]
        if cell.count > 0 && cell.count < suppressBelow {
            p.append(("count", .null))
            p.append(("suppressed", .bool(true)))
        } else {
            p.append(("count", .number(Double(cell.count))))
        }
        p += Self.statisticProperties(cell)
        if let d = cell.density { p.append(("density_km2", .number(Self.round(d, 4)))) }
        return p
    }

    /// A cell's Gi* members (`z`, `p`, `p_fdr`, `bin`, `significant`), none without a z.
    static func statisticProperties(_ cell: HotspotCell) -> [(String, JSONValue)] {
        guard let z = cell.z else { return [] }
        var p: [(String, JSONValue)] = [("z", .number(round(z, 6))), ("p", .number(significant(cell.p ?? 1)))]
        if let q = cell.pAdjusted { p.append(("p_fdr", .number(significant(q)))) }
        p.append(("bin", .number(Double(cell.bin))))
        p.append(("significant", .bool(cell.significant)))
        return p
    }

    static func round(_ v: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (v * scale).rounded() / scale
    }

    /// Six significant digits (p-values span many orders of magnitude); below 1e-16, where
    /// a double cannot tell p from 0 next to 1, it is written as 0.
    public static func significant(_ v: Double) -> Double {
        guard v != 0, v.isFinite else { return v }
        if abs(v) < 1e-16 { return 0 }
        return Double(PrintfNumbers.general(v, 6)) ?? v
    }
}

import Foundation
