import Testing
@testable import GeoIncidents

@Suite("Geometry predicates")
struct GeometryTests {
    @Test("orientation is exact where the naive determinant is wrong")
    func exactOrientation() {
        // A point on the segment a→b whose naive floating determinant is not zero.
        let a = Coordinate(x: 0.1, y: 0.1), b = Coordinate(x: 0.3, y: 0.3)
        let c = Coordinate(x: 0.2, y: 0.2)
        let exact = Orientation.exactIndex(a, b, c)
        #expect(Orientation.index(a, b, c) == exact)
        #expect(Orientation.index(Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 0.5, y: 1e-300)) == 1)
        #expect(Orientation.index(Coordinate(x: 0, y: 0), Coordinate(x: 1, y: 0), Coordinate(x: 0.5, y: -1e-300)) == -1)
        #expect(Orientation.index(Coordinate(x: 0, y: 0), Coordinate(x: 2, y: 2), Coordinate(x: 1, y: 1)) == 0)
        // Large coordinates with a tiny offset: the filter must fall back to the exact sum.
        let p = Coordinate(x: 106.12345671, y: 10.9876543)
        let q = Coordinate(x: 106.12345681, y: 10.9876544)
        let r = Coordinate(x: 106.12345691, y: 10.9876545)
        #expect(Orientation.index(p, q, r) == Orientation.exactIndex(p, q, r))
    }

    @Test("point in polygon: interior, boundary, exterior, holes, multipolygons")
    func locate() throws {
        let outer = [Coordinate(x: 0, y: 0), Coordinate(x: 10, y: 0), Coordinate(x: 10, y: 10), Coordinate(x: 0, y: 10)]
        let hole = [Coordinate(x: 4, y: 4), Coordinate(x: 4, y: 6), Coordinate(x: 6, y: 6), Coordinate(x: 6, y: 4)]
        let second = [Coordinate(x: 20, y: 0), Coordinate(x: 25, y: 0), Coordinate(x: 25, y: 5), Coordinate(x: 20, y: 5)]
        let area = MultiPolygon(polygons: [try Polygon(rings: [outer, hole]), try Polygon(rings: [second])])
        let packed = PackedAreas([area])
        struct One { let packed: PackedAreas; func locate(_ p: Coordinate) -> PointLocation { packed.locate(0, p) } }
        let locator = One(packed: packed)
        #expect(locator.locate(Coordinate(x: 1, y: 1)) == .interior)
        #expect(locator.locate(Coordinate(x: 5, y: 5)) == .exterior)  // in the hole
        #expect(locator.locate(Coordinate(x: 4, y: 5)) == .boundary)  // on the hole's edge
        #expect(locator.locate(Coordinate(x: 6, y: 6)) == .boundary)  // hole vertex
        #expect(locator.locate(Coordinate(x: 0, y: 0)) == .boundary)  // outer vertex
        #expect(locator.locate(Coordinate(x: 5, y: 0)) == .boundary)  // horizontal edge
        #expect(locator.locate(Coordinate(x: 10, y: 3)) == .boundary)  // vertical edge
        #expect(locator.locate(Coordinate(x: 22, y: 2)) == .interior)  // second polygon
        #expect(locator.locate(Coordinate(x: 15, y: 2)) == .exterior)
        #expect(locator.locate(Coordinate(x: -1, y: 5)) == .exterior)
        // A ray through a vertex must not double count.
        #expect(locator.locate(Coordinate(x: 2, y: 4)) == .interior)
    }

    @Test("a layer grid answers like the locators it indexes")
    func gridAgreesWithLocators() throws {
        var random = SystemRandomNumberGenerator()
        var areas: [MultiPolygon] = []
        for i in 0..<5 {
            for j in 0..<5 {
                let x = Double(i), y = Double(j)
                let ring = [Coordinate(x: x, y: y), Coordinate(x: x + 1, y: y), Coordinate(x: x + 1, y: y + 1), Coordinate(x: x, y: y + 1)]
                areas.append(MultiPolygon(polygons: [try Polygon(rings: [ring])]))
            }
        }
        let squares = PackedAreas(areas)
        let grid = LayerGrid(areas: squares)
        for _ in 0..<2_000 {
            let p = Coordinate(x: Double.random(in: -0.5...5.5, using: &random), y: Double.random(in: -0.5...5.5, using: &random))
            var fromGrid: Set<Int> = []
            grid.forEachCandidate(p) { index, whollyInside in
                if whollyInside || squares.locate(index, p) != .exterior { fromGrid.insert(index) }
            }
            let direct = Set((0..<squares.count).filter { squares.locate($0, p) != .exterior })
            #expect(fromGrid == direct)
        }
    }

    @Test("edge distances in metres match brute force")
    func edgeDistance() throws {
        let ring = (0...64).map { k -> Coordinate in
            let a = Double(k) / 64 * 2 * Double.pi
            return Coordinate(x: 1000 * cos(a), y: 700 * sin(a))
        }
        let index = EdgeDistanceIndex(areas: [[ring]])
        for p in [Coordinate(x: 0, y: 0), Coordinate(x: 900, y: 10), Coordinate(x: 5000, y: -3000), Coordinate(x: -999, y: 1)] {
            var best = Double.infinity
            for i in 0..<(ring.count - 1) {
                best = min(best, SegmentDistance.squared(p.x, p.y, ring[i].x, ring[i].y, ring[i + 1].x, ring[i + 1].y).squareRoot())
            }
            #expect(abs(index.distance(0, to: p) - best) < 1e-9)
        }
    }

    @Test("Hilbert ranges cover every point of the box")
    func hilbertRangesCover() {
        var random = SystemRandomNumberGenerator()
        let box = BoundingBox(minX: 106.60, minY: 10.70, maxX: 106.65, maxY: 10.76)
        let ranges = HilbertKey.ranges(covering: box)
        #expect(ranges.count <= 32)
        for _ in 0..<5_000 {
            let p = Coordinate(x: Double.random(in: box.minX...box.maxX, using: &random), y: Double.random(in: box.minY...box.maxY, using: &random))
            let key = HilbertKey.key(p)
            #expect(ranges.contains { $0.contains(key) })
        }
    }

    @Test("SpatiaLite blobs round-trip")
    func blobRoundTrip() throws {
        let area = MultiPolygon(polygons: [try Polygon(rings: [[Coordinate(x: 1, y: 2), Coordinate(x: 3, y: 2), Coordinate(x: 3, y: 4)]])])
        let blob = SpatiaLiteBlob.multiPolygon(area)
        let decoded = try blob.withUnsafeBytes { try SpatiaLiteBlob.decodeMultiPolygon($0) }
        #expect(decoded == area)
        let point = SpatiaLiteBlob.point(Coordinate(x: 106.5, y: 10.25))
        #expect(point.count == 60)
        #expect(try point.withUnsafeBytes { try SpatiaLiteBlob.decodePoint($0) } == Coordinate(x: 106.5, y: 10.25))
    }
}

import Foundation
