/// A word that introduces what follows it: a unit type ("phường", "P."), a neighbourhood kind
/// ("thôn", "KP"), a street or landmark ("đường", "hẻm", "chợ": the name after it is not a
/// unit), or a person ("ông", "anh": the name after it is a person's).
enum Marker: Sendable, Hashable {
    case unit(UnitType)
    case neighbourhood(NeighbourhoodKind)
    case street
    case person

    /// One way of writing a marker: its folded tokens and, when written with diacritics, the
    /// lowercase spellings that count (so "quán" (shop) is not "quận", nor "bán" "bản").
    struct Form: Sendable {
        var folded: [String]
        var spellings: [String]
        var marker: Marker
        /// ``Spelling`` keys of `spellings`.
        var spellingKeys: [UInt64] = []
        var isAbbreviation: Bool { spellings.isEmpty }
    }

    /// Every form, abbreviations included. Multi-word forms win over their first word
    /// ("thành phố" over "phố", "thị xã" over "xã").
    static let forms: [Form] = {
        var f: [Form] = []
        func add(_ folded: String, _ spellings: [String], _ m: Marker) {
            f.append(Form(folded: folded.split(separator: " ").map(String.init), spellings: spellings, marker: m,
                          spellingKeys: spellings.map { Spelling.key($0) }))
        }
        add("phuong", ["phường"], .unit(.phuong)); add("p", [], .unit(.phuong)); add("f", [], .unit(.phuong))
        add("xa", ["xã"], .unit(.xa)); add("x", [], .unit(.xa))
        add("thi tran", ["thị trấn"], .unit(.thiTran)); add("tt", [], .unit(.thiTran))
        add("dac khu", ["đặc khu"], .unit(.dacKhu))
        add("quan", ["quận"], .unit(.quan)); add("q", [], .unit(.quan))
        add("huyen", ["huyện"], .unit(.huyen)); add("h", [], .unit(.huyen))
        add("thi xa", ["thị xã"], .unit(.thiXa)); add("tx", [], .unit(.thiXa))
        add("thanh pho", ["thành phố"], .unit(.thanhPho)); add("tp", [], .unit(.thanhPho))
        add("tinh", ["tỉnh"], .unit(.tinh)); add("t", [], .unit(.tinh))
        add("thon", ["thôn"], .neighbourhood(.thon))
        add("ap", ["ấp"], .neighbourhood(.ap))
        add("khu pho", ["khu phố"], .neighbourhood(.khuPho)); add("kp", [], .neighbourhood(.khuPho))
        add("to dan pho", ["tổ dân phố"], .neighbourhood(.toDanPho)); add("tdp", [], .neighbourhood(.toDanPho))
        add("to", ["tổ"], .neighbourhood(.toDanPho))
        add("ban", ["bản"], .neighbourhood(.ban))
        add("xom", ["xóm"], .neighbourhood(.xom))
        add("khom", ["khóm"], .neighbourhood(.khom))
        for (w, s) in [("duong", "đường"), ("pho", "phố"), ("ngo", "ngõ"), ("hem", "hẻm"), ("kiet", "kiệt"), ("ngach", "ngách"),
                       ("quoc lo", "quốc lộ"), ("tinh lo", "tỉnh lộ"), ("dai lo", "đại lộ"), ("cho", "chợ"), ("truong", "trường"),
                       ("cau", "cầu"), ("benh vien", "bệnh viện"), ("cong vien", "công viên"), ("ben xe", "bến xe"),
                       ("chua", "chùa"), ("nha tho", "nhà thờ"), ("khu cong nghiep", "khu công nghiệp"), ("sieu thi", "siêu thị"), ("nha van hoa", "nhà văn hóa"), ("nha van hoa", "nhà văn hoá")] {
            add(w, [s], .street)
        }
        add("ql", [], .street); add("tl", [], .street)
        for (w, s) in [("ong", ["ông"]), ("ba", ["bà"]), ("anh", ["anh"]), ("chi", ["chị"]), ("em", ["em"]), ("co", ["cô"]),
                       ("chu", ["chú"]), ("bac", ["bác"]), ("thang", ["thằng"]), ("ten", ["tên"]), ("doi tuong", ["đối tượng"])] {
            add(w, s, .person)
        }
        return f
    }()

    /// The unit types a unit marker may introduce when the exact type is absent from the name
    /// lists (the same level): a commune-level word never introduces a district.
    var level: UnitLevel? {
        guard case .unit(let t) = self else { return nil }
        return t.level
    }
}

/// The three levels of units a name can belong to (neighbourhoods and places apart).
enum UnitLevel: Sendable, Hashable {
    case province, district, commune
}

extension UnitType {
    /// The level of this type. Thành phố is a province (2025) or a district (before 2025): it
    /// reports `.province` here and the locator accepts both.
    var level: UnitLevel {
        switch self {
        case .tinh, .thanhPho: return .province
        case .quan, .huyen, .thiXa: return .district
        case .phuong, .xa, .thiTran, .dacKhu: return .commune
        }
    }
}
