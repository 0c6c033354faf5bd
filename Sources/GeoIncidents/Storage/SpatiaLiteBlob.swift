/// Reads and writes SpatiaLite's internal geometry BLOB (little-endian, 2-D), so that rows
/// are built in Swift without a SQL function call per row.
///
/// Layout: 0x00, 0x01 (little-endian), SRID int32, MBR (4 doubles), 0x7C, class int32,
/// body, 0xFE. Multi-geometries prefix each member with 0x69 and its class.
enum SpatiaLiteBlob {
    static let pointClass: Int32 = 1
    static let polygonClass: Int32 = 3
    static let multiPolygonClass: Int32 = 6
    static let lineStringClass: Int32 = 2
    static let multiLineStringClass: Int32 = 5

    /// The 60-byte BLOB of a POINT.
    static func point(_ c: Coordinate, srid: Int32 = 4326) -> [UInt8] {
        var writer = BlobWriter(capacity: 60)
        writer.header(srid: srid, box: BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y), geometryClass: pointClass)
        writer.double(c.x)
        writer.double(c.y)
        writer.byte(0xFE)
        return writer.bytes
    }

    /// The BLOB of a MULTIPOLYGON.
    static func multiPolygon(_ area: MultiPolygon, srid: Int32 = 4326) -> [UInt8] {
        var writer = BlobWriter(capacity: 64 + area.coordinateCount * 16)
        writer.header(srid: srid, box: area.boundingBox, geometryClass: multiPolygonClass)
        writer.int32(Int32(area.polygons.count))
        for polygon in area.polygons {
            writer.byte(0x69)
            writer.int32(polygonClass)
            writer.int32(Int32(polygon.rings.count))
            for ring in polygon.rings {
                writer.int32(Int32(ring.count))
                for c in ring {
                    writer.double(c.x)
                    writer.double(c.y)
                }
            }
        }
        writer.byte(0xFE)
        return writer.bytes
    }

    /// The BLOB of a MULTILINESTRING.
    static func multiLineString(_ lines: [[Coordinate]], srid: Int32 = 4326) -> [UInt8] {
        var box = BoundingBox.empty
        for line in lines { for c in line { box.expand(c) } }
        var writer = BlobWriter(capacity: 64 + lines.reduce(0) { $0 + 9 + $1.count * 16 })
        writer.header(srid: srid, box: box, geometryClass: multiLineStringClass)
        writer.int32(Int32(lines.count))
        for line in lines {
            writer.byte(0x69)
            writer.int32(lineStringClass)
            writer.int32(Int32(line.count))
            for c in line {
                writer.double(c.x)
                writer.double(c.y)
            }
        }
        writer.byte(0xFE)
        return writer.bytes
    }

    /// Decodes a LINESTRING or MULTILINESTRING BLOB (classic 2-D encoding) into lines.
    static func decodeLines(_ bytes: UnsafeRawBufferPointer) throws -> [[Coordinate]] {
        var reader = BlobReader(bytes: bytes)
        switch try reader.header() {
        case lineStringClass:
            return [try reader.points()]
        case multiLineStringClass:
            let count = try reader.count(minimumBytes: 9)
            var lines: [[Coordinate]] = []
            for _ in 0..<count {
                guard try reader.byte() == 0x69, try reader.int32() == lineStringClass else {
                    throw GeoIncidentsError(.database, "corrupt SpatiaLite MULTILINESTRING blob")
                }
                lines.append(try reader.points())
            }
            return lines
        case let other:
            throw GeoIncidentsError(.database, "SpatiaLite blob holds geometry class \(other), not a line")
        }
    }

    /// Decodes a POLYGON or MULTIPOLYGON BLOB (classic 2-D encoding) into a multipolygon.
    static func decodeMultiPolygon(_ bytes: UnsafeRawBufferPointer) throws -> MultiPolygon {
        var reader = BlobReader(bytes: bytes)
        let geometryClass = try reader.header()
        switch geometryClass {
        case polygonClass:
            return MultiPolygon(polygons: [try reader.polygonBody()])
        case multiPolygonClass:
            let count = try reader.count(minimumBytes: 9)
            var polygons: [Polygon] = []
            polygons.reserveCapacity(count)
            for _ in 0..<count {
                guard try reader.byte() == 0x69, try reader.int32() == polygonClass else {
                    throw GeoIncidentsError(.database, "corrupt SpatiaLite MULTIPOLYGON blob")
                }
                polygons.append(try reader.polygonBody())
            }
            return MultiPolygon(polygons: polygons)
        default:
            throw GeoIncidentsError(.database, "SpatiaLite blob holds geometry class \(geometryClass), not a polygon")
        }
    }

    /// Decodes a POINT BLOB.
    static func decodePoint(_ bytes: UnsafeRawBufferPointer) throws -> Coordinate {
        var reader = BlobReader(bytes: bytes)
        guard try reader.header() == pointClass else { throw GeoIncidentsError(.database, "SpatiaLite blob is not a POINT") }
        let point = Coordinate(x: try reader.double(), y: try reader.double())
        try BlobReader.requireFinite([point])
        return point
    }
}

private struct BlobWriter {
    var bytes: [UInt8]
    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }
    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func header(srid: Int32, box: BoundingBox, geometryClass: Int32) {
        byte(0x00)
        byte(0x01)
        int32(srid)
        double(box.minX); double(box.minY); double(box.maxX); double(box.maxY)
        byte(0x7C)
        int32(geometryClass)
    }
}

private struct BlobReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func need(_ n: Int) throws {
        if offset + n > bytes.count { throw GeoIncidentsError(.database, "truncated SpatiaLite geometry blob") }
    }
    mutating func byte() throws -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func int32() throws -> Int32 {
        try need(4)
        defer { offset += 4 }
        return Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }
    mutating func double() throws -> Double {
        try need(8)
        defer { offset += 8 }
        return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }
    mutating func header() throws -> Int32 {
        guard try byte() == 0x00, try byte() == 0x01 else {
            throw GeoIncidentsError(.database, "not a little-endian SpatiaLite geometry blob")
        }
        offset += 4 + 32
        guard try byte() == 0x7C else { throw GeoIncidentsError(.database, "corrupt SpatiaLite geometry blob header") }
        return try int32()
    }
    /// A count of items that take at least `minimumBytes` each (a member's 0x69, class and
    /// count: 9; a ring's count: 4; a point: 16). A corrupt count fails here: a negative one
    /// would trap in `0..<count`, a huge one would reserve gigabytes.
    mutating func count(minimumBytes: Int) throws -> Int {
        let n = Int(try int32())
        guard n >= 0, n <= (bytes.count - offset) / minimumBytes else {
            throw GeoIncidentsError(.database, "corrupt SpatiaLite geometry blob (a count of \(n) does not fit in its \(bytes.count) bytes)")
        }
        return n
    }
    /// A point count, then that many (x, y) pairs.
    mutating func points() throws -> [Coordinate] {
        let n = try count(minimumBytes: 16)
        let source = bytes.baseAddress! + offset
        offset += n * 16
        // The body is n little-endian (x, y) pairs of doubles, which is Coordinate's own layout
        // on a little-endian machine: one copy (loading the 3,302 bench communes and their
        // 32,772 neighbourhoods decoded 83 MB a double at a time).
        let points: [Coordinate]
        if Self.coordinatesMatchBlobLayout {
            points = [Coordinate](unsafeUninitializedCapacity: n) { buffer, count in
                if n > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: n * 16) }
                count = n
            }
        } else {
            points = (0..<n).map { i in
                Coordinate(x: Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 16 * i, as: UInt64.self))),
                           y: Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 16 * i + 8, as: UInt64.self))))
            }
        }
        // NaN or infinite coordinates would reach integer grid and tile arithmetic downstream.
        try Self.requireFinite(points)
        return points
    }

    static func requireFinite(_ points: [Coordinate]) throws {
        for p in points where !(p.x.isFinite && p.y.isFinite) {
            throw GeoIncidentsError(.database, "corrupt SpatiaLite geometry blob (a coordinate is \(p.x), \(p.y))")
        }
    }

    /// Whether a Coordinate is laid out as a blob's point: x then y, 8 bytes each, little-endian.
    private static let coordinatesMatchBlobLayout: Bool = {
        #if _endian(little)
        return MemoryLayout<Coordinate>.size == 16 && MemoryLayout<Coordinate>.stride == 16
            && MemoryLayout<Coordinate>.offset(of: \Coordinate.x) == 0 && MemoryLayout<Coordinate>.offset(of: \Coordinate.y) == 8
        #else
        return false
        #endif
    }()
    mutating func polygonBody() throws -> Polygon {
        let ringCount = try count(minimumBytes: 4)
        // Polygon's invariant (an exterior ring), which its bounding box and the writers rely on.
        guard ringCount > 0 else { throw GeoIncidentsError(.database, "corrupt SpatiaLite geometry blob (a polygon without rings)") }
        var rings: [[Coordinate]] = []
        rings.reserveCapacity(ringCount)
        for _ in 0..<ringCount { rings.append(try points()) }
        return Polygon(uncheckedRings: rings)
    }
}
