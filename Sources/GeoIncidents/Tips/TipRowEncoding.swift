/// Reusable C buffers for writing tip rows without building a Swift string or array per
/// row: ISO 8601 times, the codes of closed vocabularies, and the 60-byte point BLOB, one
/// set per row slot of a multi-row statement.
///
/// The writer binds these buffers without copies (`SQLITE_STATIC`): a slot is rewritten only
/// after the statement that used it was stepped. Vocabulary codes are found by case position,
/// not by hashing their text (a dictionary lookup per code was 15 % of the writer's own time).
final class TipRowEncoding {
    private let categories = TipCategory.allCases
    private let channels = TipChannel.allCases
    private let methods = AssignmentMethod.allCases
    private let locatings = LocatingMethod.allCases
    private let categoryCodes: [UnsafeMutablePointer<CChar>]
    private let channelCodes: [UnsafeMutablePointer<CChar>]
    private let methodCodes: [UnsafeMutablePointer<CChar>]
    private let locatingCodes: [UnsafeMutablePointer<CChar>]
    /// Buffers for the report time and the receipt time, per slot.
    let reported: [TimeText]
    let received: [TimeText]
    /// 60 bytes per slot.
    private let points: UnsafeMutableRawBufferPointer

    init(slots: Int) {
        reported = (0..<slots).map { _ in TimeText() }
        received = (0..<slots).map { _ in TimeText() }
        points = UnsafeMutableRawBufferPointer.allocate(byteCount: 60 * slots, alignment: 8)
        categoryCodes = categories.map { strdup($0.rawValue) }
        channelCodes = channels.map { strdup($0.rawValue) }
        methodCodes = methods.map { strdup($0.rawValue) }
        locatingCodes = locatings.map { strdup($0.rawValue) }
        // Fixed part of a SpatiaLite POINT blob in SRID 4326 (see SpatiaLiteBlob).
        let header = SpatiaLiteBlob.point(Coordinate(x: 0, y: 0))
        for slot in 0..<slots { for (i, byte) in header.enumerated() { points[60 * slot + i] = byte } }
    }

    deinit {
        for pointer in categoryCodes + channelCodes + methodCodes + locatingCodes { free(pointer) }
        points.deallocate()
    }

    /// NUL-terminated codes, valid for this object's lifetime.
    func code(_ value: TipCategory) -> UnsafePointer<CChar> { UnsafePointer(categoryCodes[categories.firstIndex(of: value)!]) }
    func code(_ value: TipChannel) -> UnsafePointer<CChar> { UnsafePointer(channelCodes[channels.firstIndex(of: value)!]) }
    func code(_ value: AssignmentMethod) -> UnsafePointer<CChar> { UnsafePointer(methodCodes[methods.firstIndex(of: value)!]) }
    func code(_ value: LocatingMethod) -> UnsafePointer<CChar> { UnsafePointer(locatingCodes[locatings.firstIndex(of: value)!]) }

    /// Fills the point BLOB (MBR and coordinates) of `slot` for `c`.
    func encodePoint(_ c: Coordinate, slot: Int) -> UnsafeRawBufferPointer {
        let point = UnsafeMutableRawBufferPointer(rebasing: points[(60 * slot)..<(60 * slot + 60)])
        for offset in [6, 22] { point.storeBytes(of: c.x.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self) }
        for offset in [14, 30] { point.storeBytes(of: c.y.bitPattern.littleEndian, toByteOffset: offset, as: UInt64.self) }
        point.storeBytes(of: c.x.bitPattern.littleEndian, toByteOffset: 43, as: UInt64.self)
        point.storeBytes(of: c.y.bitPattern.littleEndian, toByteOffset: 51, as: UInt64.self)
        return UnsafeRawBufferPointer(point)
    }
}

/// One reusable `YYYY-MM-DDTHH:MM:SSZ` buffer. It remembers the day it last wrote, so rows
/// of the same day (an import in time order) rewrite only the time of day.
final class TimeText {
    let text = UnsafeMutablePointer<CChar>.allocate(capacity: 24)
    private var day = Int64.min

    deinit { text.deallocate() }

    /// Writes `t` and returns the text's length (20).
    func encode(_ t: Timestamp) -> Int {
        let days = t.secondsSinceEpoch >= 0 ? t.secondsSinceEpoch / 86_400 : (t.secondsSinceEpoch - 86_399) / 86_400
        let seconds = t.secondsSinceEpoch - days * 86_400
        if days != day {
            let (y, m, d) = Timestamp.civil(fromDays: days)
            put(y, 0, 4); text[4] = 45; put(m, 5, 2); text[7] = 45; put(d, 8, 2); text[10] = 84
            text[13] = 58; text[16] = 58; text[19] = 90; text[20] = 0
            day = days
        }
        put(seconds / 3600, 11, 2); put(seconds / 60 % 60, 14, 2); put(seconds % 60, 17, 2)
        return 20
    }

    @inline(__always)
    private func put(_ value: Int64, _ at: Int, _ width: Int) {
        var v = value
        for k in stride(from: at + width - 1, through: at, by: -1) {
            text[k] = CChar(48 + v % 10)
            v /= 10
        }
    }
}

import Glibc
