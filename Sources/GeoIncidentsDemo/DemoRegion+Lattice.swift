import GeoIncidents

extension DemoRegion {
    /// A lattice column and row (0, 0 is the north-west corner; rows run south).
    struct LatticeIndex: Hashable {
        var column: Int
        var row: Int
    }

    /// The jittered 16 × 9 point lattice the demo units are cut from, with every edge
    /// subdivided into wiggled segments.
    ///
    /// Each edge's polyline is made once and walked forwards or backwards by both
    /// polygons beside it, so shared boundaries are bit-identical. Every coordinate is
    /// rounded to 1e-7 degrees. Only arithmetic is used (no trigonometry), so the lattice
    /// is the same on every platform.
    struct Lattice {
        /// Points across (west → east) and down (north → south).
        static let columns = 16, rows = 9
        static let west = 108.90, north = 11.62
        /// Cell size in degrees (about 1.36 km × 2.2 km).
        static let cellWidth = 0.0125, cellHeight = 0.02
        /// Largest jitter of a lattice point, as a fraction of the cell size on each axis.
        /// Below 0.25, every cell stays strictly convex.
        static let jitter = 0.22
        /// Largest perpendicular offset of a subdivision point, as a fraction of the edge length.
        static let wiggle = 0.02
        /// Segments per lattice edge.
        static let segments = 4

        /// Lattice points, `[row][column]`.
        let points: [[Coordinate]]
        /// Polyline from (c, r) to (c + 1, r), `[row][column]`.
        private let horizontal: [[[Coordinate]]]
        /// Polyline from (c, r) to (c, r + 1), `[row][column]`.
        private let vertical: [[[Coordinate]]]

        /// Rounds degrees to 1e-7 (about 1 cm), as every demo coordinate is.
        static func round7(_ v: Double) -> Double { (v * 1e7).rounded() / 1e7 }

        static func rounded(_ x: Double, _ y: Double) -> Coordinate {
            Coordinate(x: round7(x), y: round7(y))
        }

        init(random: inout SeededRandom) {
            let lastColumn = Self.columns - 1, lastRow = Self.rows - 1
            var points: [[Coordinate]] = []
            for r in 0..<Self.rows {
                var row: [Coordinate] = []
                for c in 0..<Self.columns {
                    // Two draws per point, always, so the stream does not depend on position.
                    var dx = random.signedUnit() * Self.jitter * Self.cellWidth
                    var dy = random.signedUnit() * Self.jitter * Self.cellHeight
                    let onColumnFrame = c == 0 || c == lastColumn, onRowFrame = r == 0 || r == lastRow
                    if onColumnFrame { dx = 0 }  // west and east sides move only north–south
                    if onRowFrame { dy = 0 }  // north and south sides move only east–west
                    row.append(Self.rounded(Self.west + Double(c) * Self.cellWidth + dx,
                                            Self.north - Double(r) * Self.cellHeight + dy))
                }
                points.append(row)
            }
            self.points = points
            self.horizontal = (0..<Self.rows).map { r in
                (0..<lastColumn).map { c in Self.wiggled(points[r][c], points[r][c + 1], &random) }
            }
            self.vertical = (0..<lastRow).map { r in
                (0..<Self.columns).map { c in Self.wiggled(points[r][c], points[r + 1][c], &random) }
            }
        }

        /// The polyline a → b through `segments - 1` points, each moved perpendicular to
        /// the edge by up to `wiggle` × its length.
        private static func wiggled(_ a: Coordinate, _ b: Coordinate, _ random: inout SeededRandom) -> [Coordinate] {
            let dx = b.x - a.x, dy = b.y - a.y
            var line = [a]
            for k in 1..<segments {
                let t = Double(k) / Double(segments)
                let offset = random.signedUnit() * wiggle
                line.append(rounded(a.x + t * dx - offset * dy, a.y + t * dy + offset * dx))
            }
            line.append(b)
            return line
        }

        /// The lattice point at `index`.
        func point(_ index: LatticeIndex) -> Coordinate { points[index.row][index.column] }

        /// The polyline through consecutive, adjacent lattice points, each edge walked in
        /// the needed direction. Passing the first point again at the end closes the ring.
        func path(_ vertices: [LatticeIndex]) -> [Coordinate] {
            guard let first = vertices.first else { return [] }
            var line = [point(first)]
            for (a, b) in zip(vertices, vertices.dropFirst()) {
                let edge: [Coordinate]
                switch (b.column - a.column, b.row - a.row) {
                case (1, 0): edge = horizontal[a.row][a.column]
                case (-1, 0): edge = horizontal[a.row][b.column].reversed()
                case (0, 1): edge = vertical[a.row][a.column]
                case (0, -1): edge = vertical[b.row][a.column].reversed()
                default: preconditionFailure("lattice path: \(a) and \(b) are not adjacent")
                }
                line.append(contentsOf: edge.dropFirst())
            }
            return line
        }

        /// The closed, counter-clockwise boundary of the block of cells `columns` × `rows`
        /// (cell (c, r) has corners (c, r) and (c + 1, r + 1)).
        func blockRing(columns: Range<Int>, rows: Range<Int>) -> [Coordinate] {
            var walk: [LatticeIndex] = []
            for r in rows.lowerBound..<rows.upperBound { walk.append(LatticeIndex(column: columns.lowerBound, row: r)) }
            for c in columns.lowerBound..<columns.upperBound { walk.append(LatticeIndex(column: c, row: rows.upperBound)) }
            for r in stride(from: rows.upperBound, to: rows.lowerBound, by: -1) { walk.append(LatticeIndex(column: columns.upperBound, row: r)) }
            for c in stride(from: columns.upperBound, through: columns.lowerBound, by: -1) { walk.append(LatticeIndex(column: c, row: rows.lowerBound)) }
            return path(walk)
        }

        /// The mean of the four corners of cell (c, r), rounded.
        func cellCentre(column c: Int, row r: Int) -> Coordinate {
            let corners = [points[r][c], points[r][c + 1], points[r + 1][c], points[r + 1][c + 1]]
            return Self.rounded(corners.reduce(0) { $0 + $1.x } / 4, corners.reduce(0) { $0 + $1.y } / 4)
        }
    }
}
