import ArgumentParser
import Foundation
import GeoIncidents

/// Writes rows as an aligned text table, CSV or JSON.
struct TableWriter {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    var numericColumns: Set<Int> = []

    init(header: [String], numericColumns: Set<Int> = []) {
        self.header = header
        self.numericColumns = numericColumns
    }

    mutating func add(_ row: [String]) { rows.append(row) }

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

    /// Rows as an array of objects keyed by header; numeric columns as numbers.
    /// Written by the library's one JSON writer (`GeoJSONWriter.json`, keys sorted), one
    /// object per line.
    func json() throws -> String {
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

    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: return text()
        case .csv: return csv()
        case .json: return try json()
        case .geojson: throw ValidationError("--format geojson is not available for this listing")
        }
    }
}

