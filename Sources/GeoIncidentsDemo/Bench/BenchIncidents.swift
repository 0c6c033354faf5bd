import Foundation
public import GeoIncidents

/// The bench tips with forwarded copies injected, for `geoq bench incidents` and its PostGIS
/// peer (docs/incidents.md, "Speed"): every tenth tip becomes a written message (numbers
/// make each one different), and each of those gets 1–3 forwarded copies — forwarding
/// prefixes, re-wrapped lines, a trimmed ending — posted 1 minute to 24 hours later within
/// 30 m, by other senders. Deterministic for a given file.
public struct BenchIncidents: Sendable {
    public struct Row: Sendable {
        public var id: Int64
        public var lon: Double, lat: Double
        /// Seconds since 1970.
        public var time: Int64
        public var category: String
        public var text: String?
        /// The bench id of the original this row copies (nil for the bench's own tips).
        public var copyOf: Int64?
    }

    public var rows: [Row] = []
    /// Injected copies.
    public var copies: Int { rows.count - originals }
    /// The bench's own tips.
    public private(set) var originals = 0

    /// Reads `id,lon,lat,reported_at,category` and injects the copies.
    public init(tipsPath: String) throws {
        let text = try String(contentsOfFile: tipsPath, encoding: .utf8)
        var random = SeededRandom(seed: 20_251_204)
        var next: Int64 = 10_000_000
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where number > 0 {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count >= 5, let id = Int64(f[0]), let lon = Double(f[1]), let lat = Double(f[2]), let t = Timestamp.parse(f[3]) else { continue }
            let category = String(f[4])
            var row = Row(id: id, lon: lon, lat: lat, time: t.secondsSinceEpoch, category: category, text: nil, copyOf: nil)
            originals += 1
            guard originals % 10 == 1 else { rows.append(row); continue }
            let local = t.secondsSinceEpoch + 7 * 3600
            let message = "Lúc \((local / 3600) % 24) giờ \((local / 60) % 60) phút tại điểm số \(id) có nhóm khoảng \(3 + random.below(20)) thanh niên tụ tập, mang theo hung khí. Đề nghị công an xuống kiểm tra ngay."
            row.text = message
            rows.append(row)
            for _ in 0..<(1 + random.below(3)) {
                let metres = 30 * random.unit(), angle = 2 * Double.pi * random.unit()
                var copy = message
                if random.unit() < 0.4, let cut = copy.range(of: ". ", options: .backwards) { copy = String(copy[..<cut.lowerBound]) }
                if random.unit() < 0.4 { copy = copy.replacingOccurrences(of: " có nhóm", with: "\ncó nhóm") }
                copy = ["[Chuyển tiếp] ", "Fwd: ", "FW: ", "⚠️ ", ""][random.below(5)] + copy
                rows.append(Row(id: next, lon: lon + metres * cos(angle) / (111_320 * cos(lat * .pi / 180)), lat: lat + metres * sin(angle) / 111_320,
                                time: t.secondsSinceEpoch + 60 + Int64(random.unit() * 86_340), category: category, text: copy, copyOf: id))
                next += 1
            }
        }
    }

    /// As CSV for the peer: `id,lon,lat,reported_at,category,copy_of`.
    public func csv() -> String {
        var out = "id,lon,lat,reported_at,category,copy_of\n"
        out.reserveCapacity(rows.count * 64)
        for r in rows {
            out += "\(r.id),\(r.lon),\(r.lat),\(Timestamp(secondsSinceEpoch: r.time).iso8601),\(r.category),\(r.copyOf.map(String.init) ?? "")\n"
        }
        return out
    }
}
