/// A polygon: one exterior ring and zero or more holes. Rings are closed (first == last).
///
/// RFC 7946 §3.1.6. Orientation is not enforced on input; writers emit RFC 7946 winding.
public struct Polygon: Sendable, Hashable {
    /// Exterior ring first, then holes. Read-only outside the module, so that every ring
    /// stays closed and at least 4 positions long, as ``init(rings:)`` checks.
    public private(set) var rings: [[Coordinate]]

    /// Creates a polygon, closing rings that are not closed. Throws when a ring has fewer
    /// than 4 positions once closed.
    public init(rings: [[Coordinate]]) throws {
        guard !rings.isEmpty else { throw GeoIncidentsError.invalidInput("polygon has no rings") }
        var closed: [[Coordinate]] = []
        closed.reserveCapacity(rings.count)
        for (index, ring) in rings.enumerated() {
            var ring = ring
            if let first = ring.first, ring.last != first { ring.append(first) }
            guard ring.count >= 4 else {
                throw GeoIncidentsError.invalidInput("polygon ring \(index) has \(ring.count) positions; a closed ring needs at least 4")
            }
            closed.append(ring)
        }
        self.rings = closed
    }

    /// A polygon from rings already known to be closed and valid in size (`package`: the
    /// demo province builds its rings that way).
    package init(uncheckedRings: [[Coordinate]]) {
        self.rings = uncheckedRings
    }

    /// The bounding box of the exterior ring.
    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for c in rings[0] { box.expand(c) }
        return box
    }

    /// Signed area of a ring by the shoelace formula (positive when counter-clockwise).
    public static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum / 2
    }

    /// This polygon with RFC 7946 winding: exterior counter-clockwise, holes clockwise.
    public var rfc7946Wound: Polygon {
        var rings = self.rings
        for i in rings.indices {
            let ccw = Polygon.signedArea(rings[i]) > 0
            if (i == 0) != ccw { rings[i].reverse() }
        }
        return Polygon(uncheckedRings: rings)
    }
}

/// One or more polygons. Every region boundary is stored as a `MultiPolygon`.
public struct MultiPolygon: Sendable, Hashable {
    /// The member polygons.
    public var polygons: [Polygon]

    /// Creates a multipolygon.
    public init(polygons: [Polygon]) {
        self.polygons = polygons
    }

    /// The bounding box of all exterior rings.
    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        for polygon in polygons { box.expand(polygon.boundingBox) }
        return box
    }

    /// Number of positions in all rings.
    public var coordinateCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }

    /// Every ring of every polygon.
    var allRings: [[Coordinate]] { polygons.flatMap(\.rings) }
}
