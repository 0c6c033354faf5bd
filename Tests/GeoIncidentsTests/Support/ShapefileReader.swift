import Foundation
@testable import GeoIncidents

/// Reads the polygons of an ESRI shapefile (.shp, shape type 5), enough for the Columbus
/// reference data: each record's parts as closed rings, in file order.
enum ShapefileReader {
    static func polygons(_ path: String) throws -> [[[Coordinate]]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        func int32(_ offset: Int, bigEndian: Bool) -> Int {
            let raw = data.subdata(in: offset..<offset + 4).withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            return Int(Int32(bitPattern: bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)))
        }
        func double(_ offset: Int) -> Double {
            Double(bitPattern: UInt64(littleEndian: data.subdata(in: offset..<offset + 8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
        }
        var records: [[[Coordinate]]] = []
        var offset = 100
        while offset + 8 <= data.count {
            let length = int32(offset + 4, bigEndian: true) * 2
            let body = offset + 8
            if int32(body, bigEndian: false) == 5 {
                let parts = int32(body + 36, bigEndian: false), points = int32(body + 40, bigEndian: false)
                let starts = (0..<parts).map { int32(body + 44 + 4 * $0, bigEndian: false) } + [points]
                let base = body + 44 + 4 * parts
                records.append((0..<parts).map { p in
                    (starts[p]..<starts[p + 1]).map { k in Coordinate(x: double(base + 16 * k), y: double(base + 16 * k + 8)) }
                })
            }
            offset = body + length
        }
        return records
    }
}
