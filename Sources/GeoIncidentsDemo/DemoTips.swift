import Foundation
import GeoIncidents

/// Deterministic demo tips over ``DemoRegion``, as a CSV file that `geoq import tips` reads.
///
/// About 60 % of the tips come from six Gaussian hotspots (σ 150–400 m; two centred exactly
/// on a vertex where four communes meet), the rest are spread uniformly over the province.
/// Five tips are placed on purpose: two exactly on vertices shared by communes, one about
/// 50 m off the coast (within a 100 m snap tolerance) and two several kilometres away.
/// Times run from 2025-01-01 to 2025-06-30 in Vietnam time, mostly in evenings and at night;
/// categories and channels follow the shares of a real city report. Descriptions are short
/// templates with no personal names or phone numbers.
public enum DemoTips {
    /// The CSV header.
    static let header = "id,lon,lat,reported_at,category,channel,source,description"
    /// Category shares, in percent, in `TipCategory.allCases` order.
    static let categoryShares = [15.8, 55.7, 22.2, 3, 1, 1.2, 1.1]
    /// Channel shares, in percent.
    static let channelShares: [(TipChannel, Double)] = [(.zaloGroup, 60), (.zaloPage, 20), (.hotline, 10), (.fanpage, 5), (.inPerson, 5)]
    /// Relative tip counts per local hour, 0…23.
    static let diurnal: [Double] = [4, 3, 2, 1.5, 1, 1, 1.5, 2.5, 3, 3.5, 3.5, 3.5, 3.5, 3, 3, 3.5, 4, 4.5, 6, 7.5, 8, 8, 7, 5.5]
    /// Hotspots: where (a four-commune vertex by index, or a neighbourhood's centre by code),
    /// σ in metres, and relative weight.
    static let hotspots: [(junction: Int?, neighbourhood: String?, sigma: Double, weight: Double)] = [
        (5, nil, 250, 0.22), (nil, "9900105", 150, 0.20), (6, nil, 400, 0.16),
        (nil, "9900304", 300, 0.16), (nil, "9901202", 200, 0.14), (nil, "9901806", 350, 0.12),
    ]
    /// Metres per degree of latitude (data generation only).
    static let metresPerDegree = 111_320.0

    /// One tip before ids are assigned.
    private struct Row {
        var location: Coordinate
        var minuteOfPeriod: Int
        var category: TipCategory
        var channel: TipChannel
        var commune: String
        var description: String
    }

    /// `count` tips as CSV text with the header
    /// `id,lon,lat,reported_at,category,channel,source,description`, sorted by time, with
    /// ids `demo-000001`…, coordinates with 7 decimals and times like
    /// `2025-03-14T21:05:00+07:00`. Fields are quoted as RFC 4180 requires; lines end
    /// with LF. The same `count` and region give the same text on every run.
    public static func csv(count: Int = 3000, region: DemoRegion.Layers) -> String {
        var random = SeededRandom(seed: DemoRegion.seed)
        let places = Places(region)
        var rows: [Row] = []
        let placed = min(max(count, 0), 5), regular = max(count, 0) - placed
        let fromHotspots = Int((Double(regular) * 0.6).rounded())
        let hotspotWeights = hotspots.map(\.weight)
        let centres = hotspots.map { places.centre(junction: $0.junction, neighbourhood: $0.neighbourhood) }
        for k in 0..<regular {
            let location: Coordinate
            if k < fromHotspots {
                let h = random.pick(weights: hotspotWeights)
                let c = centres[h], sigma = hotspots[h].sigma
                let degreesX = sigma / (metresPerDegree * cos(c.y * Double.pi / 180)), degreesY = sigma / metresPerDegree
                location = places.sampleInside(fallback: c) {
                    DemoRegion.Lattice.rounded(c.x + random.gaussian() * degreesX, c.y + random.gaussian() * degreesY)
                }
            } else {
                let box = places.provinceBox
                location = places.sampleInside(fallback: centres[0]) {
                    DemoRegion.Lattice.rounded(box.minX + random.unit() * (box.maxX - box.minX),
                                               box.minY + random.unit() * (box.maxY - box.minY))
                }
            }
            rows.append(row(at: location, places: places, random: &random))
        }
        for location in places.deliberate.prefix(placed) {
            rows.append(row(at: location, places: places, random: &random))
        }
        let ordered = rows.enumerated().sorted { ($0.element.minuteOfPeriod, $0.offset) < ($1.element.minuteOfPeriod, $1.offset) }
        var text = header + "\n"
        for (index, item) in ordered.enumerated() {
            text += line(id: index + 1, item.element, communeNames: places.communeNames)
        }
        return text
    }

    /// A tip at `location` with random time, category, channel and description.
    private static func row(at location: Coordinate, places: Places, random: inout SeededRandom) -> Row {
        let day = random.below(181)  // 2025-01-01 … 2025-06-30
        let hour = random.pick(weights: diurnal)
        let minute = random.below(60)
        let category = TipCategory.allCases[random.pick(weights: categoryShares)]
        let channel = channelShares[random.pick(weights: channelShares.map(\.1))].0
        let templates = descriptions(category)
        let description = templates[random.below(templates.count)]
        return Row(location: location, minuteOfPeriod: (day * 24 + hour) * 60 + minute, category: category,
                   channel: channel, commune: places.commune(at: location), description: description)
    }

    /// One CSV record, LF-terminated.
    private static func line(id: Int, _ row: Row, communeNames: [String: String]) -> String {
        let local = Timestamp.daysFromCivil(year: 2025, month: 1, day: 1) * 86_400 + Int64(row.minuteOfPeriod) * 60
        let reportedAt = Timestamp(secondsSinceEpoch: local).iso8601.dropLast() + "+07:00"
        let source: String
        switch row.channel {
        case .zaloGroup: source = "Nhóm Zalo ANTT " + (communeNames[row.commune] ?? "")
        case .zaloPage: source = "Trang Zalo Công an tỉnh"
        case .hotline: source = "Đường dây nóng 113"
        case .fanpage: source = "Fanpage Công an tỉnh"
        default: source = "Trực tiếp tại trụ sở"
        }
        let fields = ["demo-" + DemoRegion.pad(id, 6), decimal7(row.location.x), decimal7(row.location.y), String(reportedAt),
                      row.category.rawValue, row.channel.rawValue, TextFolding.nfc(source), TextFolding.nfc(row.description)]
        return fields.map(quoted).joined(separator: ",") + "\n"
    }

    /// `field`, quoted when it holds a comma, quote or line break (RFC 4180 §2).
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` with exactly 7 decimals, from its integer count of 1e-7 units (no locale, no rounding drift).
    static func decimal7(_ value: Double) -> String {
        let units = Int64((value * 1e7).rounded())
        let magnitude = units.magnitude
        let fraction = String(magnitude % 10_000_000)
        return (units < 0 ? "-" : "") + String(magnitude / 10_000_000) + "."
            + String(repeating: "0", count: 7 - fraction.count) + fraction
    }

    /// Short Vietnamese descriptions per category.
    static func descriptions(_ category: TipCategory) -> [String] {
        switch category {
        case .politicalSecurity:
            ["Phát hiện tờ rơi có nội dung xuyên tạc", "Nhóm người lạ tụ tập, tuyên truyền trái phép",
             "Đăng tải thông tin sai sự thật trên mạng xã hội", "Người lạ chụp ảnh khu vực cấm"]
        case .criminal:
            ["Nhóm thanh niên tụ tập, mang theo hung khí", "Mất trộm xe máy, trước nhà", "Cướp giật điện thoại trên đường",
             "Trộm cắp tài sản tại nhà dân", "Xô xát giữa hai nhóm, có người bị thương",
             "Lừa đảo qua mạng, chiếm đoạt tiền", "Cho vay \"tín dụng đen\", đòi nợ gây rối"]
        case .socialEvil:
            ["Nghi có điểm đánh bạc", "Nghi có người sử dụng ma túy", "Tổ chức đá gà ăn tiền",
             "Ghi số đề, lô đề tại quán nước", "Nghi có hoạt động mại dâm tại cơ sở lưu trú"]
        case .traffic:
            ["Tai nạn giao thông, 2 xe máy va chạm", "Đua xe trái phép vào ban đêm", "Xe tải đỗ chắn đường, gây ùn tắc"]
        case .fire:
            ["Cháy nhà dân", "Cháy bãi rác, khói lan rộng", "Chập điện, cháy cột điện"]
        case .adminProcedure:
            ["Hỏi thủ tục đăng ký tạm trú", "Hỏi thủ tục cấp căn cước", "Hỏi thủ tục đăng ký xe"]
        case .other:
            ["Phản ánh tiếng ồn karaoke, sau 22 giờ", "Chó thả rông, không rọ mõm", "Phản ánh đèn đường hỏng"]
        }
    }
}

extension DemoTips {
    /// What the tip generator needs to know about the region: where the units are, the
    /// vertices where communes meet, and the five deliberately placed positions.
    struct Places {
        let provinceBox: BoundingBox
        let communeNames: [String: String]
        /// Vertices shared by three or more communes, north to south, then west to east.
        let junctions: [Coordinate]
        /// Two positions on junctions, one about 50 m off the coast, two several km away.
        let deliberate: [Coordinate]
        private let neighbourhoodParents: [String]
        private let neighbourhoodAreas: PackedAreas
        private let communeBoxes: [(code: String, box: BoundingBox)]
        private let neighbourhoodCentres: [String: Coordinate]

        init(_ region: DemoRegion.Layers) {
            let provinceArea = region.province.first?.area ?? MultiPolygon(polygons: [])
            provinceBox = provinceArea.boundingBox
            communeNames = Dictionary(region.communes.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            neighbourhoodParents = region.neighbourhoods.map { $0.parentCode ?? "" }
            neighbourhoodAreas = PackedAreas(region.neighbourhoods.map(\.area))
            communeBoxes = region.communes.map { ($0.code, $0.area.boundingBox) }
            neighbourhoodCentres = Dictionary(region.neighbourhoods.map { ($0.code, $0.area.boundingBox.center) },
                                              uniquingKeysWith: { a, _ in a })
            var communesAt: [Coordinate: Set<String>] = [:]
            for commune in region.communes {
                for polygon in commune.area.polygons {
                    for c in polygon.rings[0] { communesAt[c, default: []].insert(commune.code) }
                }
            }
            let junctions = communesAt.filter { $0.value.count >= 3 }.keys.sorted { ($0.y, $1.x) > ($1.y, $0.x) }
            self.junctions = junctions
            var deliberate = [1, junctions.count - 2].compactMap { junctions.indices.contains($0) ? junctions[$0] : nil }
            let mainland = provinceArea.polygons.first?.rings[0] ?? []
            if let coast = mainland.max(by: { ($0.x, $0.y) < ($1.x, $1.y) }) {
                let east50m = 50 / (DemoTips.metresPerDegree * cos(coast.y * Double.pi / 180))
                deliberate.append(DemoRegion.Lattice.rounded(coast.x + east50m, coast.y))
            }
            let box = provinceBox
            deliberate.append(DemoRegion.Lattice.rounded((box.minX + box.maxX) / 2, box.maxY + 4_000 / DemoTips.metresPerDegree))
            deliberate.append(DemoRegion.Lattice.rounded(box.maxX + 0.06, (box.minY + box.maxY) / 2 - 0.03))
            self.deliberate = deliberate
        }

        /// A hotspot centre: the junction with that index, else the neighbourhood's centre,
        /// else the province's centre.
        func centre(junction: Int?, neighbourhood: String?) -> Coordinate {
            if let junction, junctions.indices.contains(junction) { return junctions[junction] }
            if let neighbourhood, let centre = neighbourhoodCentres[neighbourhood] { return centre }
            return provinceBox.center
        }

        /// The first position `draw` gives that is strictly inside a neighbourhood (so on no
        /// boundary at all), or `fallback` after 10,000 misses.
        func sampleInside(fallback: Coordinate, _ draw: () -> Coordinate) -> Coordinate {
            for _ in 0..<10_000 {
                let c = draw()
                if (0..<neighbourhoodAreas.count).contains(where: { neighbourhoodAreas.locate($0, c) == .interior }) { return c }
            }
            return fallback
        }

        /// The code of the commune at `c`: the parent of the first neighbourhood covering
        /// it, else the commune with the nearest bounding box.
        func commune(at c: Coordinate) -> String {
            if let hit = neighbourhoodParents.indices.first(where: { neighbourhoodAreas.locate($0, c) != .exterior }) { return neighbourhoodParents[hit] }
            func distance(_ box: BoundingBox) -> Double {
                let dx = max(box.minX - c.x, 0, c.x - box.maxX), dy = max(box.minY - c.y, 0, c.y - box.maxY)
                return dx * dx + dy * dy
            }
            return communeBoxes.min { distance($0.box) < distance($1.box) }?.code ?? ""
        }
    }
}
