/// A streaming RFC 4180 CSV reader over a file: quoted fields, doubled quotes, line breaks
/// inside quotes, CRLF or LF. Memory stays bounded by the longest record.
///
/// A record with bad quoting is still returned, with ``problem`` set, so the caller can
/// report its line and go on with the next record.
final class CSVReader {
    private let file: ChunkedFileReader
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var nextLine = 1
    /// Unescaped bytes of the current record's fields, one after another.
    private(set) var record: [UInt8] = []
    /// End offset in `record` of each field.
    private(set) var fieldEnds: [Int] = []
    /// The line the current record starts on (1-based).
    private(set) var line = 0
    /// Why the current record is malformed, or `nil`.
    private(set) var problem: String?
    let path: String
    let delimiter: UInt8

    init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        self.path = path
        self.delimiter = delimiter
        self.file = try ChunkedFileReader(path: path)
    }

    var fieldCount: Int { fieldEnds.count }

    private func fill() throws -> Bool {
        if atEnd { return false }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        guard let chunk = try file.next() else {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    @inline(__always)
    private func peek() throws -> UInt8? {
        if position >= buffer.count, !(try fill()) { return nil }
        return buffer[position]
    }

    /// Reads the next record. Returns `false` at the end of the file. Blank lines are skipped.
    func next() throws -> Bool {
        record.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        problem = nil
        // Skip blank lines.
        while let b = try peek(), b == 0x0A || b == 0x0D {
            if b == 0x0A { nextLine += 1 }
            position += 1
        }
        guard try peek() != nil else { return false }
        line = nextLine
        if line == 1, buffer.count >= position + 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3  // UTF-8 byte order mark
        }
        var inQuotes = false
        var fieldStartedQuoted = false
        var afterClosingQuote = false
        while true {
            guard let b = try peek() else {
                if inQuotes { problem = "line \(line): quoted field is never closed (file ends inside quotes)" }
                fieldEnds.append(record.count)
                return true
            }
            position += 1
            if inQuotes {
                if b == 0x22 {
                    if try peek() == 0x22 {
                        position += 1
                        record.append(0x22)
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if b == 0x0A { nextLine += 1 }
                    record.append(b)
                }
                continue
            }
            switch b {
            case delimiter:
                fieldEnds.append(record.count)
                fieldStartedQuoted = false
                afterClosingQuote = false
            case 0x0A:
                nextLine += 1
                fieldEnds.append(record.count)
                return true
            case 0x0D:
                if try peek() == 0x0A { continue }
                fieldEnds.append(record.count)
                return true
            case 0x22:
                let fieldStart = fieldEnds.last ?? 0
                if record.count == fieldStart && !fieldStartedQuoted && !afterClosingQuote {
                    inQuotes = true
                    fieldStartedQuoted = true
                } else if problem == nil {
                    problem = "line \(line): field \(fieldEnds.count + 1) has a quote in an unquoted field"
                    record.append(b)
                }
            default:
                if afterClosingQuote && problem == nil {
                    problem = "line \(line): field \(fieldEnds.count + 1) has characters after its closing quote"
                }
                record.append(b)
            }
        }
    }

    private func range(_ i: Int) -> Range<Int> {
        (i == 0 ? 0 : fieldEnds[i - 1])..<fieldEnds[i]
    }

    /// Field `i` as text (UTF-8; invalid bytes are repaired), trimmed of spaces.
    func string(_ i: Int) -> String {
        guard i < fieldEnds.count else { return "" }
        var r = range(i)
        while r.lowerBound < r.upperBound, record[r.lowerBound] == 0x20 { r = (r.lowerBound + 1)..<r.upperBound }
        while r.lowerBound < r.upperBound, record[r.upperBound - 1] == 0x20 { r = r.lowerBound..<(r.upperBound - 1) }
        return String(decoding: record[r], as: UTF8.self)
    }

    /// Whether field `i` is missing or empty.
    func isEmpty(_ i: Int) -> Bool {
        guard i < fieldEnds.count else { return true }
        return range(i).isEmpty
    }
}
