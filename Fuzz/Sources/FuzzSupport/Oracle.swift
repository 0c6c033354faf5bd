@testable import GeoIncidents

/// What the harnesses check beyond "no trap": each failed check is a crash for libFuzzer,
/// which then saves the input.
public enum Oracle {
    /// Stops the process (libFuzzer records the input) when `condition` is false.
    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fatalError("oracle: \(message())") }
    }

    /// A row the parser accepted must be a tip the store can take: a real lon/lat, a
    /// finite accuracy ≥ 0, no problem of its own.
    public static func checkAccepted(_ result: Result<NewTip, RowProblem>) {
        guard case .success(let tip) = result else { return }
        check(tip.location.isValidLonLat, "accepted a tip at \(tip.location)")
        check(tip.problem == nil, "accepted a tip with a problem: \(tip.problem ?? "")")
        if let accuracy = tip.accuracyMeters { check(accuracy.isFinite && accuracy >= 0, "accepted accuracy \(accuracy)") }
        _ = tip.reportedAt.iso8601
    }
}
