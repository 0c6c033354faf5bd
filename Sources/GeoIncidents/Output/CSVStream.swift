/// CSV written in pieces as the rows come, the same bytes as ``TableWriter/csv()`` of the
/// same rows (header, then each row after a line break, no final newline), without holding
/// them all: rows formatted on all cores (hotspot cells), or batches read on one thread and
/// written on another (the tips listing).
public enum CSVStream {
    /// Rows `0..<count` under `header`, row i's cells appended by `fill(i, &row)`, as CSV
    /// handed to `write` in order, in pieces. The rows are formatted on all cores, a batch of
    /// runs at a time (so at most a batch of text is held, however many rows).
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
    /// rows under `header` by `table`, as CSV handed to `write` in order. Each batch is made into rows, then CSV, and
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
}
