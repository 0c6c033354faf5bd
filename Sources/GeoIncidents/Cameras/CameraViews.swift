import Foundation

/// What cameras see, in a projected CRS (metres): per camera a sector polygon with its apex
/// at the camera, radius = range, from heading − fov/2 to heading + fov/2, the arc sampled
/// at 33 points (32 segments; compass angles: x = cx + r·sin a, y = cy + r·cos a), ring
/// `[apex, arc…, apex]` — the peers' W4 definition. An omnidirectional camera sees the
/// 32-gon of its range (the same arc over 360°).
///
/// Containment is boundary-inclusive and exact: the sector is the fan of 32 triangles
/// (apex, arcᵢ, arcᵢ₊₁), and a point is tested, with exact orientation, against the one or
/// three triangles its bearing points at. A grid of 250 m cells over the sectors' boxes
/// (compressed rows) finds the candidate cameras of a point; a bitmap of 2 km cells turns
/// away the points far from every camera first.
struct CameraViews: Sendable {
    static let arcSegments = 32

    /// Per camera: apex, radius, the arc's 33 points, the start bearing and the fov (degrees).
    let apexes: [Coordinate]
    let radii: [Double]
    let arcs: [[Coordinate]]
    let starts: [Double]
    let fovs: [Double]
    private let index: CellIndex

    /// The views of `cameras` (lon/lat) in the CRS of `pool`.
    init(cameras: [Camera], pool: ProjectorPool) throws {
        var positions = cameras.map(\.position)
        try pool.withProjector { $0.forward(&positions) }
        self.init(apexes: positions, headings: cameras.map { $0.isOmnidirectional ? 0 : $0.headingDegrees! },
                  fovs: cameras.map { $0.isOmnidirectional ? 360 : $0.fieldOfViewDegrees! }, ranges: cameras.map(\.rangeMeters))
    }

    /// Views from projected positions, headings, fields of view (degrees) and ranges (metres).
    init(apexes: [Coordinate], headings: [Double], fovs: [Double], ranges: [Double]) {
        var arcs: [[Coordinate]] = []
        var starts: [Double] = []
        arcs.reserveCapacity(apexes.count)
        for c in apexes.indices {
            let (h, f, r, apex) = (headings[c], fovs[c], ranges[c], apexes[c])
            // As numpy: radians(h − f/2 + f·k) with k = i/32, then sin and cos.
            var arc: [Coordinate] = []
            arc.reserveCapacity(Self.arcSegments + 1)
            for i in 0...Self.arcSegments {
                let k = Double(i) / Double(Self.arcSegments)
                let a = (h - f / 2 + f * k) * (Double.pi / 180)
                arc.append(Coordinate(x: apex.x + r * sin(a), y: apex.y + r * cos(a)))
            }
            if f >= 360 { arc[Self.arcSegments] = arc[0] }
            arcs.append(arc)
            starts.append(h - f / 2)
        }
        self.apexes = apexes
        self.radii = ranges
        self.arcs = arcs
        self.starts = starts
        self.fovs = fovs
        index = CellIndex(boxes: apexes.indices.map { c in
            var box = BoundingBox(minX: apexes[c].x, minY: apexes[c].y, maxX: apexes[c].x, maxY: apexes[c].y)
            for p in arcs[c] { box.expand(p) }
            return box
        }, cell: 250)
    }

    var count: Int { apexes.count }

    /// The sector's closed ring: `[apex, arc…, apex]`, or the arc alone when it goes all round.
    func ring(_ c: Int) -> [Coordinate] {
        fovs[c] >= 360 ? arcs[c] : [apexes[c]] + arcs[c] + [apexes[c]]
    }

    /// Whether camera `c`'s sector contains `p` (boundary included).
    @inline(__always)
    func contains(_ c: Int, _ p: Coordinate) -> Bool {
        let apex = apexes[c]
        let dx = p.x - apex.x, dy = p.y - apex.y
        let d2 = dx * dx + dy * dy
        if d2 == 0 { return true }
        let r = radii[c] * (1 + 1e-9) + 1e-9
        guard d2 <= r * r else { return false }
        // Bearing relative to the arc's start, in segments.
        let step = fovs[c] / Double(Self.arcSegments)
        var relative = atan2(dx, dy) * (180 / Double.pi) - starts[c]
        relative -= 360 * (relative / 360).rounded(.down)
        let arc = arcs[c]
        let full = fovs[c] >= 360
        var k = Int(relative / step)
        if !full && k >= Self.arcSegments {
            // Past the end of the arc: only the last or first triangle can still hold it (edge rounding).
            guard relative >= 360 - step || relative <= fovs[c] + step else { return false }
            k = relative > 180 + fovs[c] / 2 ? 0 : Self.arcSegments - 1
        }
        for t in [k - 1, k, k + 1] {
            var i = t
            if full { i = (i % Self.arcSegments + Self.arcSegments) % Self.arcSegments } else if i < 0 || i >= Self.arcSegments { continue }
            if Self.inTriangle(p, apex, arc[i], arc[i + 1]) { return true }
        }
        return false
    }

    /// Boundary-inclusive point-in-triangle with exact orientation (either winding).
    @inline(__always)
    static func inTriangle(_ p: Coordinate, _ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Bool {
        let o1 = Orientation.index(a, b, p), o2 = Orientation.index(b, c, p), o3 = Orientation.index(c, a, p)
        return (o1 >= 0 && o2 >= 0 && o3 >= 0) || (o1 <= 0 && o2 <= 0 && o3 <= 0)
    }

    /// The cameras whose sector contains `p`, or just whether one does (`first` = true).
    func covering(_ p: Coordinate, first: Bool = false) -> [Int] {
        var result: [Int] = []
        for c in index.candidates(p) where contains(Int(c), p) {
            result.append(Int(c))
            if first { break }
        }
        return result
    }

    /// For each projected point, whether a sector contains it (parallel over the points).
    func covered(_ points: [Coordinate]) -> [Bool] {
        var flags = [Bool](repeating: false, count: points.count)
        flags.withUnsafeMutableBufferPointer { buffer in
            let out = SendablePointer(buffer.baseAddress!)
            ParallelProjection.forEachChunk(count: points.count, minimumChunk: 50_000) { range in
                for i in range where index.mayHold(points[i]) {
                    for c in index.candidates(points[i]) where contains(Int(c), points[i]) {
                        out.pointer[i] = true
                        break
                    }
                }
            }
        }
        return flags
    }
}

/// Boxes filed in a uniform grid of square cells (compressed rows over the sorted keys of
/// occupied cells), with a coarse bitmap of 8 × 8-cell blocks for fast rejection.
struct CellIndex: Sendable {
    private let cell: Double
    private let originX: Double, originY: Double
    private let rows: Int64
    private let keys: [Int64]
    private let starts: [Int32]
    private let members: [Int32]
    private let blockColumns: Int, blockRows: Int
    private let blocks: [Bool]

    init(boxes: [BoundingBox], cell: Double) {
        self.cell = cell
        // Boxes PROJ could not project (infinite) are filed nowhere: they see nothing.
        let finite = { (b: BoundingBox) in [b.minX, b.minY, b.maxX, b.maxY].allSatisfy(\.isFinite) }
        var extent = BoundingBox.empty
        for box in boxes where finite(box) { extent.expand(box) }
        if extent.isEmpty { extent = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1) }
        (originX, originY) = (extent.minX, extent.minY)
        let columns = Int64(((extent.maxX - extent.minX) / cell).rounded(.down)) + 1
        rows = Int64(((extent.maxY - extent.minY) / cell).rounded(.down)) + 1
        var pairs: [UInt64] = []
        for (b, box) in boxes.enumerated() where finite(box) {
            let x0 = Int64((box.minX - extent.minX) / cell), x1 = Int64((box.maxX - extent.minX) / cell)
            let y0 = Int64((box.minY - extent.minY) / cell), y1 = Int64((box.maxY - extent.minY) / cell)
            for x in x0...x1 { for y in y0...y1 { pairs.append(UInt64(x * rows + y) << 24 | UInt64(b)) } }
        }
        precondition(boxes.count < 1 << 24, "at most 16 million boxes")
        let sorted = RadixSort.sort(pairs).sorted
        var keys: [Int64] = [], starts: [Int32] = []
        for (k, pair) in sorted.enumerated() where k == 0 || pair >> 24 != sorted[k - 1] >> 24 {
            keys.append(Int64(pair >> 24)); starts.append(Int32(k))
        }
        starts.append(Int32(sorted.count))
        (self.keys, self.starts) = (keys, starts)
        members = sorted.map { Int32($0 & 0xFF_FFFF) }
        blockColumns = Int(columns / 8) + 1
        blockRows = Int(rows / 8) + 1
        var blocks = [Bool](repeating: false, count: blockColumns * blockRows)
        for key in keys { blocks[Int(key / rows / 8) * blockRows + Int(key % rows / 8)] = true }
        self.blocks = blocks
    }

    /// False when no box touches the 2 km block of `p` (cheap; no false negatives).
    @inline(__always)
    func mayHold(_ p: Coordinate) -> Bool {
        let x = (p.x - originX) / cell, y = (p.y - originY) / cell
        guard x >= 0, y >= 0, x.isFinite, y.isFinite, x < 1e15, y < 1e15 else { return false }
        let bx = Int(x) / 8, by = Int(y) / 8
        return bx < blockColumns && by < blockRows && blocks[bx * blockRows + by]
    }

    /// The boxes filed in the cell of `p`.
    @inline(__always)
    func candidates(_ p: Coordinate) -> ArraySlice<Int32> {
        let x = (p.x - originX) / cell, y = (p.y - originY) / cell
        guard x >= 0, y >= 0, x.isFinite, y.isFinite, x < 1e15, y < Double(rows) else { return [] }
        guard let k = keys.sortedIndex(of: Int64(x) * rows + Int64(y)) else { return [] }
        return members[Int(starts[k])..<Int(starts[k + 1])]
    }
}
