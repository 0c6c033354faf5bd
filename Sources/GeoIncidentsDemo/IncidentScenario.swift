import Foundation
public import GeoIncidents

/// Tips with ground truth for the incident rules (docs/incidents.md, "Measuring"): events in
/// the demo region, each reported first by one message, then
/// - *forwarded copies* of that message — forwarding prefixes, emoji, re-wrapped lines, the
///   last sentence trimmed off — posted in other groups by other people, seconds to two
///   days later, located by the place named in the text;
/// - *corroborations* — other residents reporting the same event in their own words, by GPS
///   near it or by naming its neighbourhood, within 90 minutes;
/// and *near misses* that are other events: the same place another day, a police template
///   filled in for another place the same day, and the short "Tụ tập đánh nhau" sent from
///   two communes in the same minute.
/// Half of the first reports carry GPS, half only their place in words (`location_text`,
/// located by the importer's text locator). The same seed gives the same files.
public enum IncidentScenario {
    /// One tip's truth: the event it reports and the message it is (a copy shares its
    /// original's message).
    public struct Truth: Sendable, Hashable {
        public var tipID: String
        public var event: Int
        public var message: Int
        /// original, copy, corroboration, near_miss
        public var role: String
    }

    /// The tips as CSV for `geoq tips import` (`id,lon,lat,accuracy,reported_at,category,
    /// channel,source,description,location_text,tipster_zalo`) and their truth.
    public static func generate(events: Int, region: DemoRegion.Layers, seed: UInt64 = 20_251_204) -> (csv: String, truth: [Truth]) {
        var random = SeededRandom(seed: seed)
        let communes = Dictionary(region.communes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let neighbourhoods = region.neighbourhoods.filter { $0.parentCode.flatMap { communes[$0] } != nil }
        var rows: [Row] = []
        var truth: [Truth] = []
        var nextMessage = 0, nextEvent = 0, nextSender = 0
        let start = Timestamp.daysFromCivil(year: 2025, month: 3, day: 1) * 86_400 - 7 * 3600    // local midnight
        let span = Double(max(1, events)) * 1_800    // about one event per half hour

        func add(_ row: Row, event: Int, message: Int, role: String) {
            let id = "inc-" + DemoRegion.pad(rows.count + 1, 6)
            var row = row
            row.id = id
            rows.append(row)
            truth.append(Truth(tipID: id, event: event, message: message, role: role))
        }
        func sender() -> String { nextSender += 1; return "zalo-user-" + String(nextSender) }
        func placeText(_ unit: DemoRegion.Unit) -> String {
            let commune = communes[unit.parentCode ?? ""]!
            return unit.name + ", " + commune.kind.lowercased() + " " + commune.name
        }
        func point(in unit: DemoRegion.Unit) -> Coordinate {
            let box = unit.area.boundingBox
            let inside = unit.area.pointOnSurface ?? box.center
            for _ in 0..<20 {
                let c = Coordinate(x: box.minX + random.unit() * (box.maxX - box.minX), y: box.minY + random.unit() * (box.maxY - box.minY))
                if unit.area.polygons.contains(where: { Self.contains($0.rings[0], c) }) { return c }
            }
            return inside
        }
        func near(_ c: Coordinate, metres: Double) -> Coordinate {
            let angle = random.unit() * 2 * .pi, r = random.unit().squareRoot() * metres
            return Coordinate(x: c.x + r * cos(angle) / (111_320 * cos(c.y * .pi / 180)), y: c.y + r * sin(angle) / 111_320)
        }

        for _ in 0..<max(0, events) {
            let event = nextEvent; nextEvent += 1
            let unit = neighbourhoods[random.below(neighbourhoods.count)]
            let category = Self.categories[random.pick(weights: Self.categoryWeights)]
            let time = Double(start) + random.unit() * span
            let spot = point(in: unit)
            let message = nextMessage; nextMessage += 1
            let text = original(category, place: placeText(unit), time: time, random: &random)
            let gps = random.unit() < 0.5
            let first = Row(time: time, location: gps ? spot : nil, accuracy: gps ? 5 + random.unit() * 45 : nil, category: category,
                            channel: "zalo_group", source: "Nhóm Zalo " + placeText(unit), description: text,
                            locationText: gps ? nil : placeText(unit), sender: sender())
            add(first, event: event, message: message, role: "original")
            // Forwarded copies (60 % of events, 1–4 each).
            if random.unit() < 0.6 {
                for _ in 0..<(1 + random.below(4)) {
                    let delay = random.unit() < 0.7 ? 30 + random.unit() * 3 * 3600 : 3 * 3600 + random.unit() * 45 * 3600
                    let other = neighbourhoods[random.below(neighbourhoods.count)]
                    add(Row(time: time + delay, location: nil, accuracy: nil, category: category, channel: random.unit() < 0.8 ? "zalo_group" : "fanpage",
                            source: "Nhóm Zalo " + placeText(other), description: forwarded(text, random: &random),
                            locationText: placeText(unit), sender: sender()), event: event, message: message, role: "copy")
                }
            }
            // Independent corroborations (40 % of events, 1–3 each).
            if random.unit() < 0.4 {
                for _ in 0..<(1 + random.below(3)) {
                    let own = random.unit() < 0.6
                    let message = nextMessage; nextMessage += 1
                    add(Row(time: time + random.unit() * 90 * 60, location: own ? near(spot, metres: 150) : nil, accuracy: own ? 5 + random.unit() * 30 : nil,
                            category: category, channel: random.unit() < 0.7 ? "zalo_group" : "hotline", source: "Nhóm Zalo " + placeText(unit),
                            description: independent(category, place: unit.name, random: &random), locationText: own ? nil : placeText(unit), sender: sender()),
                        event: event, message: message, role: "corroboration")
                }
            }
            // Near misses (other events).
            let roll = random.unit()
            if roll < 0.1 {
                // The same place another day, in other words.
                let event = nextEvent; nextEvent += 1
                let message = nextMessage; nextMessage += 1
                add(Row(time: time + (1 + random.unit() * 4) * 86_400, location: near(spot, metres: 100), accuracy: 10, category: category, channel: "zalo_group",
                        source: "Nhóm Zalo " + placeText(unit), description: independent(category, place: unit.name, random: &random),
                        locationText: nil, sender: sender()), event: event, message: message, role: "near_miss")
            } else if roll < 0.2 {
                // A police template filled in for another place, the same day.
                let other = neighbourhoods[random.below(neighbourhoods.count)]
                guard other.code != unit.code else { continue }
                for place in [unit, other] {
                    let event = nextEvent; nextEvent += 1
                    let message = nextMessage; nextMessage += 1
                    add(Row(time: time + 8 * 3600 + random.unit() * 6 * 3600, location: nil, accuracy: nil, category: "criminal", channel: "zalo_page",
                            source: "Trang Zalo Công an tỉnh", description: Self.template(place: placeText(place), hour: 18 + random.below(5), day: time),
                            locationText: placeText(place), sender: sender()), event: event, message: message, role: "near_miss")
                }
            } else if roll < 0.25 {
                // "Tụ tập đánh nhau" from two communes in the same minute.
                var other = neighbourhoods[random.below(neighbourhoods.count)]
                if other.parentCode == unit.parentCode { other = neighbourhoods[(neighbourhoods.firstIndex(of: other)! + 7) % neighbourhoods.count] }
                guard other.parentCode != unit.parentCode else { continue }
                let minute = (time / 60).rounded(.down) * 60 + 6 * 3600
                for place in [unit, other] {
                    let event = nextEvent; nextEvent += 1
                    let message = nextMessage; nextMessage += 1
                    add(Row(time: minute + random.unit() * 50, location: point(in: place), accuracy: 15, category: "criminal", channel: "zalo_group",
                            source: "Nhóm Zalo " + placeText(place), description: "Tụ tập đánh nhau", locationText: nil, sender: sender()),
                        event: event, message: message, role: "near_miss")
                }
            }
        }
        let order = rows.indices.sorted { (rows[$0].time, $0) < (rows[$1].time, $1) }
        var csv = "id,lon,lat,accuracy,reported_at,category,channel,source,description,location_text,tipster_zalo\n"
        for i in order {
            let r = rows[i]
            let reported = Timestamp(secondsSinceEpoch: Int64(r.time.rounded(.down))).iso8601
            let fields = [r.id, r.location.map { DemoTips.decimal7($0.x) } ?? "", r.location.map { DemoTips.decimal7($0.y) } ?? "",
                          r.accuracy.map { String(Int($0.rounded())) } ?? "", reported, r.category, r.channel, TextFolding.nfc(r.source),
                          TextFolding.nfc(r.description), r.locationText.map(TextFolding.nfc) ?? "", r.sender]
            csv += fields.map(DemoTips.quoted).joined(separator: ",") + "\n"
        }
        return (csv, truth)
    }

    /// The truth as CSV (`id,event,message,role`).
    public static func truthCSV(_ truth: [Truth]) -> String {
        "id,event,message,role\n" + truth.map { "\($0.tipID),\($0.event),\($0.message),\($0.role)\n" }.joined()
    }

    struct Row {
        var id = ""
        var time: Double
        var location: Coordinate?
        var accuracy: Double?
        var category: String
        var channel: String
        var source: String
        var description: String
        var locationText: String?
        var sender: String
    }

    static let categories = ["criminal", "social_evil", "traffic", "fire", "other"]
    static let categoryWeights = [45.0, 25, 15, 8, 7]
    static let names = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Tám", "Phạm Minh Tuấn", "Hoàng Thị Mai", "Võ Văn Dũng", "Đặng Thị Hoa", "Bùi Quang Huy"]

    static func plate(_ random: inout SeededRandom) -> String { "85B\(1 + random.below(9))-\(10_000 + random.below(89_999))" }

    /// A first report: when, what (with details), where, and how it ends.
    static func original(_ category: String, place: String, time: Double, random: inout SeededRandom) -> String {
        let local = Int64(time) + 7 * 3600
        let hour = (local / 3600) % 24, minute = (local / 60) % 60
        let n = 3 + random.below(15), name = names[random.below(names.count)], plate = plate(&random)
        let what: [String] = switch category {
        case "criminal": ["có nhóm khoảng \(n) thanh niên tụ tập, mang theo dao, gậy và hung khí tự chế", "xảy ra vụ cướp giật điện thoại của một phụ nữ, đối tượng đi xe máy biển số \(plate)",
                          "nhà ông \(name) bị kẻ gian đột nhập lấy trộm \(n) triệu đồng và một xe máy", "hai nhóm thanh niên xô xát, có \(n % 4 + 1) người bị thương phải đi cấp cứu"]
        case "social_evil": ["phát hiện điểm đánh bạc khoảng \(n) người tại nhà \(name), có người canh gác", "có nhóm \(n) thanh niên nghi sử dụng ma túy trong căn nhà hoang gần trường học",
                             "tổ chức đá gà ăn tiền quy mô khoảng \(n) người, xe máy đậu kín đường"]
        case "traffic": ["tai nạn giữa xe tải và xe máy biển số \(plate), có \(n % 3 + 1) người bị thương nặng", "nhóm \(n) xe máy đua xe, lạng lách, rú ga gây mất trật tự"]
        case "fire": ["cháy lớn tại nhà ông \(name), khói bốc cao, người dân đang dập lửa", "cháy kho phế liệu của ông \(name), lửa lan sang nhà bên cạnh"]
        default: ["một người đàn ông lạ mặt đi hỏi thăm từng nhà, tự xưng là cán bộ \(["điện lực", "cấp nước", "ngân hàng"][random.below(3)])"]
        }
        let opener = ["", "Báo cáo công an: ", "Kính gửi công an xã, ", "Mọi người chú ý: "][random.below(4)]
        let when = ["Lúc \(hour) giờ \(minute) phút", "Khoảng \(hour)h\(minute < 10 ? "0" : "")\(minute)", "Vào lúc \(hour)h"][random.below(3)]
        let closing = [". Đề nghị lực lượng công an xuống kiểm tra ngay.", ". Mọi người cẩn thận, hạn chế đi qua khu vực này!", ". Ai có thông tin thêm xin báo công an."][random.below(3)]
        return opener + when + " tại " + place + " " + what[random.below(what.count)] + closing
    }

    /// A forwarded copy: prefixes and emoji, lines re-wrapped, sometimes the closing cut.
    static func forwarded(_ text: String, random: inout SeededRandom) -> String {
        var text = text
        if random.unit() < 0.4, let cut = text.range(of: ". ", options: .backwards) { text = String(text[..<cut.lowerBound]) }
        if random.unit() < 0.4 {
            var words = text.split(separator: " ").map(String.init)
            for i in stride(from: 6 + random.below(4), to: words.count, by: 7 + random.below(4)) { words[i] = "\n" + words[i] }
            text = words.joined(separator: " ")
        }
        let prefix = ["[Chuyển tiếp] ", "Fwd: ", "FW: ", "Tin chuyển tiếp: ", "⚠️⚠️ ", "🔴🔴 Chuyển tiếp: ", "", ">> "][random.below(8)]
        let suffix = ["", " 🙏", " !!!", "\n(nguồn: nhóm khu phố)"][random.below(4)]
        return prefix + text + suffix
    }

    /// An independent report of the same kind of event, in a resident's own words.
    static func independent(_ category: String, place: String, random: inout SeededRandom) -> String {
        let words: [String] = switch category {
        case "criminal": ["Ở \(place) đang có đánh nhau, nhiều người cầm dao", "Bọn thanh niên tụ tập đông lắm ở \(place), có mã tấu", "Công an ơi \(place) có cướp"]
        case "social_evil": ["Có đánh bạc ở \(place), đông người ra vào", "Nghi có ma túy ở \(place)", "Chỗ \(place) đá gà ăn tiền"]
        case "traffic": ["Tai nạn ở \(place), đường đang kẹt", "Đua xe ầm ầm ở \(place)"]
        case "fire": ["Cháy ở \(place)!!! gọi cứu hỏa giúp", "Thấy khói lớn ở \(place), hình như cháy nhà"]
        default: ["Có người lạ đi hỏi từng nhà ở \(place)", "Ở \(place) có người giả danh cán bộ"]
        }
        return words[random.below(words.count)]
    }

    /// The police's standard warning, the same words for every place.
    static func template(place: String, hour: Int, day time: Double) -> String {
        let (_, month, day) = Timestamp.civil(fromDays: (Int64(time) + 7 * 3600) / 86_400)
        return "THÔNG BÁO: Công an nhận được tin báo có nhóm thanh niên tụ tập mang theo hung khí tại \(place) vào khoảng \(hour) giờ ngày \(day)/\(month). Đề nghị người dân không ra đường, đóng cửa và báo ngay cho công an khi phát hiện."
    }

    static func contains(_ ring: [Coordinate], _ p: Coordinate) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}
