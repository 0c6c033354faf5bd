/// Rows as an aligned text table, CSV or JSON: the listings of geoq. Written in one pass
/// into one buffer per format (issue 20: a million rows a second; the numbers come
/// formatted by ``PrintfNumbers``).
public struct TableWriter: Sendable {
    public var header: [String]
    public private(set) var rows: [[String]] = []
    /// Columns aligned to the right (numbers), and written as JSON numbers.
    public var numericColumns: Set<Int> = []

    public init(header: [String], numericColumns: Set<Int> = []) {
        self.header = header
        self.numericColumns = numericColumns
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// Reserves room for `count` rows.
    public mutating func reserve(_ count: Int) { rows.reserveCapacity(count) }

    /// Columns padded to their widest cell (in characters), two spaces apart, numbers to
    /// the right; a rule under the header; trailing white space removed from every line.
    public func text() -> String {
        var widths = header.map(\.count)
        var counts: [[Int]] = []
        counts.reserveCapacity(rows.count)
        for row in rows {
            var rowCounts: [Int] = []
            rowCounts.reserveCapacity(row.count)
            for (i, cell) in row.enumerated() {
                let n = Self.characterCount(cell)
                rowCounts.append(n)
                if i < widths.count { widths[i] = max(widths[i], n) }
            }
            counts.append(rowCounts)
        }
        var out = ""
        out.reserveCapacity((widths.reduce(0, +) + 2 * widths.count + 1) * (rows.count + 2))
        func line(_ cells: [String], _ cellCounts: [Int]) {
            var piece = ""
            for (i, cell) in cells.enumerated() {
                if i > 0 { piece += "  " }
                let pad = i < widths.count ? max(0, widths[i] - cellCounts[i]) : 0
                if numericColumns.contains(i) {
                    piece += String(repeating: " ", count: pad)
                    piece += cell
                } else {
                    piece += cell
                    piece += String(repeating: " ", count: pad)
                }
            }
            out += Self.trimmingTrailingWhitespace(piece)
        }
        line(header, header.map(\.count))
        out += "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        for (row, rowCounts) in zip(rows, counts) {
            out += "\n"
            line(row, rowCounts)
        }
        return out
    }

    /// RFC 4180 CSV: header and rows, fields quoted when they hold a comma, a quote or a
    /// line break; lines joined by `\n`, no final newline.
    public func csv() -> String {
        var out = ""
        out.reserveCapacity(64 * (rows.count + 1))
        func line(_ cells: [String]) {
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += "," }
                if cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                    out += "\""
                    out += Self.doublingQuotes(cell)
                    out += "\""
                } else {
                    out += cell
                }
            }
        }
        line(header)
        for row in rows {
            out += "\n"
            line(row)
        }
        return out
    }

    /// Rows as an array of objects keyed by header (keys sorted, as the library's JSON
    /// writer orders them), one object per line; numeric columns as numbers, empty cells
    /// as null.
    public func json() -> String {
        guard !rows.isEmpty else { return "[]" }
        // One key per name, the last column of a repeated name winning, keys sorted.
        var lastColumn: [String: Int] = [:]
        for (i, name) in header.enumerated() { lastColumn[name] = i }
        let order = lastColumn.keys.sorted().map { lastColumn[$0]! }
        var out = JSONOutput()
        out += "[\n"
        for (r, row) in rows.enumerated() {
            if r > 0 { out += ",\n" }
            out += "{"
            var first = true
            for i in order where i < row.count {
                if !first { out += "," }
                first = false
                GeoJSONWriter.writeString(header[i], to: &out)
                out += ":"
                if numericColumns.contains(i), let number = Double(row[i]) {
                    out += GeoJSONWriter.number(number)
                } else if row[i].isEmpty {
                    out += "null"
                } else {
                    GeoJSONWriter.writeString(row[i], to: &out)
                }
            }
            out += "}"
        }
        out += "\n]"
        return out.string
    }

    /// Characters in `text` (grapheme clusters): ASCII counted from its bytes.
    static func characterCount(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? (text.utf8.contains(13) ? text.count : text.utf8.count) : text.count
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

extension TableWriter {
    /// `cell` with every `"` doubled, byte by byte (a quote followed by a combining mark is
    /// one character to Swift but still a quote to a CSV reader).
    static func doublingQuotes(_ cell: String) -> String {
        guard cell.utf8.contains(UInt8(ascii: "\"")) else { return cell }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cell.utf8.count + 8)
        for byte in cell.utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
