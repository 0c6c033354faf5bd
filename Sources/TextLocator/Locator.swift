import Foundation

/// Finds the place a Vietnamese tip text names and resolves it to a 2025 commune.
///
/// Build it once from a ``Gazetteer`` (the indexes are built in the initialiser), then call
/// ``locate(_:provinceHint:)`` from any thread. The rules are in docs/locator.md; in short:
/// a unit introduced by its type word ("phường Trần Phú", "P. Tân Lợi") is strong evidence, a
/// name after a street or person word ("đường Trần Phú", "ông Lê Lợi") is none, a bare name
/// counts only when a province or district next to it, or the hint, agrees; legacy districts
/// and provinces narrow legacy wards; a split legacy ward without a deciding hamlet, or a name
/// shared by several communes, is `ambiguous` with every candidate.
public struct Locator: Sendable {
    /// Only the first this many UTF-8 bytes of a text are read (tips are a few hundred bytes;
    /// this bounds the time spent on a hostile 1 MB message). ``LocateResult/truncated`` says so.
    public static let scanLimit = 16_384
    /// At most this many place mentions are read from one text (the readings are scored against
    /// each other, so the cost grows with their square; a real tip names a handful).
    public static let mentionLimit = 32

    /// The gazetteer the indexes were built from.
    public let gazetteer: Gazetteer
    var names = NameIndex()
    /// 2025 province index of each commune.
    var communeProvince: [Int32] = []
    /// 2025 commune indexes of each legacy ward (several when split).
    var wardTargets: [[Int32]] = []
    /// Legacy district index of each legacy ward, legacy province index of each legacy district.
    var wardDistrict: [Int32] = []
    var districtProvince: [Int32] = []
    /// 2025 communes a legacy district's wards went to.
    var districtCommunes: [Set<Int32>] = []
    /// 2025 provinces a legacy province's wards went to.
    var legacyProvinceTargets: [Set<Int32>] = []
    /// 2025 province and commune indexes by code.
    var provinceIndex: [String: Int32] = [:]
    var communeIndex: [String: Int32] = [:]
    /// Marker forms by their first folded token.
    var markerForms: [String: [Marker.Form]] = [:]

    /// Builds the indexes. Names are folded (diacritics, case), a few well-known aliases are
    /// added ("HCM", "Sài Gòn", "Thừa Thiên Huế", "BRVT"), and for a hyphenated name
    /// ("Xuân Hương - Đà Lạt") its first part too.
    public init(gazetteer g: Gazetteer) {
        gazetteer = g
        for (i, p) in g.provinces.enumerated() { provinceIndex[p.code] = Int32(i) }
        for (i, c) in g.communes.enumerated() {
            communeIndex[c.code] = Int32(i)
            communeProvince.append(provinceIndex[c.provinceCode] ?? -1)
        }
        var legacyProvinceIndex: [String: Int32] = [:]
        for (i, p) in g.legacyProvinces.enumerated() { legacyProvinceIndex[p.code] = Int32(i) }
        var districtIndex: [String: Int32] = [:]
        for (i, d) in g.legacyDistricts.enumerated() {
            districtIndex[d.code] = Int32(i)
            districtProvince.append(legacyProvinceIndex[d.provinceCode] ?? -1)
        }
        var wardIndex: [String: Int32] = [:]
        for (i, w) in g.legacyWards.enumerated() {
            wardIndex[w.code] = Int32(i)
            wardDistrict.append(districtIndex[w.districtCode] ?? -1)
        }
        wardTargets = Array(repeating: [], count: g.legacyWards.count)
        for m in g.wardMappings {
            guard let w = wardIndex[m.legacyWardCode], let c = communeIndex[m.communeCode] else { continue }
            if !wardTargets[Int(w)].contains(c) { wardTargets[Int(w)].append(c) }
        }
        districtCommunes = Array(repeating: [], count: g.legacyDistricts.count)
        legacyProvinceTargets = Array(repeating: [], count: g.legacyProvinces.count)
        for (w, targets) in wardTargets.enumerated() {
            let d = wardDistrict[w]
            guard d >= 0 else { continue }
            districtCommunes[Int(d)].formUnion(targets)
            let lp = districtProvince[Int(d)]
            if lp >= 0 { legacyProvinceTargets[Int(lp)].formUnion(targets.map { communeProvince[Int($0)] }) }
        }

        func addUnit(_ name: String, _ entry: Entry) {
            names.add(name, entry)
            if let dash = name.range(of: " - ") { names.add(String(name[..<dash.lowerBound]), entry) }
            for alias in Self.aliases[VietnameseFolding.fold(name)] ?? [] { names.add(alias, entry) }
        }
        for (i, p) in g.provinces.enumerated() { addUnit(p.name, Entry(kind: .province, index: Int32(i), type: p.type)) }
        for (i, p) in g.legacyProvinces.enumerated() { addUnit(p.name, Entry(kind: .legacyProvince, index: Int32(i), type: p.type)) }
        for (i, d) in g.legacyDistricts.enumerated() { addUnit(d.name, Entry(kind: .legacyDistrict, index: Int32(i), type: d.type)) }
        for (i, c) in g.communes.enumerated() { addUnit(c.name, Entry(kind: .commune, index: Int32(i), type: c.type)) }
        for (i, w) in g.legacyWards.enumerated() { addUnit(w.name, Entry(kind: .legacyWard, index: Int32(i), type: w.type)) }
        for (i, n) in g.neighbourhoods.enumerated() {
            names.add(Self.strippingKindWord(n.name), Entry(kind: .neighbourhood, index: Int32(i), type: nil))
        }
        for (i, p) in g.places.enumerated() {
            for name in [p.name] + p.aliases { names.add(name, Entry(kind: .place, index: Int32(i), type: nil)) }
        }
        for form in Marker.forms { markerForms[form.folded[0], default: []].append(form) }
        for key in markerForms.keys { markerForms[key]?.sort { $0.folded.count > $1.folded.count } }
    }

    /// Words that open a sentence before a place ("Ở Tân Lợi …"): capitalised, but not part of a name.
    static let openingWords: Set<String> = ["o", "tai", "gan", "khu", "vung", "thuoc", "den", "tu", "ve", "qua", "nha", "cho", "toi", "em", "co", "hom", "sang", "chieu", "toi"]

    /// Well-known other names of provinces, keyed by the folded official name.
    static let aliases: [String: [String]] = [
        "ho chi minh": ["HCM", "TPHCM", "Sài Gòn", "Saigon"],
        "hue": ["Thừa Thiên Huế"],
        "ba ria vung tau": ["BRVT", "Vũng Tàu"],
        "dak lak": ["Daklak"],
        "dak nong": ["Daknong"],
    ]

    func communeIndexByCode(_ code: String) -> Int32 { communeIndex[code] ?? -1 }

    /// "Ấp 3" → "3", "Thôn Bàu Sen" → "Bàu Sen": neighbourhood names are indexed without their kind.
    static func strippingKindWord(_ name: String) -> String {
        let folded = FoldedText(name)
        guard let first = folded.tokens.first else { return name }
        for length in [3, 2, 1] where folded.tokens.count > length {
            let words = folded.tokens[0..<length].map { folded.string(of: $0) }.joined(separator: " ")
            if ["thon", "ap", "khu pho", "kp", "to dan pho", "tdp", "to", "ban", "xom", "khom", "khu"].contains(words) {
                let start = folded.tokens[length].original.lowerBound
                return folded.originalText(start..<name.utf8.count)
            }
        }
        _ = first
        return name
    }
}
