import Foundation
import Testing
@testable import GeoIncidents

/// Inputs on which the fuzz targets (`Fuzz/`, docs/fuzzing.md) found a trap or a wrong
/// answer, kept as tests. Each is also a seed under `Fuzz/Corpus/<target>/`.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// A SpatiaLite geometry BLOB: the little-endian header (SRID 4326, an MBR) of
    /// `geometryClass`, then `body`, then the end marker.
    static func blob(_ geometryClass: Int32, _ body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x00, 0x01] + int32(4326)
        for v in [106.7, 10.78, 106.7, 10.78] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        return bytes + [0x7C] + int32(geometryClass) + body + [0xFE]
    }

    static func int32(_ value: Int32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// FuzzSpatiaLiteBlob: `0..<count` trapped on a negative count of polygons, lines or
    /// rings (Fuzz/Corpus/FuzzSpatiaLiteBlob/crash-negative-*.blob). Run in a child process,
    /// since the unfixed decoder stops the process.
    @Test("SpatiaLite blob: a negative count is an error, not a trap")
    func negativeBlobCounts() async {
        await #expect(processExitsWith: .success) {
            let polygons = FuzzRegressionTests.blob(SpatiaLiteBlob.multiPolygonClass, FuzzRegressionTests.int32(-1))
            let lines = FuzzRegressionTests.blob(SpatiaLiteBlob.multiLineStringClass, FuzzRegressionTests.int32(-1))
            let rings = FuzzRegressionTests.blob(SpatiaLiteBlob.polygonClass, FuzzRegressionTests.int32(-1))
            let failed = polygons.withUnsafeBytes { (try? SpatiaLiteBlob.decodeMultiPolygon($0)) == nil }
                && lines.withUnsafeBytes { (try? SpatiaLiteBlob.decodeLines($0)) == nil }
                && rings.withUnsafeBytes { (try? SpatiaLiteBlob.decodeMultiPolygon($0)) == nil }
            exit(failed ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }

    /// FuzzSpatiaLiteBlob: a ring count of 2^31 - 1 in a 48-byte blob reserved 16 GiB before
    /// finding the blob truncated (Fuzz/Corpus/FuzzSpatiaLiteBlob/crash-huge-ring-count.blob).
    /// The child process may map 4 GiB at most, so the unfixed decoder dies there.
    @Test("SpatiaLite blob: a count larger than the blob reserves nothing")
    func hugeBlobCount() async {
        await #expect(processExitsWith: .success) {
            var limit = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)
            #if canImport(Glibc)
            let addressSpace = __rlimit_resource_t(RLIMIT_AS.rawValue)
            #else
            let addressSpace = RLIMIT_AS
            #endif
            guard setrlimit(addressSpace, &limit) == 0 else { exit(2) }
            let ringCount = FuzzRegressionTests.blob(SpatiaLiteBlob.polygonClass, FuzzRegressionTests.int32(.max))
            let polygonCount = FuzzRegressionTests.blob(SpatiaLiteBlob.multiPolygonClass, FuzzRegressionTests.int32(.max))
            let failed = ringCount.withUnsafeBytes { (try? SpatiaLiteBlob.decodeMultiPolygon($0)) == nil }
                && polygonCount.withUnsafeBytes { (try? SpatiaLiteBlob.decodeMultiPolygon($0)) == nil }
            exit(failed ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }

    @Test("SpatiaLite blob: NaN or infinite coordinates are corrupt, not decoded", arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteBlob(bad: Double) throws {
        func doubles(_ values: [Double]) -> [UInt8] { values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } } }
        let ring = FuzzRegressionTests.int32(1) + FuzzRegressionTests.int32(4) + doubles([0, 0, 1, 0, bad, 1, 0, 0])
        let polygon = FuzzRegressionTests.blob(SpatiaLiteBlob.polygonClass, ring)
        #expect(throws: GeoIncidentsError.self) { try polygon.withUnsafeBytes { _ = try SpatiaLiteBlob.decodeMultiPolygon($0) } }
        let line = FuzzRegressionTests.blob(SpatiaLiteBlob.lineStringClass, FuzzRegressionTests.int32(2) + doubles([0, 0, 1, bad]))
        #expect(throws: GeoIncidentsError.self) { try line.withUnsafeBytes { _ = try SpatiaLiteBlob.decodeLines($0) } }
        let point = FuzzRegressionTests.blob(SpatiaLiteBlob.pointClass, doubles([bad, 1]))
        #expect(throws: GeoIncidentsError.self) { try point.withUnsafeBytes { _ = try SpatiaLiteBlob.decodePoint($0) } }
        let good = FuzzRegressionTests.blob(SpatiaLiteBlob.pointClass, doubles([108.5, 11.5]))
        let decoded = try good.withUnsafeBytes { try SpatiaLiteBlob.decodePoint($0) }
        #expect(decoded == Coordinate(x: 108.5, y: 11.5))
    }

    @Test("SpatiaLite blob: a corrupt count is reported as such")
    func corruptCountMessage() {
        let blob = Self.blob(SpatiaLiteBlob.polygonClass, Self.int32(.max))
        #expect(throws: GeoIncidentsError(.database, "corrupt SpatiaLite geometry blob (a count of 2147483647 does not fit in its 48 bytes)")) {
            try blob.withUnsafeBytes { try SpatiaLiteBlob.decodeMultiPolygon($0) }
        }
    }

    /// FuzzSpatiaLiteBlob: a polygon with no rings decoded, and re-encoding it (or asking its
    /// bounding box) trapped on `rings[0]` (Fuzz/Corpus/FuzzSpatiaLiteBlob/crash-polygon-without-rings.blob).
    @Test("SpatiaLite blob: a polygon without rings is an error", arguments: [
        blob(SpatiaLiteBlob.polygonClass, int32(0)),
        blob(SpatiaLiteBlob.multiPolygonClass, int32(1) + [0x69] + int32(SpatiaLiteBlob.polygonClass) + int32(0)),
    ])
    func polygonWithoutRings(blob: [UInt8]) {
        #expect(throws: GeoIncidentsError(.database, "corrupt SpatiaLite geometry blob (a polygon without rings)")) {
            try blob.withUnsafeBytes { try SpatiaLiteBlob.decodeMultiPolygon($0) }
        }
    }

    /// FuzzCSVReader: with a chunk boundary inside the byte order mark, the first field kept
    /// the mark (Fuzz/Corpus/FuzzCSVReader/crash-bom-chunk1.csv).
    @Test("CSV: a byte order mark split by a chunk boundary is still skipped", arguments: [1, 2, 3])
    func byteOrderMarkAcrossChunks(chunkSize: Int) throws {
        let path = try TestSupport.write("\r\u{FEFF}id,lon\n1,106.7\n", name: "fuzz-bom-\(chunkSize).csv")
        let reader = try CSVReader(path: path, chunkSize: chunkSize)
        #expect(try reader.next())
        #expect(reader.string(0) == "id")
    }
}
