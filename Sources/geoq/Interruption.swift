import Foundation
import Synchronization

/// Set by the SIGINT/SIGTERM handler; polled between atomic batches. A lock-free atomic
/// store is async-signal-safe.
private let interruptRequested = Atomic<Bool>(false)

/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a request that long commands poll
/// between batches; a second one exits at once. Committed batches are safe either way.
enum Interruption {
    /// Installs the handlers.
    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                if interruptRequested.exchange(true, ordering: .relaxed) { _exit(130) }
                // Only async-signal-safe calls here: write(2) of a static string.
                let message: StaticString = "\ngeoq: interrupt received; finishing the current batch (Ctrl-C again to quit now)\n"
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            }
        }
    }

    /// Whether an interrupt was requested.
    static var isRequested: Bool { interruptRequested.load(ordering: .relaxed) }
}
