/// A calendar month in Vietnam time (UTC+7): the public view's only period.
public struct PublicMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    /// `nil` unless `month` is 1…12 and the year 1900…9999.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        (self.year, self.month) = (year, month)
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// The month holding `time` in Vietnam time.
    public init(containing time: Timestamp) {
        let days = (time.secondsSinceEpoch + 7 * 3_600).flooredDivision(by: 86_400)
        let (y, m, _) = Timestamp.civil(fromDays: days)
        (self.year, self.month) = (Int(y), Int(m))
    }

    /// Its first instant (00:00 on the 1st, Vietnam time).
    public var start: Timestamp {
        Timestamp(secondsSinceEpoch: Timestamp.daysFromCivil(year: Int64(year), month: Int64(month), day: 1) * 86_400 - 7 * 3_600)
    }

    /// The first instant of the next month.
    public var end: Timestamp { next.start }

    public var next: PublicMonth {
        month == 12 ? PublicMonth(uncheckedYear: year + 1, month: 1) : PublicMonth(uncheckedYear: year, month: month + 1)
    }

    public var previous: PublicMonth {
        month == 1 ? PublicMonth(uncheckedYear: year - 1, month: 12) : PublicMonth(uncheckedYear: year, month: month - 1)
    }

    private init(uncheckedYear: Int, month: Int) { (self.year, self.month) = (uncheckedYear, month) }

    public var description: String {
        (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-" + (month < 10 ? "0" : "") + "\(month)"
    }

    public static func < (a: PublicMonth, b: PublicMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

extension Int64 {
    /// Division rounding towards −∞.
    func flooredDivision(by d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
