import Foundation

/// The glyph files of the served style's labels (`scripts/make-glyphs`: DejaVu Sans as
/// signed distance fields, the ranges Vietnamese needs), read once from the package's
/// resources beside the executable. Every font stack is drawn in the one font; a range
/// without a file is an empty glyph set, which MapLibre takes as "no glyphs here".
struct Glyphs: Sendable {
    /// The one font stack.
    static let font = "DejaVu Sans Book"
    /// Range start → the file's bytes.
    let ranges: [Int: [UInt8]]

    /// The glyphs in `directory` (`…/Glyphs/DejaVu Sans Book/{start}-{end}.pbf`).
    init(directory: URL) {
        var ranges: [Int: [UInt8]] = [:]
        let folder = directory.appendingPathComponent(Self.font)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
            guard let start = Self.rangeStart(name), let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            ranges[start] = [UInt8](data)
        }
        self.ranges = ranges
    }

    /// The glyphs shipped with the server: the `Glyphs` resource folder SwiftPM copies
    /// beside the executable (`GeoIncidents_MapServer.resources`), else the source folder of
    /// this checkout; none when both are missing (the style then has no labels), never a
    /// crash (`Bundle.module` would stop the process).
    static let shipped: Glyphs = {
        let resources = "GeoIncidents_MapServer.resources/Glyphs"
        let folders = [Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent(), Bundle.main.bundleURL].compactMap { $0 }
        let candidates = folders.map { $0.appendingPathComponent(resources) }
            + [URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Glyphs")]
        for folder in candidates {
            let glyphs = Glyphs(directory: folder)
            if !glyphs.ranges.isEmpty { return glyphs }
        }
        return Glyphs(ranges: [:])
    }()

    private init(ranges: [Int: [UInt8]]) { self.ranges = ranges }

    /// Whether any glyphs are there (labels can be drawn).
    var isEmpty: Bool { ranges.isEmpty }

    /// The start of a `{start}-{end}.pbf` range of 256 code points, nil for anything else.
    static func rangeStart(_ file: String) -> Int? {
        guard file.hasSuffix(".pbf") else { return nil }
        let bounds = file.dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, bounds.allSatisfy({ $0.count <= 6 && $0.allSatisfy(\.isASCII) }),
              let start = Int(bounds[0]), let end = Int(bounds[1]),
              start >= 0, start % 256 == 0, end == start + 255, end <= 0x10FFFF else { return nil }
        return start
    }

    /// The glyph set of the range starting at `start`: the file, or an empty set.
    func pbf(start: Int) -> [UInt8] {
        if let bytes = ranges[start] { return bytes }
        // glyphs { stacks = 1: fontstack { name = 1, range = 2 } }
        func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] { [number << 3 | 2] + varint(bytes.count) + bytes }
        func varint(_ value: Int) -> [UInt8] {
            var value = value, out: [UInt8] = []
            while value >= 0x80 { out.append(UInt8(value & 0x7F) | 0x80); value >>= 7 }
            return out + [UInt8(value)]
        }
        return field(1, field(1, Array(Self.font.utf8)) + field(2, Array("\(start)-\(start + 255)".utf8)))
    }
}
