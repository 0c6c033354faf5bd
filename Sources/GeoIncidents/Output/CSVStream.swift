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

    /// Hands over what is pending; call once after the last row.
    public mutating func finish() throws { try flush() }

    private mutating func flush() throws {
        guard !pending.isEmpty else { return }
        try write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
