/// Quartic (biweight) kernel density on cell centres, as ArcGIS's Kernel Density defines
/// it: each point adds (3 / (π r²))·(1 − (d/r)²)² at distance d < r. Reported per km².
enum KernelDensity {
    /// Density at the centre of every cell of `cells`, per km², from the projected points.
    /// Cells outside the set receive nothing (their density is simply not reported).
    static func quartic(points metres: [Coordinate], cells: CellSet, bandwidth r: Double) -> [Double] {
        var density = [Double](repeating: 0, count: cells.count)
        let geometry = cells.geometry
        let r2 = r * r
        let scale = 3 / (Double.pi * r2) * 1e6
        for p in metres where p.x.isFinite && p.y.isFinite {
            guard let rows = geometry.rows(minY: p.y - r, maxY: p.y + r) else { continue }
            for row in rows {
                let dy = geometry.rowY(row) - p.y
                let half = (r2 - dy * dy).squareRoot()
                guard half.isFinite, let columns = geometry.columns(row: row, minX: p.x - half, maxX: p.x + half) else { continue }
                for column in columns {
                    let cell = CellID(ix: Int32(column), iy: Int32(row))
                    guard let index = cells.index(of: cell) else { continue }
                    let centre = geometry.centre(cell)
                    let dx = centre.x - p.x
                    let u = (dx * dx + dy * dy) / r2
                    if u < 1 { density[index] += scale * (1 - u) * (1 - u) }
                }
            }
        }
        return density
    }
}
