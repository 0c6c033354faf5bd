import Foundation
import Testing
@testable import GeoIncidents

/// Points covered by more units than the match loop's covering list holds at first (16):
/// the list grows, and the rules still pick the right unit.
@Suite("Assignment with many overlapping communes")
struct ManyOverlapsTests {
    /// 24 nested squares centred on (106.05, 10.05): square k has half-width 0.001·k
    /// degrees, so a point at the centre lies deepest in square 24, and the west edge of
    /// square 3 is a boundary of square 3 only but strictly inside 4…24. Codes are shuffled
    /// (square k has code (k + 11) mod 24 + 1: square 24 is "12", neither the smallest nor
    /// the largest code) and so is the import order (square 24 is neither first nor last),
    /// so "smallest code", "largest code", "first" or "last" cannot pass for "deepest".
    static func code(_ k: Int) -> String { String((k + 11) % 24 + 1) }

    static func database() throws -> GeoDatabase {
        var features: [String] = []
        for k in Array(13...24) + Array(1...12) {
            let h = 0.001 * Double(k)
            let (x0, x1, y0, y1) = (106.05 - h, 106.05 + h, 10.05 - h, 10.05 + h)
            features.append("""
                {"type":"Feature","properties":{"code":"\(code(k))","name":"Square \(k)"},"geometry":{"type":"Polygon","coordinates":\
                [[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]}}
                """)
        }
        let path = try TestSupport.write(#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}", name: "squares.geojson")
        let database = try TestSupport.freshDatabase()
        _ = try RegionStore(database: database).importFile(path, options: RegionImportOptions(level: .commune))
        return database
    }

    @Test("the centre of 24 nested squares goes to the one it lies deepest in")
    func deepest() throws {
        let index = try RegionStore(database: try Self.database()).boundaryIndex()
        let a = try index.assign(Coordinate(x: 106.05, y: 10.05))
        #expect(a.communeCode == Self.code(24))
        #expect(a.method == .overlap)
    }

    @Test("a point covered by 24 squares keeps every covering unit, in parallel batches too")
    func batch() throws {
        let index = try RegionStore(database: try Self.database()).boundaryIndex()
        // Inside all 24 (deepest: 24), and strictly inside only squares 11…24 (deepest: 24).
        let points = Array(repeating: Coordinate(x: 106.0505, y: 10.0501), count: 5_000)
            + Array(repeating: Coordinate(x: 106.0395, y: 10.05), count: 5_000)
        let assignments = try index.assign(points)
        #expect(assignments.allSatisfy { $0.communeCode == Self.code(24) && $0.method == .overlap })
    }

    @Test("on one square's edge and strictly inside the bigger ones: the deepest interior unit wins")
    func edgeInsideOthers() throws {
        let index = try RegionStore(database: try Self.database()).boundaryIndex()
        // The west edge of square 3, computed as its vertices were; squares 4…24 cover it strictly inside.
        let a = try index.assign(Coordinate(x: 106.05 - 0.001 * 3, y: 10.05))
        #expect(a.communeCode == Self.code(24))
        #expect(a.method == .overlap)
    }
}
