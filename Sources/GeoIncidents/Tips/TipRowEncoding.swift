/// Reusable C buffers for writing tip rows without building a Swift string or array per
/// row: ISO 8601 times, the codes of closed vocabularies, and the 60-byte point BLOB.
final class TipRowEncoding {
    private var codes: [String: UnsafeMutablePointer<CChar>] = [:]
    let time = UnsafeMutablePointer<CChar>.allocate(capacity: 24)
    let point = UnsafeMutableRawBufferPointer.allocate(byteCount: 60, alignment: 8)

    init() {
        for code in TipCategory.allCases.map(\.rawValue) + TipChannel.allCases.map(\.rawValue) + AssignmentMethod.allCases.map(\.rawValue) {
            codes[code] = strdup(code)
        }
        // Fixed part of a SpatiaLite POINT blob in SRID 4326 (see SpatiaLiteBlob).
        let header = SpatiaLiteBlob.point(Coordinate(x: 0, y: 0))
        for (i, byte) in header.enumerated() { point[i] = byte }
    }

    deinit {
        for pointer in codes.values { free(pointer) }
        time.deallocate()
        point.deallocate()
    }

    /// A NUL-terminated copy of a vocabulary code, valid for this object's lifetime.
    func code(_ value: String) -> UnsafePointer<CChar> { UnsafePointer(codes[value]!) }

    /// Writes `YYYY-MM-DDTHH:MM:SSZ` into `time` and returns its length (20).
    func encode(_ t: Timestamp) -> Int {
        let days = t.secondsSinceEpoch >= 0 ? t.secondsSinceEpoch / 86_400 : (t.secondsSinceEpoch - 86_399) / 86_400
        let seconds = t.secondsSinceEpoch - days * 86_400
        let (y, m, d) = Timestamp.civil(fromDays: days)
        func put(_ value: Int64, _ at: Int, _ width: Int) {
            var v = value
            for k in stride(from: at + width - 1, through: at, by: -1) {
                time[k] = CChar(48 + v % 10)
                v /= 10
            }
        }
        put(y, 0, 4); time[4] = 45; put(m, 5, 2); time[7] = 45; put(d, 8, 2); time[10] = 84
        put(seconds / 3600, 11, 2); time[13] = 58; put(seconds / 60 % 60, 14, 2); time[16] = 58; put(seconds % 60, 17, 2)
        time[19] = 90
        time[20] = 0
        return 20
    }

    /// Fills the point BLOB (MBR and coordinates) for `c`.
    func encodePoint(_ c: Coordinate) -> UnsafeRawBufferPointer {
        for offset in [6, 22] { point.storeBytes(of: c.x.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self) }
        for offset in [14, 30] { point.storeBytes(of: c.y.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self) }
        point.storeBytes(of: c.x.bitPattern.littleEndian, toByteOffset: 43, as: UInt64.self)
        point.storeBytes(of: c.y.bitPattern.littleEndian, toByteOffset: 51, as: UInt64.self)
        return UnsafeRawBufferPointer(point)
    }
}

import Glibc
