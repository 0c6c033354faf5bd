/// Calendar positions in Vietnam time (UTC+7, no daylight saving) for histograms.
enum VietnamTime {
    static let offsetSeconds: Int64 = 7 * 3_600

    /// Hour of day, 0–23.
    static func hour(_ secondsSinceEpoch: Int64) -> Int {
        let local = secondsSinceEpoch + offsetSeconds
        return Int(((local % 86_400) + 86_400) % 86_400 / 3_600)
    }

    /// Day of week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    static func weekday(_ secondsSinceEpoch: Int64) -> Int {
        let days = (secondsSinceEpoch + offsetSeconds).floorDivided(by: 86_400)
        return Int(((days + 3) % 7 + 7) % 7)
    }

    /// Night: 22:00 to 05:59, when joint patrols are thinnest.
    static func isNight(_ secondsSinceEpoch: Int64) -> Bool {
        let h = hour(secondsSinceEpoch)
        return h >= 22 || h < 6
    }
}

private extension Int64 {
    func floorDivided(by d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}
