import Foundation

/// A CSV file read into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF),
/// with its header, so that a bad row can be named by file and line.
public struct CSVTable: Sendable {
    /// The name used in error messages (usually the file path).
    public let source: String
    /// Header fields.
    public let header: [String]
    /// Data rows with the 1-based line number each starts on.
    public let rows: [(line: Int, fields: [String])]

    /// Parses CSV text. Throws ``TextLocatorError/badCSV(file:line:message:)`` on an unterminated
    /// quote, a stray quote, a row whose field count differs from the header's, or no header.
    public init(text: String, source: String) throws {
        self.source = source
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var afterQuote = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true); quotedField = false; afterQuote = false }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                    inQuotes = false; afterQuote = true
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                i += 1; continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields.removeAll(keepingCapacity: true)
                line += 1; recordLine = line
            case UInt8(ascii: "\""):
                guard field.isEmpty, !quotedField else {
                    throw TextLocatorError.badCSV(file: source, line: line, message: "a quote inside an unquoted field (quote the whole field and double inner quotes)")
                }
                inQuotes = true; quotedField = true
            default:
                if afterQuote {
                    throw TextLocatorError.badCSV(file: source, line: line, message: "text after a closing quote")
                }
                field.append(b)
            }
            i += 1
        }
        if inQuotes { throw TextLocatorError.badCSV(file: source, line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || quotedField { endField(); records.append((recordLine, fields)) }
        guard let first = records.first else { throw TextLocatorError.badCSV(file: source, line: 1, message: "no header row") }
        var header = first.1
        if let h = header.first, h.hasPrefix("\u{FEFF}") { header[0] = String(h.dropFirst()) }
        self.header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        for (recLine, rec) in records.dropFirst() where rec.count != header.count {
            throw TextLocatorError.badCSV(file: source, line: recLine, message: "\(rec.count) fields, the header has \(header.count)")
        }
        self.rows = records.dropFirst().map { (line: $0.0, fields: $0.1) }
    }

    /// A table from rows already split into fields (e.g. read back from a database).
    public init(source: String, header: [String], rows: [(line: Int, fields: [String])]) {
        self.source = source
        self.header = header
        self.rows = rows
    }

    /// Reads and parses a file.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw TextLocatorError.unreadable(file: path, message: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), source: path)
    }

    /// Index of a required column; throws naming the file when it is absent.
    public func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw TextLocatorError.badCSV(file: source, line: 1, message: "no column \"\(name)\" (header: \(header.joined(separator: ",")))")
        }
        return i
    }
}
