import Foundation
import Testing
@testable import GeoIncidents

/// The listings' writer as it was before issue 20 (strings joined, a regular expression per
/// line, one dictionary per JSON row): the reference the streaming writer must equal.
private struct ReferenceTableWriter {
    var header: [String]
    var rows: [[String]] = []
    var numericColumns: Set<Int> = []

    func text() -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return numericColumns.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    func csv() -> String {
        ([header] + rows).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\n")
    }

    static func csvField(_ value: String) -> String {
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    func json() -> String {
        let objects: [String] = rows.map { row in
            var object: [String: JSONValue] = [:]
            for (i, name) in header.enumerated() where i < row.count {
                if numericColumns.contains(i), let number = Double(row[i]) {
                    object[name] = .number(number)
                } else {
                    object[name] = row[i].isEmpty ? .null : .string(row[i])
                }
            }
            return GeoJSONWriter.json(.object(object))
        }
        return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }
}

@Suite("The listings' table, CSV and JSON writer")
struct TableWriterTests {
    static let cells = ["", "0", "-1.5", "108.905123", "nan", "1e-05", "abc", "Phường Khánh Hải", "Đánh nhau, cầm dao", "say \"hi\"", "trailing   ",
                        "tab\t", "nbsp\u{00A0}", "ideographic\u{3000}", "line\nbreak", "cr\rreturn", "nel \u{85}", "vt\u{0B}", "emoji 🚓 ", "combining e\u{301}",
                        "  lead", "x,y", "12", "-0", "1e400", "\u{2028}"]

    fileprivate static func table(rows: Int, seed: UInt64) -> (TableWriter, ReferenceTableWriter) {
        var random = SplitMix(seed)
        let header = ["rank", "name", "z", "note", "count"]
        let numeric: Set<Int> = [0, 2, 4]
        var writer = TableWriter(header: header, numericColumns: numeric)
        var reference = ReferenceTableWriter(header: header, numericColumns: numeric)
        for _ in 0..<rows {
            let row = (0..<header.count).map { _ in cells[Int(random.next() % UInt64(cells.count))] }
            writer.add(row)
            reference.rows.append(row)
        }
        return (writer, reference)
    }

    @Test("text and JSON equal the earlier writer's bytes on rows of every kind of cell")
    func sameBytes() {
        for seed in 0..<40 as Range<UInt64> {
            let (writer, reference) = Self.table(rows: Int(seed * 7 % 60), seed: seed)
            #expect(writer.text() == reference.text(), "seed \(seed)")
            #expect(writer.json() == reference.json(), "seed \(seed)")
        }
    }

    @Test("a repeated header name is one JSON key, the last column winning, as before")
    func repeatedHeader() {
        var writer = TableWriter(header: ["total", "n", "total"], numericColumns: [1])
        var reference = ReferenceTableWriter(header: ["total", "n", "total"], numericColumns: [1])
        for row in [["a", "1", "b"], ["", "2", "c"]] { writer.add(row); reference.rows.append(row) }
        #expect(writer.json() == reference.json())
    }

    @Test("CSV equals the earlier writer's bytes, except that a field with CR LF is now quoted (RFC 4180)")
    func csv() {
        for seed in 0..<40 as Range<UInt64> {
            let (writer, reference) = Self.table(rows: Int(seed * 7 % 60), seed: seed)
            #expect(writer.csv() == reference.csv(), "seed \(seed)")
        }
        var crlf = TableWriter(header: ["a"])
        crlf.add(["one\r\ntwo"])
        #expect(crlf.csv() == "a\n\"one\r\ntwo\"")
        // A quote with a combining mark on it is still a quote to a CSV reader: doubled.
        var marked = TableWriter(header: ["a", "b"])
        marked.add(["x\"\u{301},y", "z"])
        #expect(marked.csv() == "a,b\n\"x\"\"\u{301},y\",z")
    }
}

extension TableWriterTests {
    @Test("cells written by type into the buffer give the bytes of the same cells added as text, in every format")
    func typedCells() {
        var random = SplitMix(7)
        let values: [Double] = [0, -0.0, 1.5, -2.25, 108.905_123_456, 1e-7, 123_456_789.123, .nan, .infinity, 0.000_123_45, 1e300]
        let integers: [Int64] = [0, 1, -1, 42, Int64.max, Int64.min, 1_000_000]
        let header = ["n", "f", "g", "t", "e"]
        var typed = TableWriter(header: header, numericColumns: [0, 1, 2])
        var text = TableWriter(header: header, numericColumns: [0, 1, 2])
        for _ in 0..<500 {
            let n = integers[Int(random.next() % UInt64(integers.count))]
            let f = values[Int(random.next() % UInt64(values.count))], g = values[Int(random.next() % UInt64(values.count))]
            let t = Self.cells[Int(random.next() % UInt64(Self.cells.count))]
            let decimals = Int(random.next() % 7), precision = 1 + Int(random.next() % 6)
            typed.addRow { row in
                row.integer(n)
                row.fixed(f, decimals)
                row.general(g, precision)
                row.text(t)
                row.empty()
            }
            text.add([String(n), String(format: "%.\(decimals)f", f), String(format: "%.\(precision)g", g), t, ""])
        }
        #expect(typed.rowCount == 500 && typed.rows == text.rows)
        #expect(typed.csv() == text.csv())
        #expect(typed.text() == text.text())
        #expect(typed.json() == text.json())
    }
}

/// A small deterministic generator for the tests' tables.
private struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension TableWriterTests {
    @Test("CSV of rows formatted on all cores, in runs and batches, is the table's CSV: none, one, a run's edge, past a batch")
    func parallelCSV() throws {
        for (rows, seed) in [(0, 5), (1, 6), (16_385, 7), (16 * 16_384 + 3, 8)] as [(Int, UInt64)] {
            let (writer, _) = Self.table(rows: rows, seed: seed)
            let cells = writer.rows
            var written: [UInt8] = []
            try CSVStream.write(header: writer.header, count: cells.count, fill: { i, row in for cell in cells[i] { row.text(cell) } }) { written += $0 }
            #expect(String(decoding: written, as: UTF8.self) == writer.csv(), "\(rows) rows")
        }
    }
}

extension TableWriterTests {
    struct Failed: Error {}

    @Test("CSV of batches handed to another thread: the table's CSV; the header alone without batches; nothing when reading fails first")
    func batchesCSV() throws {
        let (writer, _) = Self.table(rows: 40_000, seed: 9)
        let rows = writer.rows
        for batch in [1, 999, 40_000] {
            let written = Mutex<[UInt8]>([])
            try CSVStream.write(header: writer.header, batches: { send in
                for start in stride(from: 0, to: rows.count, by: batch) { try send(Array(rows[start..<min(rows.count, start + batch)])) }
            }, table: { (part: [[String]]) in
                var table = TableWriter(header: writer.header)
                for row in part { table.add(row) }
                return table
            }, to: { bytes in written.withLock { $0 += bytes } })
            #expect(written.withLock { String(decoding: $0, as: UTF8.self) } == writer.csv(), "batches of \(batch)")
        }
        let header = TableWriter(header: writer.header).csv()
        let alone = Mutex<[UInt8]>([])
        try CSVStream.write(header: writer.header, batches: { (_: ([[String]]) throws -> Void) in }, table: { _ in TableWriter(header: []) },
                            to: { bytes in alone.withLock { $0 += bytes } })
        #expect(alone.withLock { String(decoding: $0, as: UTF8.self) } == header)
        let none = Mutex<[UInt8]>([])
        #expect(throws: Failed.self) {
            try CSVStream.write(header: writer.header, batches: { (_: ([[String]]) throws -> Void) in throw Failed() },
                                table: { _ in TableWriter(header: []) }, to: { bytes in none.withLock { $0 += bytes } })
        }
        #expect(none.withLock { $0.isEmpty })
    }
}

import Synchronization
