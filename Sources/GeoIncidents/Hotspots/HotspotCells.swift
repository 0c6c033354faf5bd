/// The ranked cells of a hotspot grid, without holding millions of identical records: the
/// ranking is a list of runs, each either cells stored one by one or cells that share every
/// value but their id (a study area's cells with no tip in or next to them score alike,
/// see `QuietCellScoring`), kept as ids in (ix, iy) order beside one template cell.
///
/// Reads like an array of `HotspotCell` in rank order; a cell of a shared run is made when
/// it is read.
public struct HotspotCells: RandomAccessCollection, Sendable {
    /// Cells stored one by one, in rank order across their runs.
    private var stored: [HotspotCell]
    /// The shared runs' templates (values of every cell of the run; the id is not used).
    private var templates: [HotspotCell]
    /// The shared runs' cell ids, each run a range.
    private var sharedIDs: [CellID]
    /// The runs in rank order: the rank of each run's first cell (`starts.count` = runs + 1,
    /// the last entry the total), the template of a shared run (-1 for stored cells), and
    /// where the run's cells start in `stored` or `sharedIDs`.
    private var starts: [Int] = [0]
    private var kinds: [Int32] = []
    private var offsets: [Int] = []

    /// Cells stored one by one, in this order.
    public init(_ cells: [HotspotCell]) {
        self.init(stored: cells, templates: [], sharedIDs: [], sharedRuns: [])
    }

    /// `stored` in order, with each shared run (`sharedIDs[range]` valued as
    /// `templates[template]`) placed before `stored[before]` (`before` ascending; equal ones
    /// in the order given).
    init(stored: [HotspotCell], templates: [HotspotCell], sharedIDs: [CellID], sharedRuns: [(template: Int, range: Range<Int>, before: Int)]) {
        self.stored = stored
        self.templates = templates
        self.sharedIDs = sharedIDs
        var next = 0
        for run in sharedRuns where !run.range.isEmpty {
            if run.before > next { appendRun(kind: -1, offset: next, count: run.before - next); next = run.before }
            appendRun(kind: Int32(run.template), offset: run.range.lowerBound, count: run.range.count)
        }
        if stored.count > next { appendRun(kind: -1, offset: next, count: stored.count - next) }
    }

    private mutating func appendRun(kind: Int32, offset: Int, count: Int) {
        kinds.append(kind)
        offsets.append(offset)
        starts.append(starts[starts.count - 1] + count)
    }

    /// Runs of cells that share a template (for tests and figures).
    var sharedRuns: Int { kinds.filter { $0 >= 0 }.count }

    public var startIndex: Int { 0 }
    public var endIndex: Int { starts[starts.count - 1] }

    public subscript(position: Int) -> HotspotCell {
        precondition(position >= 0 && position < endIndex, "hotspot cell index \(position) out of range")
        var low = 0, high = kinds.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= position { low = mid } else { high = mid - 1 }
        }
        return cell(run: low, at: position - starts[low])
    }

    private func cell(run: Int, at k: Int) -> HotspotCell {
        let kind = Int(kinds[run])
        guard kind >= 0 else { return stored[offsets[run] + k] }
        var cell = templates[kind]
        cell.id = sharedIDs[offsets[run] + k]
        return cell
    }

    /// Reads the runs front to back (no search per cell).
    public struct Iterator: IteratorProtocol {
        let cells: HotspotCells
        var run = 0, k = 0

        public mutating func next() -> HotspotCell? {
            while run < cells.kinds.count && k >= cells.starts[run + 1] - cells.starts[run] { run += 1; k = 0 }
            guard run < cells.kinds.count else { return nil }
            defer { k += 1 }
            return cells.cell(run: run, at: k)
        }
    }

    public func makeIterator() -> Iterator { Iterator(cells: self) }

    /// The cells `isIncluded` keeps, still in rank order; a shared run is tested once, on its
    /// template (every cell of it is alike but for the id, which the test must not read).
    public func keeping(_ isIncluded: (HotspotCell) -> Bool) -> HotspotCells {
        var kept: [HotspotCell] = []
        var runs: [(template: Int, range: Range<Int>, before: Int)] = []
        for run in 0..<kinds.count {
            let kind = Int(kinds[run]), range = offsets[run]..<(offsets[run] + starts[run + 1] - starts[run])
            if kind < 0 {
                kept += stored[range].filter(isIncluded)
            } else if isIncluded(templates[kind]) {
                runs.append((kind, range, kept.count))
            }
        }
        return HotspotCells(stored: kept, templates: templates, sharedIDs: sharedIDs, sharedRuns: runs)
    }
}

extension HotspotCells: Equatable {
    /// The same cells in the same order, however they are stored.
    public static func == (a: HotspotCells, b: HotspotCells) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}
