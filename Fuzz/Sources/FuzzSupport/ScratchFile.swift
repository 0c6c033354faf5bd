import Glibc

/// The file a file-based parser (CSVReader, FeatureStream) reads an input from: one per
/// process and name, rewritten for every input, in /dev/shm when there is one.
public struct ScratchFile {
    public let path: String

    public init(name: String) {
        var directory = "/tmp"
        if let tmp = getenv("TMPDIR") { directory = String(cString: tmp) }
        if access("/dev/shm", W_OK) == 0 { directory = "/dev/shm" }
        path = "\(directory)/geoincidents-fuzz-\(getpid())-\(name)"
    }

    /// Replaces the file's contents with `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot write the scratch file \(path): errno \(errno)") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { fatalError("cannot write the scratch file \(path): errno \(errno)") }
            offset += written
        }
    }
}
