/// Nearest-edge distance for one area whose rings are already in a projected CRS (metres).
///
/// The edges are bucketed in a small uniform grid over the area's box; a query walks rings
/// of cells outwards from the point's cell and stops once no unvisited cell can hold a
/// nearer edge. Points outside the box start from the nearest cell (projection onto a
/// convex set never lengthens distances, so the bound stays valid).
struct EdgeDistanceIndex: Sendable {
    private let x0: [Double], y0: [Double], x1: [Double], y1: [Double]
    private let box: BoundingBox
    private let cellSize: Double
    private let columns: Int, rows: Int
    private let cellStart: [Int32]
    private let cellEdges: [Int32]

    /// Builds the index from rings in metres.
    init(rings: [[Coordinate]]) {
        var x0: [Double] = [], y0: [Double] = [], x1: [Double] = [], y1: [Double] = []
        var box = BoundingBox.empty
        for ring in rings where ring.count > 1 {
            for i in 0..<(ring.count - 1) {
                x0.append(ring[i].x); y0.append(ring[i].y); x1.append(ring[i + 1].x); y1.append(ring[i + 1].y)
                box.expand(ring[i])
            }
        }
        let n = max(x0.count, 1)
        let width = max(box.maxX - box.minX, 1), height = max(box.maxY - box.minY, 1)
        let targetCells = Double(max(1, n / 2))
        let size = max((width * height / targetCells).squareRoot(), 1)
        let columns = max(1, min(512, Int((width / size).rounded(.up))))
        let rows = max(1, min(512, Int((height / size).rounded(.up))))
        let cellSize = max(width / Double(columns), height / Double(rows))
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        func cellRange(_ e: Int) -> (Int, Int, Int, Int) {
            let cx0 = Int((min(x0[e], x1[e]) - box.minX) / cellSize), cx1 = Int((max(x0[e], x1[e]) - box.minX) / cellSize)
            let cy0 = Int((min(y0[e], y1[e]) - box.minY) / cellSize), cy1 = Int((max(y0[e], y1[e]) - box.minY) / cellSize)
            return (max(0, min(columns - 1, cx0)), max(0, min(columns - 1, cx1)), max(0, min(rows - 1, cy0)), max(0, min(rows - 1, cy1)))
        }
        for e in 0..<x0.count {
            let (ax, bx, ay, by) = cellRange(e)
            for cy in ay...by { for cx in ax...bx { counts[cy * columns + cx + 1] += 1 } }
        }
        for c in 0..<(columns * rows) { counts[c + 1] += counts[c] }
        var fill = counts
        var edges = [Int32](repeating: 0, count: Int(counts[columns * rows]))
        for e in 0..<x0.count {
            let (ax, bx, ay, by) = cellRange(e)
            for cy in ay...by {
                for cx in ax...bx {
                    let c = cy * columns + cx
                    edges[Int(fill[c])] = Int32(e)
                    fill[c] += 1
                }
            }
        }
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
        self.box = box
        self.cellSize = cellSize
        self.columns = columns
        self.rows = rows
        self.cellStart = counts
        self.cellEdges = edges
    }

    /// Distance in metres from `p` (same projected CRS) to the nearest edge; `.infinity` when
    /// there are no edges.
    func distance(to p: Coordinate) -> Double {
        guard !x0.isEmpty else { return .infinity }
        let qx = min(max(p.x, box.minX), box.maxX), qy = min(max(p.y, box.minY), box.maxY)
        let outside = ((p.x - qx) * (p.x - qx) + (p.y - qy) * (p.y - qy)).squareRoot()
        let cx = max(0, min(columns - 1, Int((qx - box.minX) / cellSize)))
        let cy = max(0, min(rows - 1, Int((qy - box.minY) / cellSize)))
        var best = Double.infinity
        let maxRing = max(columns, rows)
        var ring = 0
        while ring <= maxRing {
            // Every cell of this ring is at least (ring - 1) cells from q, hence from p.
            let bound = outside + Double(max(0, ring - 1)) * cellSize
            if bound * bound > best { break }
            let lx = cx - ring, hx = cx + ring, ly = cy - ring, hy = cy + ring
            for y in max(0, ly)...min(rows - 1, hy) {
                if y < 0 || y >= rows { continue }
                let onEdgeRow = (y == ly || y == hy)
                var x = max(0, lx)
                let xEnd = min(columns - 1, hx)
                while x <= xEnd {
                    if onEdgeRow || x == lx || x == hx {
                        let c = y * columns + x
                        for k in Int(cellStart[c])..<Int(cellStart[c + 1]) {
                            let e = Int(cellEdges[k])
                            let d = SegmentDistance.squared(p.x, p.y, x0[e], y0[e], x1[e], y1[e])
                            if d < best { best = d }
                        }
                        x += 1
                    } else {
                        x = hx  // jump over the ring's interior
                    }
                }
            }
            ring += 1
        }
        return best.squareRoot()
    }
}
