/// A grid placed in a CRS: its geometry and the projection back to lon/lat, for writing
/// cells as RFC 7946 polygons and points.
struct GridFrame: Sendable {
    let geometry: GridGeometry
    let crs: String
    let projectors: ProjectorPool

    /// Cell outlines in lon/lat (counter-clockwise, closed), rounded to 1e-7° (1 cm).
    func outlines(_ ids: [CellID]) throws -> [Polygon] {
        var flat: [Coordinate] = []
        var lengths: [Int] = []
        for id in ids {
            let ring = geometry.outline(id)
            lengths.append(ring.count)
            flat += ring
        }
        try ParallelProjection.inverse(&flat, pool: projectors)
        var polygons: [Polygon] = []
        polygons.reserveCapacity(ids.count)
        var start = 0
        for length in lengths {
            var ring = flat[start..<start + length].map(Self.rounded)
            ring[ring.count - 1] = ring[0]
            polygons.append(Polygon(uncheckedRings: [ring]))
            start += length
        }
        return polygons
    }

    /// Cell centres in lon/lat, rounded to 1e-7°.
    func centres(_ ids: [CellID]) throws -> [Coordinate] {
        var points = ids.map(geometry.centre)
        try ParallelProjection.inverse(&points, pool: projectors)
        return points.map(Self.rounded)
    }

    static func rounded(_ c: Coordinate) -> Coordinate {
        Coordinate(x: (c.x * 1e7).rounded() / 1e7, y: (c.y * 1e7).rounded() / 1e7)
    }
}
