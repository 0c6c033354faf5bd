import Dispatch
import Logging

/// Logs how long each stage of an analysis took, at debug level through swift-log (logger
/// `geoincidents.stages`, metadata `stage` and `duration_ms`), for profiling the benchmarks.
///
/// The application chooses whether it shows: `geoq` with `GEOQ_TIMING` set (or
/// `LOG_LEVEL=debug`), MapServer with `LOG_LEVEL=debug`. Below debug a lap costs one level check.
final class StageClock {
    /// One logger for every clock: made once, after the application has bootstrapped logging.
    static let logger = Logger(label: "geoincidents.stages")

    private let logger: Logger
    private let enabled: Bool
    private var last: UInt64

    init(logger: Logger = StageClock.logger) {
        self.logger = logger
        enabled = logger.logLevel <= .debug
        last = enabled ? DispatchTime.now().uptimeNanoseconds : 0
    }

    /// Logs the time since the previous lap (or since the clock started) as `stage`.
    func lap(_ stage: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let milliseconds = Double(now - last) / 1e6
        logger.debug("stage", metadata: ["stage": "\(stage)", "duration_ms": "\((milliseconds * 10).rounded() / 10)"])
        last = now
    }
}
