/// The shape of hotspot grid cells.
public enum GridShape: String, Sendable, Hashable, CaseIterable {
    /// Squares of side `cell` metres; `(ix, iy) = (floor(x / cell), floor(y / cell))`.
    case square
    /// Pointy-top hexagons with the same area as a `cell`-metre square (side
    /// a = cell·√(2 / (3√3))); `(ix, iy)` are axial coordinates (q, r) with hexagon (0, 0)
    /// centred on the CRS origin.
    case hex
}

/// A grid of cells in a projected CRS: shape and size. Maps metres to cell ids and back.
public struct GridGeometry: Sendable, Hashable {
    public let shape: GridShape
    /// The square's side, or the side of the equal-area square for hexagons, in metres.
    public let cellSize: Double
    /// Hexagon side length (0 for squares).
    let hexSide: Double

    /// Creates the geometry; `cellSize` must be positive and finite.
    public init(shape: GridShape, cellSize: Double) {
        self.shape = shape
        self.cellSize = cellSize
        self.hexSide = shape == .hex ? cellSize * (2 / (3 * 3.0.squareRoot())).squareRoot() : 0
    }

    /// Area of one cell in m².
    public var cellArea: Double { cellSize * cellSize }

    /// Cell indices stay within ±this: far inside `Int32`, so neighbours (±2), compact keys
    /// and every conversion stay exact. A CRS in odd units (`+to_meter=1e-6`) or a tiny cell
    /// can put points beyond it; they are then in no cell, never a trap.
    public static let indexLimit = 1_000_000_000.0

    /// The cell containing (x, y), or ``CellID/none`` when its index would be beyond
    /// ``indexLimit`` (or x, y are not finite).
    @inline(__always)
    public func cell(x: Double, y: Double) -> CellID {
        switch shape {
        case .square:
            let fx = (x / cellSize).rounded(.down), fy = (y / cellSize).rounded(.down)
            guard abs(fx) <= Self.indexLimit, abs(fy) <= Self.indexLimit else { return .none }
            return CellID(ix: Int32(fx), iy: Int32(fy))
        case .hex:
            let a = hexSide
            let q = (3.0.squareRoot() / 3 * x - y / 3) / a
            let r = (2.0 / 3 * y) / a
            guard abs(q) <= Self.indexLimit, abs(r) <= Self.indexLimit else { return .none }
            return Self.roundAxial(q: q, r: r)
        }
    }

    /// Cube rounding of fractional axial coordinates to the containing hexagon.
    @inline(__always)
    static func roundAxial(q: Double, r: Double) -> CellID {
        let s = -q - r
        var rq = q.rounded(), rr = r.rounded()
        let rs = s.rounded()
        let dq = abs(rq - q), dr = abs(rr - r), ds = abs(rs - s)
        if dq > dr && dq > ds { rq = -rr - rs } else if dr > ds { rr = -rq - rs }
        return CellID(ix: Int32(rq), iy: Int32(rr))
    }

    /// The cell's centre in metres.
    public func centre(_ c: CellID) -> Coordinate {
        switch shape {
        case .square:
            return Coordinate(x: (Double(c.ix) + 0.5) * cellSize, y: (Double(c.iy) + 0.5) * cellSize)
        case .hex:
            let a = hexSide
            return Coordinate(x: a * 3.0.squareRoot() * (Double(c.ix) + Double(c.iy) / 2), y: a * 1.5 * Double(c.iy))
        }
    }

    /// The cell's outline in metres, counter-clockwise, closed.
    public func outline(_ c: CellID) -> [Coordinate] {
        switch shape {
        case .square:
            let x0 = Double(c.ix) * cellSize, y0 = Double(c.iy) * cellSize
            let x1 = x0 + cellSize, y1 = y0 + cellSize
            return [.init(x: x0, y: y0), .init(x: x1, y: y0), .init(x: x1, y: y1), .init(x: x0, y: y1), .init(x: x0, y: y0)]
        case .hex:
            let centre = centre(c)
            var ring = (0..<6).map { k -> Coordinate in
                let angle = Double.pi / 180 * (60 * Double(k) - 30)
                return Coordinate(x: centre.x + hexSide * cos(angle), y: centre.y + hexSide * sin(angle))
            }
            ring.append(ring[0])
            return ring
        }
    }

    /// Offsets of the cells adjacent to a cell: the 8 queen neighbours of a square, the 6
    /// edge neighbours of a hexagon.
    public var neighbourOffsets: [(Int32, Int32)] {
        switch shape {
        case .square: [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
        case .hex: [(1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)]
        }
    }

    /// Centre rows crossing the horizontal band [minY, maxY]: for squares the rows iy whose
    /// centre y lies in it, for hexagons the axial rows r.
    func rows(minY: Double, maxY: Double) -> ClosedRange<Int>? {
        let step = shape == .square ? cellSize : hexSide * 1.5
        let offset = shape == .square ? 0.5 : 0
        return Self.indexRange((minY / step - offset).rounded(.up), (maxY / step - offset).rounded(.down))
    }

    /// The y of row `row`'s centres.
    func rowY(_ row: Int) -> Double {
        shape == .square ? (Double(row) + 0.5) * cellSize : hexSide * 1.5 * Double(row)
    }

    /// The cells of row `row` whose centres have x in [minX, maxX].
    func columns(row: Int, minX: Double, maxX: Double) -> ClosedRange<Int>? {
        switch shape {
        case .square:
            return Self.indexRange((minX / cellSize - 0.5).rounded(.up), (maxX / cellSize - 0.5).rounded(.down))
        case .hex:
            let w = hexSide * 3.0.squareRoot()
            return Self.indexRange((minX / w - Double(row) / 2).rounded(.up), (maxX / w - Double(row) / 2).rounded(.down))
        }
    }

    /// The indices from `low` to `high` clipped to ±``indexLimit`` (nil when empty or NaN).
    static func indexRange(_ low: Double, _ high: Double) -> ClosedRange<Int>? {
        let low = max(low, -Self.indexLimit), high = min(high, Self.indexLimit)
        guard low <= high else { return nil }
        return Int(low)...Int(high)
    }
}

import Foundation
