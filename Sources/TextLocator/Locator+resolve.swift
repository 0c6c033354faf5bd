extension Locator {
    /// One reading of a commune-level name: a 2025 commune, or a legacy ward and the 2025
    /// communes it went to (several when it was split).
    struct Hypothesis {
        var communes: [Int32]
        var provinces: [Int32]
        var legacyWard: Int32 = -1
        var legacyDistrict: Int32 = -1
        var legacyProvince: Int32 = -1
    }

    func hypotheses(_ m: Mention) -> [Hypothesis] {
        m.entries.compactMap { e in
            switch e.kind {
            case .commune:
                return Hypothesis(communes: [e.index], provinces: [communeProvince[Int(e.index)]])
            case .legacyWard:
                let targets = wardTargets[Int(e.index)]
                guard !targets.isEmpty else { return nil }
                let d = wardDistrict[Int(e.index)]
                return Hypothesis(communes: targets, provinces: Array(Set(targets.map { communeProvince[Int($0)] })),
                                  legacyWard: e.index, legacyDistrict: d, legacyProvince: d >= 0 ? districtProvince[Int(d)] : -1)
            default:
                return nil
            }
        }
    }

    /// How well another mention agrees with a reading: 3 its legacy district, 2 its province
    /// (2025 or legacy), 1 a weaker link (a legacy province that became the reading's 2025
    /// province, or the same commune named twice), 0 no link.
    func agreement(_ h: Hypothesis, _ m: Mention) -> Int {
        var best = 0
        for e in m.entries {
            let i = Int(e.index)
            switch e.kind {
            case .legacyDistrict:
                // A bare "Hà Tĩnh" names the province as much as the old city: no more than a province.
                let alsoProvince = m.marker == nil && m.entries.contains { $0.level == .province }
                if h.legacyDistrict == e.index { best = max(best, alsoProvince ? 2 : 3) }
                else if h.legacyDistrict < 0, h.communes.contains(where: districtCommunes[i].contains) { best = max(best, 2) }
            case .legacyProvince:
                if h.legacyProvince == e.index { best = max(best, 2) }
                else if h.provinces.contains(where: legacyProvinceTargets[i].contains) { best = max(best, 1) }
            case .province:
                if h.provinces.contains(e.index) { best = max(best, 2) }
            case .commune:
                if h.communes.contains(e.index) { best = max(best, 1) }
            case .legacyWard:
                if h.legacyWard == e.index || wardTargets[i].contains(where: h.communes.contains) { best = max(best, 1) }
            case .neighbourhood, .place:
                break
            }
        }
        return best
    }

    /// The score of a reading against the other mentions: agreements add up; a typed province
    /// or district that disagrees subtracts 2. Only mentions within `window` tokens count when given.
    func score(_ h: Hypothesis, of k: Int, in mentions: [Mention], window: Int? = nil) -> Int {
        var total = 0
        let me = mentions[k]
        for (j, m) in mentions.enumerated() where j != k && !m.isPlace && !m.isNeighbourhood {
            if let window {
                let gap = m.tokens.lowerBound >= me.tokens.upperBound ? m.tokens.lowerBound - me.tokens.upperBound
                    : me.tokens.lowerBound - m.tokens.upperBound
                if gap > window { continue }
            }
            let a = agreement(h, m)
            if a == 0, case .unit(let t)? = m.marker, t.level != .commune { total -= 2 }
            total += a
        }
        return total
    }

    /// The communes of equally good readings. A 2025 name is read as the 2025 commune when a
    /// legacy reading is no better: the legacy readings of the same name then drop out.
    func preferringCurrent(_ hs: [Hypothesis]) -> Set<Int32> {
        let current = hs.filter { $0.legacyWard < 0 }
        return Set((current.isEmpty ? hs : current).flatMap(\.communes))
    }

    /// 2025 provinces named anywhere in the text (2025 or legacy names).
    func contextProvinces(_ mentions: [Mention]) -> Set<Int32> {
        var out = Set<Int32>()
        for m in mentions where m.marker == nil || m.marker.map({ if case .unit(let t) = $0 { t.level != .commune } else { false } }) == true {
            for e in m.entries {
                if e.kind == .province { out.insert(e.index) }
                if e.kind == .legacyProvince { out.formUnion(legacyProvinceTargets[Int(e.index)]) }
            }
        }
        return out
    }
}
