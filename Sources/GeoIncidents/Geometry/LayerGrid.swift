/// A uniform grid over a layer of areas (lon/lat), listing for each cell the areas that
/// may cover a point in it. Cells crossed by an area's edge say "test me"; cells wholly
/// inside an area say "inside": no point-in-area test is needed there.
///
/// A run of consecutive cells in a row that no edge touches lies wholly inside or wholly
/// outside the area, so building needs one point-in-area test per run. Edges mark cells by
/// the same floor formula queries use, so a point on an edge always finds that edge's area.
final class LayerGrid: Sendable {
    let box: BoundingBox
    let cellSize: Double
    let columns: Int
    let rows: Int
    /// CSR offsets into `entries`, one per cell plus one.
    private let cellStart: FrozenBuffer<Int32>
    /// `areaIndex << 1 | 1` when the cell is wholly inside the area, `areaIndex << 1` otherwise.
    private let entries: FrozenBuffer<Int32>

    init(areas: PackedAreas, targetCellsPerArea: Int = 256, maximumCells: Int = 32_000_000) {
        var box = BoundingBox.empty
        var areaSum = 0.0
        for i in 0..<areas.count {
            let b = areas.boundingBox(i)
            box.expand(b)
            areaSum += max(b.maxX - b.minX, 1e-9) * max(b.maxY - b.minY, 1e-9)
        }
        if box.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1) }
        let width = max(box.maxX - box.minX, 1e-9), height = max(box.maxY - box.minY, 1e-9)
        let meanArea = areas.count == 0 ? width * height : areaSum / Double(areas.count)
        var size = (meanArea / Double(targetCellsPerArea)).squareRoot()
        if width * height / (size * size) > Double(maximumCells) { size = (width * height / Double(maximumCells)).squareRoot() }
        let columns = max(1, Int((width / size).rounded(.up)) + 1)
        let rows = max(1, Int((height / size).rounded(.up)) + 1)
        self.box = box
        self.cellSize = size
        self.columns = columns
        self.rows = rows

        let originX = box.minX, originY = box.minY
        var pairs: [UInt64] = []  // cell << 32 | entry
        var bound = 0
        for index in 0..<areas.count {
            let b = areas.boundingBox(index)
            if b.isEmpty { continue }
            bound += (Int((b.maxX - originX) / size) - Int((b.minX - originX) / size) + 1)
                * (Int((b.maxY - originY) / size) - Int((b.minY - originY) / size) + 1)
        }
        pairs.reserveCapacity(bound)
        var marked: [Bool] = []
        for index in 0..<areas.count {
            let b = areas.boundingBox(index)
            if b.isEmpty { continue }
            let c0 = Int((b.minX - originX) / size), c1 = min(columns - 1, Int((b.maxX - originX) / size))
            let r0 = Int((b.minY - originY) / size), r1 = min(rows - 1, Int((b.maxY - originY) / size))
            let w = c1 - c0 + 1
            marked.removeAll(keepingCapacity: true)
            marked.append(contentsOf: repeatElement(false, count: w * (r1 - r0 + 1)))
            areas.forEachEdgeBox(index) { minX, minY, maxX, maxY in
                let a0 = max(c0, Int((minX - originX) / size)), a1 = min(c1, Int((maxX - originX) / size))
                let b0 = max(r0, Int((minY - originY) / size)), b1 = min(r1, Int((maxY - originY) / size))
                if a0 > a1 || b0 > b1 { return }
                for r in b0...b1 { for c in a0...a1 { marked[(r - r0) * w + (c - c0)] = true } }
            }
            for r in r0...r1 {
                var c = c0
                while c <= c1 {
                    if marked[(r - r0) * w + (c - c0)] {
                        pairs.append(UInt64(r * columns + c) << 32 | UInt64(index << 1))
                        c += 1
                        continue
                    }
                    let runStart = c
                    while c <= c1 && !marked[(r - r0) * w + (c - c0)] { c += 1 }
                    let probe = Coordinate(x: originX + (Double(runStart) + 0.5) * size, y: originY + (Double(r) + 0.5) * size)
                    if areas.locate(index, probe) == .interior {
                        for k in runStart..<c { pairs.append(UInt64(r * columns + k) << 32 | UInt64(index << 1 | 1)) }
                    }
                }
            }
        }
        // Counting sort by cell, straight into the frozen buffers.
        let cellStart = FrozenBuffer<Int32>(count: columns * rows + 1, repeating: 0)
        let counts = cellStart.pointer
        for pair in pairs { counts[Int(pair >> 32) + 1] += 1 }
        for c in 0..<(columns * rows) { counts[c + 1] += counts[c] }
        let entries = FrozenBuffer<Int32>(count: pairs.count, repeating: 0)
        // Fill each cell from its end backwards (stable), so no second offsets array is needed.
        for pair in pairs.reversed() {
            let cell = Int(pair >> 32)
            counts[cell + 1] -= 1
            entries.pointer[Int(counts[cell + 1])] = Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)
        }
        // counts[c + 1] now holds the start of cell c: shift down to CSR offsets.
        for c in 0..<(columns * rows) { counts[c] = counts[c + 1] }
        counts[columns * rows] = Int32(pairs.count)
        self.cellStart = cellStart
        self.entries = entries
    }

    /// Raw pointers for queries; valid while this grid is alive.
    var view: View {
        View(box: box, cellSize: cellSize, columns: columns, rows: rows, cellStart: cellStart.base, entries: entries.base)
    }

    /// Calls `body(areaIndex, whollyInside)` for each area listed in the cell of `p`.
    func forEachCandidate(_ p: Coordinate, _ body: (Int, Bool) -> Void) {
        withExtendedLifetime(self) { view.forEachCandidate(p, body) }
    }

    /// Calls `body(areaIndex, whollyInside)` for each area listed in one cell.
    func forEachEntry(column: Int, row: Int, _ body: (Int, Bool) -> Void) {
        withExtendedLifetime(self) { view.forEachEntry(column: column, row: row, body) }
    }

    /// Raw pointers into a ``LayerGrid``: a trivial value, free to copy in hot loops.
    struct View {
        let box: BoundingBox
        let cellSize: Double
        let columns: Int
        let rows: Int
        let cellStart: UnsafePointer<Int32>
        let entries: UnsafePointer<Int32>

        @inline(__always)
        func forEachCandidate(_ p: Coordinate, _ body: (Int, Bool) -> Void) {
            guard box.contains(p) else { return }
            let c = min(columns - 1, Int((p.x - box.minX) / cellSize))
            let r = min(rows - 1, Int((p.y - box.minY) / cellSize))
            forEachEntry(column: c, row: r, body)
        }

        @inline(__always)
        func forEachEntry(column c: Int, row r: Int, _ body: (Int, Bool) -> Void) {
            let cell = r * columns + c
            for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                let entry = Int(entries[k])
                body(entry >> 1, entry & 1 == 1)
            }
        }
    }
}
