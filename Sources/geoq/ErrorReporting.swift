import TextLocator
import ArgumentParser
import Foundation
import GeoIncidents

/// Runs a command body, turning library errors into a one-line message on stderr and a
/// non-zero exit code instead of a crash or a stack trace.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as GeoIncidentsError {
        Console.error("geoq: error: \(error.message)")
        throw ExitCode(error.kind == .invalidInput || error.kind == .notFound ? 2 : 1)
    }
}

/// Terminal output helpers: data on stdout, messages and progress on stderr.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Writes `bytes` to standard output as they are, after whatever `print` buffered (so the
    /// two keep their order). A reader that closed the pipe ends the process by SIGPIPE, as
    /// `print` would; a failed write otherwise (SIGPIPE ignored, a full disk) ends the command
    /// with exit code 1, after the pieces already written.
    static func output(_ bytes: [UInt8]) throws {
        fflush(nil)
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    error("geoq: error: standard output: cannot write (\(String(cString: strerror(errno))))")
                    throw ExitCode(1)
                }
                offset += n
            }
        }
    }

    /// Whether stderr is a terminal (progress lines are shown only then).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Rewrites the current progress line on a terminal.
    static func progress(_ message: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + message).utf8))
    }

    static func endProgress() {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }
}

/// TextLocator errors become a one-line message and exit code 2 (bad input), like GeoIncidents errors.
func guarded<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as TextLocatorError {
        Console.error("geoq: error: \(error)")
        throw ExitCode(2)
    }
}
