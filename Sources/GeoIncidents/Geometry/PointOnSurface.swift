import Foundation

/// A point guaranteed to lie inside an area (GEOS's `InteriorPointArea` method), where a
/// text-located tip is put: a centroid can fall outside a crescent-shaped commune or in the
/// sea beside a coastal one.
///
/// The polygon with the largest area is cut by the horizontal line halfway up its bounding
/// box (nudged off any vertex at that latitude); the point is the middle of the widest
/// interval of that line inside the polygon (holes excluded).
extension MultiPolygon {
    /// A point strictly inside the area, or nil when every polygon is degenerate.
    public var pointOnSurface: Coordinate? {
        let ranked = polygons.sorted { abs(Polygon.signedArea($0.rings[0])) > abs(Polygon.signedArea($1.rings[0])) }
        for polygon in ranked { if let point = polygon.pointOnSurface { return point } }
        return nil
    }

    /// The great-circle distance in metres from `point` to the farthest vertex: the radius of
    /// the circle around `point` that covers the whole area.
    public func coveringRadiusMeters(around point: Coordinate) -> Double {
        var farthest = 0.0
        for polygon in polygons { for coordinate in polygon.rings[0] { farthest = Swift.max(farthest, point.greatCircleMeters(to: coordinate)) } }
        return farthest
    }
}

extension Polygon {
    /// A point strictly inside the polygon, or nil when it has no area.
    public var pointOnSurface: Coordinate? {
        let box = boundingBox
        guard box.maxY > box.minY, box.maxX > box.minX else { return nil }
        var y = (box.minY + box.maxY) / 2
        // A scan line through a vertex counts that vertex's edges ambiguously: move it to the
        // middle of the gap to the nearest vertex latitude above.
        let vertexYs = rings.flatMap { $0.map(\.y) }
        if vertexYs.contains(y) {
            let above = vertexYs.filter { $0 > y }.min() ?? box.maxY
            y = (y + above) / 2
        }
        var crossings: [Double] = []
        for ring in rings {
            for (a, b) in zip(ring, ring.dropFirst()) where (a.y < y) != (b.y < y) {
                crossings.append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x))
            }
        }
        crossings.sort()
        var best: (width: Double, x: Double)?
        var i = 0
        while i + 1 < crossings.count {
            let width = crossings[i + 1] - crossings[i]
            if width > 0, width > (best?.width ?? 0) { best = (width, (crossings[i] + crossings[i + 1]) / 2) }
            i += 2
        }
        return best.map { Coordinate(x: $0.x, y: y) }
    }
}

extension Coordinate {
    /// Mean Earth radius (IUGG), metres.
    static let earthRadiusMeters = 6_371_008.8

    /// Great-circle (haversine) distance in metres between two lon/lat points: within 0.5 %
    /// of the ellipsoidal distance, enough for an accuracy radius.
    public func greatCircleMeters(to other: Coordinate) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.y - y) * radians, dLon = (other.x - x) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(y * radians) * cos(other.y * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * Self.earthRadiusMeters * asin(Swift.min(1, h.squareRoot()))
    }
}
