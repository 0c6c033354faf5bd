import Foundation

/// Prints how long each stage of an analysis took, to standard error, when the environment
/// variable `GEOQ_TIMING` is set (for profiling the benchmarks; silent otherwise).
final class StageClock {
    private let enabled = ProcessInfo.processInfo.environment["GEOQ_TIMING"] != nil
    private var last = DispatchTime.now().uptimeNanoseconds

    func lap(_ stage: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data(String(format: "  %@ %.1f ms\n", stage, Double(now - last) / 1e6).utf8))
        last = now
    }
}
