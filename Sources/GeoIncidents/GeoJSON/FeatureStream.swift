import Foundation

/// Streams the features of a GeoJSON FeatureCollection, a single Feature, or NDJSON (one
/// Feature per line) from a file, one feature at a time, in constant memory.
///
/// It splits the byte stream by bracket depth (respecting strings) and hands each
/// feature's bytes, its index and the line it starts on to the caller, which decodes it
/// (so one bad feature is reported with its line and the rest still read).
struct FeatureStream {
    /// One feature's raw JSON.
    struct Item {
        let index: Int
        let line: Int
        let data: Data
    }

    private let reader: ChunkedFileReader
    let path: String

    init(path: String) throws {
        self.path = path
        self.reader = try ChunkedFileReader(path: path)
    }

    /// Calls `body` for each feature. Throws for structural errors (truncated file,
    /// no features); per-feature content errors are the caller's to handle.
    func forEach(_ body: (Item) throws -> Void) throws {
        var depth = 0
        var inString = false
        var escaped = false
        var line = 1
        var index = 0
        // The bytes being collected: a top-level object (until it turns out to be a
        // FeatureCollection), or one element of the "features" array.
        var capture = Data()
        var capturing = false
        var captureLine = 0
        var captureBaseDepth = 0
        var inFeaturesArray = false
        var sawFeaturesArray = false
        var stringAtDepth1: [UInt8] = []
        var collectingKey = false
        var pendingKey: [UInt8] = []
        let featuresKey = Array("features".utf8)

        while let chunk = try reader.next() {
            for byte in chunk {
                if capturing { capture.append(byte) }
                if byte == 0x0A { line += 1 }
                if inString {
                    if escaped { escaped = false }
                    else if byte == 0x5C { escaped = true }
                    else if byte == 0x22 { inString = false; collectingKey = false }
                    else if collectingKey { stringAtDepth1.append(byte) }
                    continue
                }
                switch byte {
                case 0x22:
                    inString = true
                    if depth == 1 && !inFeaturesArray {
                        collectingKey = true
                        stringAtDepth1.removeAll(keepingCapacity: true)
                    }
                case 0x3A where depth == 1:
                    pendingKey = stringAtDepth1
                case 0x2C where depth == 1:
                    pendingKey.removeAll(keepingCapacity: true)
                case 0x7B, 0x5B:
                    if depth == 0 {
                        guard byte == 0x7B else {
                            throw GeoIncidentsError.invalidInput("\(path):\(line): expected a JSON object, found an array")
                        }
                        capturing = true
                        capture = Data([byte])
                        captureLine = line
                        captureBaseDepth = 0
                    } else if depth == 1 && byte == 0x5B && pendingKey == featuresKey && captureBaseDepth == 0 {
                        // A FeatureCollection: stop holding the whole object, collect its members.
                        inFeaturesArray = true
                        sawFeaturesArray = true
                        capturing = false
                        capture = Data()
                    } else if depth == 2 && inFeaturesArray {
                        guard byte == 0x7B else {
                            throw GeoIncidentsError.invalidInput("\(path):\(line): feature \(index) is not a JSON object")
                        }
                        capturing = true
                        capture = Data([byte])
                        captureLine = line
                        captureBaseDepth = 2
                    }
                    depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth < 0 { throw GeoIncidentsError.invalidInput("\(path):\(line): unbalanced closing bracket") }
                    if depth == 1 && inFeaturesArray && byte == 0x5D { inFeaturesArray = false }
                    if capturing && depth == captureBaseDepth {
                        try body(Item(index: index, line: captureLine, data: capture))
                        index += 1
                        capturing = false
                        capture = Data()
                    }
                default:
                    break
                }
            }
        }
        if depth != 0 || inString {
            throw GeoIncidentsError.invalidInput("\(path):\(line): file ends inside a JSON value (truncated?)")
        }
        if index == 0 && !sawFeaturesArray {
            throw GeoIncidentsError.invalidInput("\(path): no GeoJSON features found (expected a FeatureCollection, a Feature or NDJSON)")
        }
    }
}

/// Reads a file in 1 MiB chunks.
final class ChunkedFileReader {
    private let handle: FileHandle
    private let chunkSize: Int

    init(path: String, chunkSize: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GeoIncidentsError.io("\(path): cannot open for reading (missing or not readable)")
        }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    deinit { try? handle.close() }

    /// The next chunk, or `nil` at the end of the file.
    func next() throws -> Data? {
        let data = try handle.read(upToCount: chunkSize) ?? Data()
        return data.isEmpty ? nil : data
    }
}
