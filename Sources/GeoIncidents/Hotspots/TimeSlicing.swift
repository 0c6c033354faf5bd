/// Calendar slices of time in Vietnam time (UTC+7): weeks from Monday 00:00, or months.
public enum TimeSlice: String, Sendable, Hashable, CaseIterable {
    case week, month

    static let offset: Int64 = 7 * 3_600

    /// A running number of the slice holding `seconds` (epoch seconds, UTC): consecutive
    /// slices get consecutive numbers.
    func number(_ seconds: Int64) -> Int64 {
        let local = seconds + Self.offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        switch self {
        case .week:
            // 1970-01-01 was a Thursday: days + 3 is 0 on Mondays (mod 7).
            let sinceMonday = ((days + 3) % 7 + 7) % 7
            return (days - sinceMonday + 3) / 7
        case .month:
            let (y, m, _) = Timestamp.civil(fromDays: days)
            return y * 12 + (m - 1)
        }
    }

    /// The first instant of slice `number`.
    func start(_ number: Int64) -> Timestamp {
        switch self {
        case .week:
            return Timestamp(secondsSinceEpoch: (number * 7 - 3) * 86_400 - Self.offset)
        case .month:
            let y = number >= 0 ? number / 12 : (number - 11) / 12
            let m = number - y * 12 + 1
            return Timestamp(secondsSinceEpoch: Timestamp.daysFromCivil(year: y, month: m, day: 1) * 86_400 - Self.offset)
        }
    }
}
