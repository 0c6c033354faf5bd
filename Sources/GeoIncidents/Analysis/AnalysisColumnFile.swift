import Foundation
import Glibc

/// ``AnalysisColumns`` kept in a file beside the database (`<database>.columns`), so that
/// every geoq command does not read the tips table again: loaded in tens of milliseconds,
/// caught up with the tips added since, written back when it moved on.
///
/// The file is a cache, never the truth: it names the database (`meta.database_id`), the
/// version and token it was read at, and is used only while they say nothing else changed
/// (``AnalysisColumns/standing(_:_:)``). A file that is short, torn, damaged (its checksum),
/// of another format or of another database is ignored and replaced. It is written whole
/// under a temporary name of its own, flushed to disk and renamed over the old one, so a
/// crash mid-write leaves the old file or the new one, never a mix; concurrent writers each
/// rename a whole file. It holds exact positions, so it is created readable by its owner
/// only, as the database is, and read only when it is a regular file.
///
/// Layout: a header (magic, format, flags, database id, version, token, last change logged and
/// its token, counts;
/// little-endian), the unit codes, the columns one after the other in the machine's byte
/// order (little-endian on every platform this builds for), the incidents' anchor tip ids
/// when known (flag 2: count, ids ascending), a 64-bit checksum of all that, and a trailer.
enum AnalysisColumnFile {
    static let magic = Array("GEOQCOLS".utf8), trailer = Array("GEOQEND2".utf8)
    static let formatVersion: UInt32 = 5
    /// Bytes per tip in the columns.
    static let bytesPerTip = 8 + 8 + 8 + 8 + 1 + 1 + 1 + 4 + 4 + 4 + 4

    /// The file for the database at `databasePath`.
    static func path(for databasePath: String) -> String { databasePath + ".columns" }

    /// The columns in the file at `path`, nil when there is no usable file.
    static func load(_ path: String) -> AnalysisColumns? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0,
              status.st_size < Int64(Int32.max) * Int64(bytesPerTip) else { return nil }
        // Read front to back, each column straight into its array (no whole-file buffer to copy
        // from), summed as it goes; nothing is returned before the checksum matched. Not
        // mapped: a file rewritten in place under a mapping (`cp` over it) would end the
        // process with SIGBUS, a read only sees torn bytes, which the checksum refuses.
        return decode(from: FileSource(descriptor: descriptor), size: Int(status.st_size))
    }

    /// Writes `columns` to `path` (a temporary of its own, fsync, rename). Throws on
    /// failure; the caller may go on without the file.
    static func save(_ columns: AnalysisColumns, to path: String) throws {
        removeAbandonedTemporaries(of: path)
        // The temporary first: a directory that cannot take it costs no encoding.
        let temporary = "\(path).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw GeoIncidentsError.io("\(temporary): cannot create (\(String(cString: strerror(errno))))") }
        let bytes = encode(columns)
        var failed: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 { if errno == EINTR { continue }; failed = errno; return }
                offset += written
            }
        }
        if failed == 0 && fsync(descriptor) != 0 { failed = errno }
        close(descriptor)
        if failed == 0 && rename(temporary, path) != 0 { failed = errno }
        guard failed == 0 else {
            unlink(temporary)
            throw GeoIncidentsError.io("\(path): cannot write (\(String(cString: strerror(failed))))")
        }
    }

    /// Deletes temporaries left by processes that died mid-write.
    private static func removeAbandonedTemporaries(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    static func encode(_ c: AnalysisColumns) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128 + c.count * bytesPerTip + c.codes.reduce(0) { $0 + 4 + $1.count })
        out += magic
        append(formatVersion, to: &out)
        append(UInt32(c.canonicalTimes ? 1 : 0) | (c.anchors == nil ? 0 : 2), to: &out)
        for text in [c.databaseID, c.dataToken] {
            append(UInt32(text.utf8.count), to: &out)
            out += text.utf8
        }
        for value in [c.dataVersion, c.changeSeq, c.changeToken, Int64(c.count), Int64(c.codes.count)] { append(value, to: &out) }
        for code in c.codes {
            append(UInt32(code.count), to: &out)
            out += code
        }
        appendArray(c.ids, to: &out); appendArray(c.lon, to: &out); appendArray(c.lat, to: &out); appendArray(c.times, to: &out)
        out += c.categories; out += c.channels; out += c.statuses
        appendArray(c.radii, to: &out)
        appendArray(c.provinces, to: &out); appendArray(c.communes, to: &out); appendArray(c.neighbourhoods, to: &out)
        if let anchors = c.anchors {
            append(Int64(anchors.count), to: &out)
            appendArray(anchors, to: &out)
        }
        append(out.withUnsafeBytes { checksum($0) }, to: &out)
        out += trailer
        return out
    }

    /// The columns in the file image `raw`, nil when it is not a usable file.
    static func decode(_ raw: UnsafeRawBufferPointer) -> AnalysisColumns? {
        return decode(from: MemorySource(raw: raw), size: raw.count)
    }

    /// The columns read front to back from `source` (`size` bytes in all). Counts are
    /// believed only as far as the size bounds them; nothing is returned before the checksum
    /// of everything read matched the file's.
    private static func decode<Source: ByteSource>(from source: Source, size: Int) -> AnalysisColumns? {
        let tail = MemoryLayout<UInt64>.size + trailer.count
        guard size >= magic.count + tail else { return nil }
        var reader = Reader(source: source, payload: size - tail)
        guard reader.bytes(magic.count) == magic, reader.value(UInt32.self) == formatVersion,
              let flags = reader.value(UInt32.self),
              let idLength = reader.value(UInt32.self), let id = reader.bytes(Int(idLength)),
              let tokenLength = reader.value(UInt32.self), let token = reader.bytes(Int(tokenLength)),
              let version = reader.value(Int64.self), let changeSeq = reader.value(Int64.self), let changeToken = reader.value(Int64.self),
              let count = reader.value(Int64.self), let codeCount = reader.value(Int64.self),
              count >= 0, codeCount >= 0, count <= Int64(size / bytesPerTip), codeCount <= Int64(size / 4),
              changeSeq >= 0 else { return nil }
        var columns = AnalysisColumns(databaseID: String(decoding: id, as: UTF8.self), dataVersion: version,
                                      dataToken: String(decoding: token, as: UTF8.self), changeSeq: changeSeq, changeToken: changeToken)
        columns.canonicalTimes = flags & 1 != 0
        for _ in 0..<codeCount {
            guard let length = reader.value(UInt32.self), let code = reader.bytes(Int(length)) else { return nil }
            _ = columns.intern(code)
        }
        guard columns.codes.count == Int(codeCount) else { return nil }
        let n = Int(count)
        guard let ids = reader.array(Int64.self, n), let lon = reader.array(Double.self, n), let lat = reader.array(Double.self, n),
              let times = reader.array(Int64.self, n), let categories = reader.array(UInt8.self, n),
              let channels = reader.array(UInt8.self, n), let statuses = reader.array(UInt8.self, n),
              let radii = reader.array(Float.self, n), let provinces = reader.array(Int32.self, n),
              let communes = reader.array(Int32.self, n), let neighbourhoods = reader.array(Int32.self, n) else { return nil }
        var anchors: [Int64]?
        if flags & 2 != 0 {
            guard let anchorCount = reader.value(Int64.self), anchorCount >= 0, anchorCount <= Int64(n),
                  let list = reader.array(Int64.self, Int(anchorCount)) else { return nil }
            anchors = list
        }
        guard reader.finish(trailer: trailer) else { return nil }
        // Values every reader indexes with must be in range, ids and anchors ascending.
        let limit = Int32(codeCount)
        for column in [provinces, communes, neighbourhoods] where column.contains(where: { $0 < -1 || $0 >= limit }) { return nil }
        for (column, names) in [(categories, StoredVocabulary.categories), (channels, StoredVocabulary.channels), (statuses, StoredVocabulary.statuses)]
        where column.contains(where: { $0 != 255 && Int($0) >= names.count }) { return nil }
        for i in ids.indices.dropFirst() where ids[i] <= ids[i - 1] { return nil }
        if let anchors { for i in anchors.indices.dropFirst() where anchors[i] <= anchors[i - 1] { return nil } }
        (columns.ids, columns.lon, columns.lat, columns.times) = (ids, lon, lat, times)
        (columns.categories, columns.channels, columns.statuses, columns.radii) = (categories, channels, statuses, radii)
        (columns.provinces, columns.communes, columns.neighbourhoods) = (provinces, communes, neighbourhoods)
        columns.anchors = anchors
        return columns
    }

    /// A 64-bit checksum of `bytes`, eight bytes at a time (a torn or damaged file, not an
    /// adversary: the file is the owner's alone).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var sum = Checksum(length: bytes.count)
        sum.add(bytes)
        return sum.value
    }

    /// ``checksum(_:)`` over bytes that arrive in pieces: the same words at the same
    /// offsets, whatever the pieces.
    struct Checksum {
        private var h: UInt64
        private var pending: UInt64 = 0, pendingCount = 0

        /// A sum over `length` bytes in all.
        init(length: Int) { h = 0x243F_6A88_85A3_08D3 ^ UInt64(length) }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var offset = 0
            while pendingCount > 0 && offset < bytes.count {
                pending |= UInt64(bytes[offset]) << UInt64(8 * pendingCount)
                pendingCount += 1
                offset += 1
                if pendingCount == 8 { word(pending); (pending, pendingCount) = (0, 0) }
            }
            while offset + 8 <= bytes.count {
                word(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                offset += 8
            }
            while offset < bytes.count {
                pending |= UInt64(bytes[offset]) << UInt64(8 * pendingCount)
                pendingCount += 1
                offset += 1
            }
        }

        private mutating func word(_ w: UInt64) {
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }

        /// The sum; the last bytes short of a word are taken one at a time.
        var value: UInt64 {
            var h = self.h
            for k in 0..<pendingCount { h = (h ^ ((pending >> UInt64(8 * k)) & 0xFF)) &* 0x9E37_79B9_7F4A_7C15 }
            return h ^ (h >> 32)
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    private static func appendArray<T>(_ values: [T], to out: inout [UInt8]) {
        values.withUnsafeBytes { out += $0 }
    }

    /// Where a file's bytes come from, front to back.
    protocol ByteSource {
        /// Fills `buffer` with the next bytes; false when they are not all there.
        mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Bool
    }

    /// A file image in memory.
    struct MemorySource: ByteSource {
        let raw: UnsafeRawBufferPointer
        var offset = 0

        mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> Bool {
            guard buffer.count <= raw.count - offset else { return false }
            if buffer.count > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + buffer.count)])) }
            offset += buffer.count
            return true
        }
    }

    /// An open file, read from its current position through a buffer: the header and the
    /// tens of thousands of unit codes are a few bytes each, and a system call apiece cost
    /// ~35 ms at 1M tips. A read as large as the buffer goes straight into its destination.
    struct FileSource: ByteSource {
        let descriptor: Int32
        private var buffer = [UInt8](repeating: 0, count: 1 << 16)
        private var start = 0, end = 0

        init(descriptor: Int32) { self.descriptor = descriptor }

        mutating func read(into destination: UnsafeMutableRawBufferPointer) -> Bool {
            var done = min(destination.count, end - start)
            if done > 0 {
                buffer.withUnsafeBytes { destination.baseAddress!.copyMemory(from: $0.baseAddress! + start, byteCount: done) }
                start += done
            }
            while done < destination.count {
                let wanted = destination.count - done
                if wanted >= buffer.count {
                    guard let n = Self.read(descriptor, into: destination.baseAddress! + done, count: wanted) else { return false }
                    done += n
                    continue
                }
                guard let n = buffer.withUnsafeMutableBytes({ Self.read(descriptor, into: $0.baseAddress!, count: $0.count) }) else { return false }
                let taken = min(n, wanted)
                buffer.withUnsafeBytes { (destination.baseAddress! + done).copyMemory(from: $0.baseAddress!, byteCount: taken) }
                (start, end) = (taken, n)
                done += taken
            }
            return true
        }

        /// One `read(2)` of at most `count` bytes, retried on EINTR; nil at the file's end or on an error.
        private static func read(_ descriptor: Int32, into target: UnsafeMutableRawPointer, count: Int) -> Int? {
            while true {
                let n = Glibc.read(descriptor, target, count)
                if n < 0 && errno == EINTR { continue }
                return n > 0 ? n : nil
            }
        }
    }

    /// Reads values front to back from a source, summing every byte of the payload (the
    /// file before its checksum and trailer); nil past the payload's end.
    private struct Reader<Source: ByteSource> {
        var source: Source
        let payload: Int
        var offset = 0
        var sum: Checksum

        init(source: Source, payload: Int) {
            (self.source, self.payload) = (source, payload)
            sum = Checksum(length: payload)
        }

        mutating func bytes(_ n: Int) -> [UInt8]? { array(UInt8.self, n) }

        mutating func value<T: FixedWidthInteger>(_: T.Type) -> T? {
            bytes(MemoryLayout<T>.size).map { $0.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) } }
        }

        mutating func array<T>(_: T.Type, _ n: Int) -> [T]? {
            let (size, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            guard !overflow, size <= payload - offset else { return nil }
            var ok = false
            let out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                ok = source.read(into: raw)
                if ok { sum.add(UnsafeRawBufferPointer(raw)) }
                initialized = ok ? n : 0
            }
            guard ok else { return nil }
            offset += size
            return out
        }

        /// Whether the payload was read to its end and is followed by its checksum and
        /// `trailer`, and nothing else.
        mutating func finish(trailer: [UInt8]) -> Bool {
            guard offset == payload else { return false }
            var tail = [UInt8](repeating: 0, count: MemoryLayout<UInt64>.size + trailer.count + 1)
            let complete = tail.withUnsafeMutableBytes { source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<($0.count - 1)])) }
            guard complete else { return false }
            // One more byte must not be there (a file that grew since it was measured).
            let extra = tail.withUnsafeMutableBytes { source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[($0.count - 1)...])) }
            let stored = tail.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
            return !extra && stored == sum.value && Array(tail[8..<(8 + trailer.count)]) == trailer
        }
    }
}
