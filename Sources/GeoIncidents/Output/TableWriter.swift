/// Rows as an aligned text table, CSV or JSON: the listings of geoq. Cells are kept as
/// bytes one after another (no `String` per cell) and written in one pass into one buffer per
/// format (issue 20: a million rows a second; numbers written by ``PrintfNumbers`` straight
/// into the buffer through ``addRow(_:)``).
public struct TableWriter: Sendable {
    public var header: [String]
    /// Columns aligned to the right (numbers), and written as JSON numbers.
    public var numericColumns: Set<Int> = []
    /// Every cell's UTF-8, one after the other: cell k ends at `cellEnds[k]`, row r's cells
    /// end at `cellEnds[rowEnds[r] - 1]`.
    private var bytes: [UInt8] = []
    private var cellEnds: [Int] = []
    private var rowEnds: [Int] = []

    public init(header: [String], numericColumns: Set<Int> = []) {
        self.header = header
        self.numericColumns = numericColumns
    }

    /// Number of rows.
    public var rowCount: Int { rowEnds.count }

    /// Bytes in all cells together.
    var byteCount: Int { bytes.count }

    /// The rows as text, cell by cell.
    public var rows: [[String]] { (0..<rowCount).map { row in cells(of: row).map { String(decoding: cellBytes($0), as: UTF8.self) } } }

    public mutating func add(_ row: [String]) {
        addRow { writer in for cell in row { writer.text(cell) } }
    }

    /// Adds one row whose cells `write` appends in order, straight into the table's buffer;
    /// when `write` throws, nothing of the row is kept.
    public mutating func addRow(_ write: (inout RowWriter) throws -> Void) rethrows {
        let (byteCount, cellCount) = (bytes.count, cellEnds.count)
        var writer = RowWriter(bytes: bytes, cellEnds: cellEnds)
        (bytes, cellEnds) = ([], [])
        do {
            try write(&writer)
        } catch {
            (bytes, cellEnds) = (writer.bytes, writer.cellEnds)
            bytes.removeSubrange(byteCount...)
            cellEnds.removeSubrange(cellCount...)
            throw error
        }
        (bytes, cellEnds) = (writer.bytes, writer.cellEnds)
        rowEnds.append(cellEnds.count)
    }

    /// Adds the rows of `other` (written under the same header) after these.
    public mutating func append(rowsOf other: TableWriter) {
        let (byteBase, cellBase) = (bytes.count, cellEnds.count)
        bytes += other.bytes
        cellEnds += other.cellEnds.lazy.map { $0 + byteBase }
        rowEnds += other.rowEnds.lazy.map { $0 + cellBase }
    }

    /// Reserves room for `count` rows.
    public mutating func reserve(_ count: Int) {
        rowEnds.reserveCapacity(count)
        cellEnds.reserveCapacity(count * max(1, header.count))
        bytes.reserveCapacity(count * max(1, header.count) * 8)
    }

    /// Appends the cells of one row.
    public struct RowWriter {
        fileprivate var bytes: [UInt8]
        fileprivate var cellEnds: [Int]

        /// A cell holding `text`.
        public mutating func text(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
            cellEnds.append(bytes.count)
        }

        /// A cell holding `utf8`, which is valid UTF-8 (bytes read from SQLite as text,
        /// checked by the caller).
        mutating func utf8(_ utf8: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: utf8)
            cellEnds.append(bytes.count)
        }

        /// A cell holding `value` in decimal.
        public mutating func integer(_ value: Int64) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            PrintfNumbers.appendDigits(value.magnitude, to: &bytes)
            cellEnds.append(bytes.count)
        }

        /// A cell holding `String(format: "%.\(decimals)f", value)`.
        public mutating func fixed(_ value: Double, _ decimals: Int) {
            PrintfNumbers.appendFixed(value, decimals, to: &bytes)
            cellEnds.append(bytes.count)
        }

        /// A cell holding `String(format: "%.\(precision)g", value)`.
        public mutating func general(_ value: Double, _ precision: Int) {
            PrintfNumbers.appendGeneral(value, precision, to: &bytes)
            cellEnds.append(bytes.count)
        }

        /// An empty cell.
        public mutating func empty() { cellEnds.append(bytes.count) }
    }

    /// Indices into `cellEnds` of row `row`'s cells.
    private func cells(of row: Int) -> Range<Int> { (row == 0 ? 0 : rowEnds[row - 1])..<rowEnds[row] }

    private func cellBytes(_ k: Int) -> ArraySlice<UInt8> { bytes[(k == 0 ? 0 : cellEnds[k - 1])..<cellEnds[k]] }

    /// Columns padded to their widest cell (in characters), two spaces apart, numbers to
    /// the right; a rule under the header; trailing white space removed from every line.
    public func text() -> String {
        var widths = header.map(\.count)
        var counts = [Int](repeating: 0, count: cellEnds.count)
        for row in 0..<rowCount {
            for (i, k) in cells(of: row).enumerated() {
                counts[k] = Self.characterCount(cellBytes(k))
                if i < widths.count { widths[i] = max(widths[i], counts[k]) }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rowCount + 2))
        var line: [UInt8] = []
        func write(_ cellCount: Int, cell: (Int) -> ArraySlice<UInt8>, characters: (Int) -> Int) {
            line.removeAll(keepingCapacity: true)
            for i in 0..<cellCount {
                if i > 0 { line += [0x20, 0x20] }
                let pad = i < widths.count ? max(0, widths[i] - characters(i)) : 0
                if numericColumns.contains(i) {
                    line += repeatElement(0x20, count: pad)
                    line += cell(i)
                } else {
                    line += cell(i)
                    line += repeatElement(0x20, count: pad)
                }
            }
            Self.appendTrimmingTrailingWhitespace(line, to: &out)
        }
        let headerBytes = header.map { Array($0.utf8)[...] }
        write(header.count, cell: { headerBytes[$0] }, characters: { header[$0].count })
        out.append(10)
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ").utf8
        for row in 0..<rowCount {
            out.append(10)
            let range = cells(of: row)
            write(range.count, cell: { cellBytes(range.lowerBound + $0) }, characters: { counts[range.lowerBound + $0] })
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 4180 CSV: header and rows, fields quoted when they hold a comma, a quote or a
    /// line break; lines joined by `\n`, no final newline.
    public func csv() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + cellEnds.count + 64 * (header.count + 1))
        appendCSVHeader(to: &out)
        appendCSVRows(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The CSV header line, without a line break.
    func appendCSVHeader(to out: inout [UInt8]) {
        for (i, name) in header.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            Array(name.utf8).withUnsafeBufferPointer { Self.appendCSVField($0, to: &out) }
        }
    }

    /// Every row as a CSV line, each after a line break.
    func appendCSVRows(to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { bytes in
            cellEnds.withUnsafeBufferPointer { cellEnds in
                var start = 0, k = 0
                for rowEnd in rowEnds {
                    out.append(10)
                    var first = true
                    while k < rowEnd {
                        if !first { out.append(UInt8(ascii: ",")) }
                        first = false
                        Self.appendCSVField(UnsafeBufferPointer(rebasing: bytes[start..<cellEnds[k]]), to: &out)
                        (start, k) = (cellEnds[k], k + 1)
                    }
                }
            }
        }
    }

    /// One CSV field: quoted, every quote byte doubled, when it holds a comma, a quote or a
    /// line break (a quote followed by a combining mark is one character to Swift but still a
    /// quote to a CSV reader).
    static func appendCSVField(_ cell: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard cell.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else {
            out.append(contentsOf: cell)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in cell {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Rows as an array of objects keyed by header (keys sorted, as the library's JSON
    /// writer orders them), one object per line; numeric columns as numbers, empty cells
    /// as null.
    public func json() -> String {
        guard rowCount > 0 else { return "[]" }
        // One key per name, the last column of a repeated name winning, keys sorted.
        var lastColumn: [String: Int] = [:]
        for (i, name) in header.enumerated() { lastColumn[name] = i }
        let order = lastColumn.keys.sorted().map { lastColumn[$0]! }
        var out = JSONOutput(capacity: bytes.count * 2)
        out += "[\n"
        for row in 0..<rowCount {
            if row > 0 { out += ",\n" }
            out += "{"
            var first = true
            let range = cells(of: row)
            for i in order where i < range.count {
                if !first { out += "," }
                first = false
                GeoJSONWriter.writeString(header[i], to: &out)
                out += ":"
                let cell = String(decoding: cellBytes(range.lowerBound + i), as: UTF8.self)
                if numericColumns.contains(i), let number = Double(cell) {
                    out += GeoJSONWriter.number(number)
                } else if cell.isEmpty {
                    out += "null"
                } else {
                    GeoJSONWriter.writeString(cell, to: &out)
                }
            }
            out += "}"
        }
        out += "\n]"
        return out.string
    }

    /// Characters in a cell (grapheme clusters): ASCII counted from its bytes.
    static func characterCount(_ cell: ArraySlice<UInt8>) -> Int {
        cell.allSatisfy { $0 < 0x80 && $0 != 13 } ? cell.count : String(decoding: cell, as: UTF8.self).count
    }

    /// Appends `line` without its trailing white space (``trimmingTrailingWhitespace(_:)``;
    /// ASCII lines trimmed byte by byte).
    static func appendTrimmingTrailingWhitespace(_ line: [UInt8], to out: inout [UInt8]) {
        guard line.allSatisfy({ $0 < 0x80 }) else {
            out += trimmingTrailingWhitespace(String(decoding: line, as: UTF8.self)).utf8
            return
        }
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || (9...13).contains(line[end - 1]) { end -= 1 }
        out += line[..<end]
    }

    /// `text` without its trailing white space (the Unicode White_Space property, which is
    /// what ICU's `\s` matches: tab, line and form feeds, NEL, the separators …).
    static func trimmingTrailingWhitespace(_ text: String) -> Substring {
        var end = text.unicodeScalars.endIndex
        while end > text.unicodeScalars.startIndex, text.unicodeScalars[text.unicodeScalars.index(before: end)].properties.isWhitespace {
            end = text.unicodeScalars.index(before: end)
        }
        return text[text.startIndex..<end]
    }
}
