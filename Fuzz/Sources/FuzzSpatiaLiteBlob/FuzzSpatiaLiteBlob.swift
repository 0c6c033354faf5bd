// SpatiaLiteBlob's decoders, which read geometry BLOBs from the database (a corrupt or
// foreign file must fail with an error, never trap). Oracles: what decodes re-encodes with
// SpatiaLiteBlob's writers and decodes again to the same coordinates, bit for bit.
import FuzzSupport
@testable import GeoIncidents

func bits(_ lines: [[Coordinate]]) -> [[UInt64]] {
    lines.map { line in line.flatMap { [$0.x.bitPattern, $0.y.bitPattern] } }
}

func bits(_ area: MultiPolygon) -> [[[UInt64]]] {
    area.polygons.map { bits($0.rings) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpatiaLiteBlob(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let blob = UnsafeRawBufferPointer(start: data, count: size)
    if let point = try? SpatiaLiteBlob.decodePoint(blob) {
        let again = SpatiaLiteBlob.point(point).withUnsafeBytes { try? SpatiaLiteBlob.decodePoint($0) }
        Oracle.check(again.map { bits([[$0]]) } == bits([[point]]), "point \(point) came back as \(String(describing: again))")
    }
    if let lines = try? SpatiaLiteBlob.decodeLines(blob) {
        let again = SpatiaLiteBlob.multiLineString(lines).withUnsafeBytes { try? SpatiaLiteBlob.decodeLines($0) }
        Oracle.check(again.map(bits) == bits(lines), "\(lines.count) lines came back as \(again?.count ?? -1)")
    }
    if let area = try? SpatiaLiteBlob.decodeMultiPolygon(blob) {
        _ = area.coordinateCount
        let again = SpatiaLiteBlob.multiPolygon(area).withUnsafeBytes { try? SpatiaLiteBlob.decodeMultiPolygon($0) }
        Oracle.check(again.map(bits) == bits(area), "\(area.polygons.count) polygons came back as \(again?.polygons.count ?? -1)")
    }
    return 0
}
