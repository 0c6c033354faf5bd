/// Finds the grid cells whose centres lie inside a polygon (even–odd rule over all its
/// rings, so holes are left out), by scanning each row of cell centres.
enum GridRasterizer {
    /// Cells of `geometry` whose centre is inside the polygon given by its projected rings.
    static func cells(in rings: [[Coordinate]], geometry: GridGeometry, _ body: (CellID) -> Void) {
        var box = BoundingBox.empty
        for ring in rings { for c in ring { box.expand(c) } }
        guard !box.isEmpty, let rows = geometry.rows(minY: box.minY, maxY: box.maxY) else { return }
        var crossings: [Double] = []
        for row in rows {
            let y = geometry.rowY(row)
            crossings.removeAll(keepingCapacity: true)
            for ring in rings where ring.count > 1 {
                for k in 0..<(ring.count - 1) {
                    let a = ring[k], b = ring[k + 1]
                    // Half-open in y, so a vertex exactly on the scan line counts once.
                    if (a.y <= y) != (b.y <= y) {
                        crossings.append(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y))
                    }
                }
            }
            crossings.sort()
            var k = 0
            while k + 1 < crossings.count {
                if let columns = geometry.columns(row: row, minX: crossings[k], maxX: crossings[k + 1]) {
                    for column in columns {
                        body(CellID(ix: Int32(column), iy: Int32(row)))
                    }
                }
                k += 2
            }
        }
    }

    /// The polygon's area in the rings' units² (shoelace; holes subtract when wound
    /// opposite to the shell, and are subtracted by absolute value otherwise).
    static func area(_ rings: [[Coordinate]]) -> Double {
        var total = 0.0
        for (i, ring) in rings.enumerated() {
            var twice = 0.0
            for k in 0..<max(0, ring.count - 1) { twice += ring[k].x * ring[k + 1].y - ring[k + 1].x * ring[k].y }
            total += i == 0 ? abs(twice) / 2 : -abs(twice) / 2
        }
        return max(0, total)
    }
}
