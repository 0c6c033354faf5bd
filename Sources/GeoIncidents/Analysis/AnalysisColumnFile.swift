import Foundation
import Glibc

/// ``AnalysisColumns`` kept in a file beside the database (`<database>.columns`), so that
/// every geoq command does not read the tips table again: loaded in tens of milliseconds,
/// caught up with the tips added since, written back when it moved on.
///
/// The file is a cache, never the truth: it names the database (`meta.database_id`) and the
/// counters it was read at, and is used only while they say nothing else changed
/// (``AnalysisColumns/standing(_:)``). A file that is short, torn, of another format or of
/// another database is ignored and replaced. It is written whole under a temporary name,
/// flushed to disk and renamed over the old one, so a crash mid-write leaves the old file or
/// the new one, never a mix; concurrent writers each rename a whole file. It holds exact
/// positions, so it is created readable by its owner only, as the database is.
enum AnalysisColumnFile {
    static let magic = Array("GEOQCOLS".utf8), trailer = Array("GEOQEND1".utf8)
    static let formatVersion: UInt32 = 1

    /// The file for the database at `databasePath`.
    static func path(for databasePath: String) -> String { databasePath + ".columns" }

    /// The columns in the file at `path`, nil when there is no usable file.
    static func load(_ path: String) -> AnalysisColumns? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return data.withUnsafeBytes { decode($0) }
    }

    /// Writes `columns` to `path` (temporary file, fsync, rename). Throws on failure; the
    /// caller may go on without the file.
    static func save(_ columns: AnalysisColumns, to path: String) throws {
        removeAbandonedTemporaries(of: path)
        let bytes = encode(columns)
        let temporary = "\(path).tmp-\(getpid())"
        // A new file of our own (never through a link someone left under that name).
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw GeoIncidentsError.io("\(temporary): cannot create (\(String(cString: strerror(errno))))") }
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
            guard let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    static func encode(_ c: AnalysisColumns) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + c.count * 51 + c.codes.reduce(0) { $0 + 4 + $1.count })
        out += magic
        append(formatVersion, to: &out)
        append(UInt32(c.canonicalTimes ? 1 : 0), to: &out)
        append(UInt32(c.databaseID.utf8.count), to: &out)
        out += c.databaseID.utf8
        for value in [c.dataVersion, c.rewritten, Int64(c.count), Int64(c.codes.count)] { append(value, to: &out) }
        for code in c.codes {
            append(UInt32(code.count), to: &out)
            out += code
        }
        appendArray(c.ids, to: &out); appendArray(c.lon, to: &out); appendArray(c.lat, to: &out); appendArray(c.times, to: &out)
        out += c.categories; out += c.channels; out += c.statuses
        appendArray(c.radii, to: &out)
        appendArray(c.provinces, to: &out); appendArray(c.communes, to: &out); appendArray(c.neighbourhoods, to: &out)
        out += trailer
        return out
    }

    static func decode(_ raw: UnsafeRawBufferPointer) -> AnalysisColumns? {
        var reader = Reader(raw: raw)
        guard reader.bytes(magic.count).map(Array.init) == magic, reader.value(UInt32.self) == formatVersion,
              let flags = reader.value(UInt32.self), let idLength = reader.value(UInt32.self),
              let id = reader.bytes(Int(idLength)), let version = reader.value(Int64.self), let rewritten = reader.value(Int64.self),
              let count = reader.value(Int64.self), let codeCount = reader.value(Int64.self),
              count >= 0, codeCount >= 0, codeCount <= count * 3, count <= raw.count / 51 else { return nil }
        var columns = AnalysisColumns(databaseID: String(decoding: id, as: UTF8.self), dataVersion: version, rewritten: rewritten)
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
              let communes = reader.array(Int32.self, n), let neighbourhoods = reader.array(Int32.self, n),
              reader.bytes(trailer.count).map(Array.init) == trailer, reader.atEnd else { return nil }
        // Indices must name a code: a damaged file must not send a lookup out of bounds.
        let limit = Int32(codeCount)
        for column in [provinces, communes, neighbourhoods] where column.contains(where: { $0 < -1 || $0 >= limit }) { return nil }
        (columns.ids, columns.lon, columns.lat, columns.times) = (ids, lon, lat, times)
        (columns.categories, columns.channels, columns.statuses, columns.radii) = (categories, channels, statuses, radii)
        (columns.provinces, columns.communes, columns.neighbourhoods) = (provinces, communes, neighbourhoods)
        return columns
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
            guard let source = bytes(n * MemoryLayout<T>.stride) else { return nil }
            return [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                initialized = n
            }
        }
    }
}
