// CSVReader and TipRowParser, as `geoq tips import` runs them on a CSV file.
//
// The first input byte picks the reader's chunk size, the rest is the file. Oracles: the
// records (bytes, field ends, line, problem) are the same as with the import's 1 MiB chunks,
// wherever the chunk boundaries fall; every accepted row is a storable tip.
import FuzzSupport
@testable import GeoIncidents

/// Chunk sizes the first byte picks from: boundaries at every offset of a small input, and the import's own.
let chunkSizes = [1, 2, 3, 4, 5, 7, 16, 64, 1 << 20]
let scratch = ScratchFile(name: "tips.csv")

struct Record: Equatable {
    var bytes: [UInt8]
    var fieldEnds: [Int]
    var line: Int
    var problem: String?
}

func records(chunkSize: Int) throws -> [Record] {
    let reader = try CSVReader(path: scratch.path, chunkSize: chunkSize)
    var records: [Record] = []
    while try reader.next() {
        records.append(Record(bytes: reader.record, fieldEnds: reader.fieldEnds, line: reader.line, problem: reader.problem))
    }
    return records
}

/// The rows parsed as `TipFileReader.readCSV` does: header names to columns, then TipRowParser.
func parseRows() throws {
    let reader = try CSVReader(path: scratch.path)
    guard try reader.next() else { return }
    let header = (0..<reader.fieldCount).map { reader.string($0).lowercased() }
    let columns = TipField.allCases.map { field in field.defaultColumns.lazy.compactMap { header.firstIndex(of: $0) }.first ?? -1 }
    var options = TipImportOptions()
    options.category = .other
    let parser = TipRowParser(options: options, defaultSource: "fuzz.csv")
    while try reader.next() {
        _ = reader.string(reader.fieldCount)
        _ = reader.isEmpty(reader.fieldCount)
        guard reader.problem == nil, reader.fieldCount == header.count else { continue }
        Oracle.checkAccepted(parser.parse { field in
            let column = columns[field.ordinal]
            guard column >= 0, !reader.isEmpty(column) else { return nil }
            let text = reader.string(column)
            return text.isEmpty ? nil : text
        })
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    scratch.write(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    let chunkSize = chunkSizes[Int(data[0]) % chunkSizes.count]
    do {
        let reference = try records(chunkSize: 1 << 20)
        if chunkSize != 1 << 20 {
            let chunked = try records(chunkSize: chunkSize)
            Oracle.check(chunked == reference, "chunk size \(chunkSize) reads \(chunked), 1 MiB chunks read \(reference)")
        }
        try parseRows()
    } catch {
        fatalError("CSVReader threw on a readable file: \(error)")
    }
    return 0
}
