import Foundation

/// A tile of the Web Mercator (EPSG:3857) pyramid, XYZ numbering (y = 0 at the north).
public struct TileID: Sendable, Hashable, CustomStringConvertible {
    public var z: Int
    public var x: Int
    public var y: Int

    /// Throws when the numbers are outside the pyramid (z 0…22).
    public init(z: Int, x: Int, y: Int) throws {
        guard (0...22).contains(z) else { throw GeoIncidentsError.invalidInput("zoom \(z) is outside 0…22") }
        let n = 1 << z
        guard (0..<n).contains(x), (0..<n).contains(y) else { throw GeoIncidentsError.invalidInput("tile \(z)/\(x)/\(y) does not exist: x and y must be 0…\(n - 1) at zoom \(z)") }
        (self.z, self.x, self.y) = (z, x, y)
    }

    public var description: String { "\(z)/\(x)/\(y)" }

    /// The tile's bounds in lon/lat.
    public var bounds: BoundingBox {
        let n = Double(1 << z)
        func lon(_ x: Double) -> Double { x / n * 360 - 180 }
        func lat(_ y: Double) -> Double { atan(sinh(Double.pi * (1 - 2 * y / n))) * 180 / Double.pi }
        return BoundingBox(minX: lon(Double(x)), minY: lat(Double(y + 1)), maxX: lon(Double(x + 1)), maxY: lat(Double(y)))
    }

    /// Position of a lon/lat point in this tile's coordinates, 0…extent from the north-west
    /// corner (outside the tile beyond that range).
    @inline(__always)
    public func pixel(_ c: Coordinate, extent: Double = 4096) -> Coordinate {
        let n = Double(1 << z)
        let lat = max(-85.05112878, min(85.05112878, c.y)) * Double.pi / 180
        let worldX = (c.x + 180) / 360 * n
        let worldY = (1 - log(tan(lat) + 1 / cos(lat)) / Double.pi) / 2 * n
        return Coordinate(x: (worldX - Double(x)) * extent, y: (worldY - Double(y)) * extent)
    }

    /// How many tiles of zoom `z` cover `box`, without listing them.
    public static func coveringCount(_ box: BoundingBox, zoom z: Int) -> Int {
        let n = 1 << z
        func column(_ lon: Double) -> Int { max(0, min(n - 1, Int(((lon + 180) / 360 * Double(n)).rounded(.down)))) }
        func row(_ lat: Double) -> Int {
            let r = max(-85.05112878, min(85.05112878, lat)) * Double.pi / 180
            return max(0, min(n - 1, Int(((1 - log(tan(r) + 1 / cos(r)) / Double.pi) / 2 * Double(n)).rounded(.down))))
        }
        return (column(box.maxX) - column(box.minX) + 1) * (row(box.minY) - row(box.maxY) + 1)
    }

    /// The tiles of zoom `z` that cover `box` (lon/lat).
    public static func covering(_ box: BoundingBox, zoom z: Int) throws -> [TileID] {
        let n = 1 << z
        func column(_ lon: Double) -> Int { max(0, min(n - 1, Int(((lon + 180) / 360 * Double(n)).rounded(.down)))) }
        func row(_ lat: Double) -> Int {
            let r = max(-85.05112878, min(85.05112878, lat)) * Double.pi / 180
            return max(0, min(n - 1, Int(((1 - log(tan(r) + 1 / cos(r)) / Double.pi) / 2 * Double(n)).rounded(.down))))
        }
        var tiles: [TileID] = []
        for x in column(box.minX)...column(box.maxX) { for y in row(box.maxY)...row(box.minY) { tiles.append(try TileID(z: z, x: x, y: y)) } }
        return tiles
    }
}
