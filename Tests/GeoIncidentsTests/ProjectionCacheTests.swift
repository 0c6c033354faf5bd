import Foundation
import Testing
@testable import GeoIncidents

/// The projection cache's pools and its memory of the last points projected.
@Suite("Projection cache")
struct ProjectionCacheTests {
    @Test("the same points (the same bits, another array) come back projected without projecting again; other points or another CRS are projected")
    func lastProjected() throws {
        let cache = ProjectionCache()
        var random = SystemRandomNumberGenerator()
        let points = (0..<5_000).map { _ in Coordinate(x: .random(in: 102...110, using: &random), y: .random(in: 8...23, using: &random)) }
        let first = try cache.forward(points, to: "EPSG:32648")
        let pool = try cache.pool(for: "EPSG:32648")
        #expect(first == (try ParallelProjection.forward(points, pool: pool)))
        let copy = points.map { $0 }    // equal bits, another buffer
        let again = try cache.forward(copy, to: "EPSG:32648")
        #expect(again == first)
        #expect(again.withUnsafeBufferPointer { $0.baseAddress } == first.withUnsafeBufferPointer { $0.baseAddress }, "the kept projection, not a new one")

        var moved = points
        moved[4_321].x += 1e-9
        let other = try cache.forward(moved, to: "EPSG:32648")
        #expect(other == (try ParallelProjection.forward(moved, pool: pool)) && other != first)
        let otherCRS = try cache.forward(points, to: "EPSG:32649")
        #expect(otherCRS == (try ParallelProjection.forward(points, pool: try cache.pool(for: "EPSG:32649"))) && otherCRS != first)
        #expect(try cache.forward([], to: "EPSG:32648").isEmpty)
    }
}
