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
    static let formatVersion: UInt32 = 4
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
        let size = Int(status.st_size)
        // Read, not mapped: a file rewritten in place while mapped (`cp` over it) would end
        // the process with SIGBUS; a read only sees torn bytes, which the checksum refuses.
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var offset = 0
            while offset < size {
                let n = read(descriptor, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                offset += n
            }
            complete = offset == size
            initialized = offset
        }
        guard complete else { return nil }
        return bytes.withUnsafeBytes { decode($0) }
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

    static func decode(_ raw: UnsafeRawBufferPointer) -> AnalysisColumns? {
        // The checksum first: nothing of a damaged file is believed, not even its counts.
        let tail = MemoryLayout<UInt64>.size + trailer.count
        guard raw.count >= magic.count + tail, Array(raw[(raw.count - trailer.count)...]) == trailer,
              UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - tail, as: UInt64.self))
                == checksum(UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - tail)])) else { return nil }
        var reader = Reader(raw: UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - tail)]))
        guard reader.bytes(magic.count).map(Array.init) == magic, reader.value(UInt32.self) == formatVersion,
              let flags = reader.value(UInt32.self),
              let idLength = reader.value(UInt32.self), let id = reader.bytes(Int(idLength)),
              let tokenLength = reader.value(UInt32.self), let token = reader.bytes(Int(tokenLength)),
              let version = reader.value(Int64.self), let changeSeq = reader.value(Int64.self), let changeToken = reader.value(Int64.self),
              let count = reader.value(Int64.self), let codeCount = reader.value(Int64.self),
              count >= 0, codeCount >= 0, count <= Int64(raw.count / bytesPerTip), codeCount <= Int64(raw.count / 4) else { return nil }
        var columns = AnalysisColumns(databaseID: String(decoding: id, as: UTF8.self), dataVersion: version,
                                      dataToken: String(decoding: token, as: UTF8.self), changeSeq: changeSeq, changeToken: changeToken)
        columns.canonicalTimes = flags & 1 != 0
        for _ in 0..<codeCount {
            guard let length = reader.value(UInt32.self), let code = reader.bytes(Int(length)) else { return nil }
            _ = columns.intern(Array(code))
        }
        guard columns.codes.count == Int(codeCount) else { return nil }
        let n = Int(count)
        guard let ids = reader.array(Int64.self, n), let lon = reader.array(Double.self, n), let lat = reader.array(Double.self, n),
              let times = reader.array(Int64.self, n), let categories = reader.array(UInt8.self, n),
              let channels = reader.array(UInt8.self, n), let statuses = reader.array(UInt8.self, n),
              let radii = reader.array(Float.self, n), let provinces = reader.array(Int32.self, n),
              let communes = reader.array(Int32.self, n), let neighbourhoods = reader.array(Int32.self, n) else { return nil }
        if flags & 2 != 0 {
            guard let anchorCount = reader.value(Int64.self), anchorCount >= 0, anchorCount <= Int64(n),
                  let anchors = reader.array(Int64.self, Int(anchorCount)) else { return nil }
            for i in anchors.indices.dropFirst() where anchors[i] <= anchors[i - 1] { return nil }
            columns.anchors = anchors
        }
        guard reader.atEnd else { return nil }
        // Values every reader indexes with must be in range, ids ascending.
        let limit = Int32(codeCount)
        for column in [provinces, communes, neighbourhoods] where column.contains(where: { $0 < -1 || $0 >= limit }) { return nil }
        for (column, names) in [(categories, StoredVocabulary.categories), (channels, StoredVocabulary.channels), (statuses, StoredVocabulary.statuses)]
        where column.contains(where: { $0 != 255 && Int($0) >= names.count }) { return nil }
        for i in ids.indices.dropFirst() where ids[i] <= ids[i - 1] { return nil }
        (columns.ids, columns.lon, columns.lat, columns.times) = (ids, lon, lat, times)
        (columns.categories, columns.channels, columns.statuses, columns.radii) = (categories, channels, statuses, radii)
        (columns.provinces, columns.communes, columns.neighbourhoods) = (provinces, communes, neighbourhoods)
        return columns
    }

    /// A 64-bit checksum of `bytes`, eight bytes at a time (a torn or damaged file, not an
    /// adversary: the file is the owner's alone).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            offset += 8
        }
        while offset < bytes.count {
            h = (h ^ UInt64(bytes[offset])) &* 0x9E37_79B9_7F4A_7C15
            offset += 1
        }
        return h ^ (h >> 32)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out += $0 }
    }

    private static func appendArray<T>(_ values: [T], to out: inout [UInt8]) {
        values.withUnsafeBytes { out += $0 }
    }

    /// Reads values front to back; nil past the end.
    private struct Reader {
        let raw: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset == raw.count }

        mutating func bytes(_ n: Int) -> UnsafeRawBufferPointer? {
            guard n >= 0, n <= raw.count - offset else { return nil }
            defer { offset += n }
            return UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n])
        }

        mutating func value<T: FixedWidthInteger>(_: T.Type) -> T? {
            bytes(MemoryLayout<T>.size).map { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }

        mutating func array<T>(_: T.Type, _ n: Int) -> [T]? {
            let (size, overflow) = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            guard !overflow, let source = bytes(size) else { return nil }
            return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                initialized = n
            }
        }
    }
}
