/// CSV written as the rows come, in pieces of about a megabyte: the same bytes as
/// ``TableWriter/csv()`` of the same rows (header, then each row after a line break, no
/// final newline), without holding them all. A listing of a million tips keeps one piece in
/// memory, not the whole table twice over.
public struct CSVStream {
    /// Holds the current row only.
    private var row: TableWriter
    private var pending: [UInt8] = []
    private let write: ([UInt8]) throws -> Void

    /// A stream under `header` handing its bytes to `write`, in order.
    public init(header: [String], write: @escaping ([UInt8]) throws -> Void) {
        row = TableWriter(header: header)
        self.write = write
        pending.reserveCapacity(Self.pieceSize + 4_096)
        row.appendCSVHeader(to: &pending)
    }

    static let pieceSize = 1 << 20

    /// Adds one row whose cells `cells` appends in order (``TableWriter/RowWriter``).
    public mutating func addRow(_ cells: (inout TableWriter.RowWriter) throws -> Void) throws {
        try row.addRow(cells)
        row.appendCSVRows(to: &pending)
        row.removeAllRows()
        if pending.count >= Self.pieceSize { try flush() }
    }

    /// Rows `0..<count` under `header`, row i's cells appended by `fill(i, &row)`, as CSV
    /// handed to `write` in order, in pieces: the same bytes as a stream adding them one by
    /// one. The rows are formatted on all cores, a batch of runs at a time (so at most a
    /// batch of text is held, however many rows).
    public static func write(header: [String], count: Int, fill: @escaping @Sendable (Int, inout TableWriter.RowWriter) -> Void,
                             to write: ([UInt8]) throws -> Void) throws {
        var head: [UInt8] = []
        TableWriter(header: header).appendCSVHeader(to: &head)
        try write(head)
        let run = 16_384, runsPerBatch = 16
        var start = 0
        while start < count {
            let end = min(count, start + run * runsPerBatch)
            let first = start
            let pieces = ParallelWork.map((end - first + run - 1) / run, weight: { _ in 1 }) { k -> [UInt8] in
                var rows = TableWriter(header: header)
                let range = (first + k * run)..<min(end, first + (k + 1) * run)
                rows.reserve(range.count)
                for i in range { rows.addRow { fill(i, &$0) } }
                var out: [UInt8] = []
                rows.appendCSVRows(to: &out)
                return out
            }
            for piece in pieces { try write(piece) }
            start = end
        }
    }

    /// The rows of the batches `produce` hands to the `send` it is given, each made into
    /// rows under `header` by `table`, as CSV handed to `write` in order: the same bytes as a
    /// stream adding the rows one by one. Each batch is made into rows, then CSV, and
    /// written on another thread while `produce` reads the next (``OrderedHandoff``), so
    /// reading and writing take a core each. The header goes out with the first batch, or
    /// alone once `produce` returns without one: a `produce` that fails first writes nothing.
    public static func write<Batch: Sendable>(header: [String], batches produce: (_ send: (Batch) throws -> Void) throws -> Void,
                                              table: @escaping @Sendable (Batch) -> TableWriter,
                                              to write: @escaping @Sendable ([UInt8]) throws -> Void) throws {
        var head: [UInt8] = []
        TableWriter(header: header).appendCSVHeader(to: &head)
        let headerLine = head
        let sent = try OrderedHandoff.run(consume: { (batch: Batch, position: Int) in
            let rows = table(batch)
            var out: [UInt8] = position == 0 ? headerLine : []
            out.reserveCapacity(out.count + rows.byteCount + rows.rowCount * (header.count + 1))
            rows.appendCSVRows(to: &out)
            try write(out)
        }, produce: produce)
        if sent == 0 { try write(headerLine) }
    }

    /// Hands over what is pending; call once after the last row.
    public mutating func finish() throws { try flush() }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
