/// An instant in UTC with one-second resolution, stored as ISO 8601 text
/// (`2025-07-01T08:30:00Z`, which sorts correctly as text).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    /// Creates a timestamp from Unix seconds.
    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// The current time.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int64(spec.tv_sec))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var iso8601: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondsOfDay = secondsSinceEpoch - days * 86_400
        let (y, m, d) = Self.civil(fromDays: days)
        if y >= 0 && y < 10_000 {
            // The common case written byte by byte (a listing writes a million of them).
            return String(unsafeUninitializedCapacity: 20) { out in
                func put(_ value: Int64, _ width: Int, at offset: Int) {
                    var v = value
                    for k in stride(from: offset + width - 1, through: offset, by: -1) {
                        out[k] = UInt8(ascii: "0") + UInt8(v % 10)
                        v /= 10
                    }
                }
                put(y, 4, at: 0); put(m, 2, at: 5); put(d, 2, at: 8)
                put(secondsOfDay / 3600, 2, at: 11); put(secondsOfDay / 60 % 60, 2, at: 14); put(secondsOfDay % 60, 2, at: 17)
                (out[4], out[7], out[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
                (out[13], out[16], out[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
                return 20
            }
        }
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = y >= 0 && y < 10_000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
    }

    public var description: String { iso8601 }

    /// Parses ISO 8601 date-times: `2025-07-01T08:30:00Z`, with optional fractional
    /// seconds, a `±HH:MM` offset or none, `T` or a space between date and time, or a
    /// bare date. Times without an offset are read in `defaultOffsetMinutes` (Vietnam:
    /// +420). Returns `nil` when the text is not such a date-time or not a real date.
    public static func parse(_ text: some StringProtocol, defaultOffsetMinutes: Int = 420) -> Timestamp? {
        var string = String(text)
        return string.withUTF8 { parse(utf8: $0, defaultOffsetMinutes: defaultOffsetMinutes) }
    }

    /// ``parse(_:defaultOffsetMinutes:)`` over UTF-8 bytes (no copy of the text).
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, defaultOffsetMinutes: Int) -> Timestamp? {
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for k in 0..<digits {
                let b = bytes[i + k]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int64(b - 0x30)
            }
            i += digits
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        while i < bytes.count, bytes[i] == 0x20 { i += 1 }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
        var offsetMinutes = Int64(defaultOffsetMinutes)
        var end = bytes.count
        while end > i, bytes[end - 1] == 0x20 { end -= 1 }
        if i < end {
            guard expect(0x54) || expect(0x74) || expect(0x20) else { return nil }
            guard let h = number(2), expect(0x3A), let m = number(2) else { return nil }
            hour = h
            minute = m
            if expect(0x3A) {
                guard let s = number(2) else { return nil }
                second = s
                if expect(0x2E) || expect(0x2C) {
                    let start = i
                    while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if i < end {
                if expect(0x5A) || expect(0x7A) {
                    offsetMinutes = 0
                } else if i < end, bytes[i] == 0x2B || bytes[i] == 0x2D {
                    let sign: Int64 = bytes[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = expect(0x3A)
                    let om = number(2) ?? 0
                    guard oh < 24, om < 60 else { return nil }
                    offsetMinutes = sign * (oh * 60 + om)
                } else {
                    return nil
                }
            }
            guard i == end else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        return Timestamp(secondsSinceEpoch: seconds)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The epoch seconds of `text` when it is exactly `YYYY-MM-DDTHH:MM:SSZ` naming a real
    /// time, the form the store writes (``iso8601`` of the result gives `text` back); nil
    /// otherwise. Only for such text does comparing seconds agree with SQL comparing the text.
    package static func canonicalSeconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard text.count == 20, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
              text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "Z") else { return nil }
        func number(_ from: Int, _ digits: Int) -> Int64? {
            var value: Int64 = 0
            for k in from..<from + digits {
                let b = text[k]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int64(b - 0x30)
            }
            return value
        }
        guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let hh = number(11, 2), let mm = number(14, 2),
              let ss = number(17, 2), (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m),
              hh < 24, mm < 60, ss < 60 else { return nil }
        return daysFromCivil(year: y, month: m, day: d) * 86_400 + hh * 3_600 + mm * 60 + ss
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    package static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

import Glibc
