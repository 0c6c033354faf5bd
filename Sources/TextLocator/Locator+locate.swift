import Foundation

extension Locator {
    /// Locates the place a tip text names.
    ///
    /// - Parameters:
    ///   - text: the message, any length (only the first ``scanLimit`` bytes are read), NFC or NFD.
    ///   - provinceHint: a 2025 province code (the home province of the page or hotline that
    ///     received the tip). It narrows candidates when some lie in it; it never creates one.
    ///     Nil or empty means no hint.
    /// - Throws: ``TextLocatorError/unknownProvince(_:)`` when the hint is not a 2025 province code.
    public func locate(_ text: String, provinceHint: String? = nil) throws -> LocateResult {
        var hint: Int32?
        if let code = provinceHint?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            guard let p = provinceIndex[code] else { throw TextLocatorError.unknownProvince(code) }
            hint = p
        }
        let folded = FoldedText(text, limit: Self.scanLimit)
        let mentions = mentions(in: folded)
        return resolve(mentions, hint: hint, folded: folded)
    }

    func resolve(_ mentions: [Mention], hint: Int32?, folded: FoldedText) -> LocateResult {
        var set: [Int32] = []
        var decisive: Int?
        var confidence = 0.0
        var level = LocateResult.Level.commune

        // 1. Typed commune mentions ("phường X", "P. X"): the best-scoring readings of each.
        var typed: [(k: Int, score: Int, communes: Set<Int32>)] = []
        for (k, m) in mentions.enumerated() {
            guard case .unit(let t)? = m.marker, t.level == .commune else { continue }
            let hs = hypotheses(m)
            guard !hs.isEmpty else { continue }
            let scores = hs.map { score($0, of: k, in: mentions) }
            let best = scores.max()!
            typed.append((k, best, preferringCurrent(zip(hs, scores).filter { $0.1 == best }.map(\.0))))
        }
        if let top = typed.map(\.score).max() {
            let winners = typed.filter { $0.score == top }
            var combined = winners[0].communes
            for w in winners.dropFirst() {
                let both = combined.intersection(w.communes)
                combined = both.isEmpty ? combined.union(w.communes) : both
            }
            set = Array(combined)
            decisive = winners[0].k
            let m = mentions[winners[0].k]
            confidence = m.typeMismatch ? 0.7 : m.abbreviated ? 0.85 : 0.9
            if top >= 2 { confidence += 0.07 }
            if top < 0 { confidence -= 0.2 }
        } else {
            // 2. Bare commune names: only with a province or district next to them (within 3
            //    words when capitalised, adjacent when not), or in title case inside the hinted province.
            var bare: [(k: Int, score: Int, communes: Set<Int32>)] = []
            for (k, m) in mentions.enumerated() where m.marker == nil && m.hasCommuneLevel && !m.hasHigherLevel && !m.isPlace && !m.insideProperNoun {
                let hs = hypotheses(m)
                guard !hs.isEmpty else { continue }
                // A lowercase bare name needs its province or district right next to it.
                let scores = hs.map { score($0, of: k, in: mentions, window: m.capitalized ? 3 : 0) }
                let best = scores.max()!
                if best >= 2 {
                    bare.append((k, best, preferringCurrent(zip(hs, scores).filter { $0.1 == best }.map(\.0))))
                } else if let hint, m.capitalized, m.name.count >= 2 {
                    let inHint = preferringCurrent(hs.filter { $0.provinces.contains(hint) }.map { h in
                        var h = h; h.communes = h.communes.filter { communeProvince[Int($0)] == hint }; return h
                    })
                    if !inHint.isEmpty { bare.append((k, 0, inHint)) }
                }
            }
            if let top = bare.map(\.score).max() {
                let winners = bare.filter { $0.score == top }
                set = Array(winners.reduce(into: Set<Int32>()) { $0.formUnion($1.communes) })
                decisive = winners[0].k
                confidence = top >= 2 ? 0.75 : 0.55
            }
        }

        // 3. Places and neighbourhoods narrow a commune, or stand alone with a province.
        let provinces = contextProvinces(mentions)
        func inContext(_ c: Int32) -> Bool {
            let p = communeProvince[Int(c)]
            return (provinces.isEmpty || provinces.contains(p)) && (hint == nil || hint == p)
        }
        for kind in [Entry.Kind.neighbourhood, .place] {
            for (k, m) in mentions.enumerated() where m.entries.contains(where: { $0.kind == kind }) {
                let codes = m.entries.map { e -> Int32 in
                    let code = kind == .place ? gazetteer.places[Int(e.index)].communeCode : gazetteer.neighbourhoods[Int(e.index)].communeCode
                    return communeIndexByCode(code)
                }.filter { $0 >= 0 }
                if !set.isEmpty {
                    let narrowed = Set(set).intersection(codes)
                    if !narrowed.isEmpty {
                        set = Array(narrowed); decisive = k
                        level = kind == .place ? .place : .neighbourhood
                        confidence = min(0.99, confidence + 0.02)
                    }
                } else {
                    let numbered = m.name.allSatisfy { folded.tokens[$0].isNumber }
                    if numbered && provinces.isEmpty && hint == nil { continue }
                    let inside = Set(codes.filter(inContext))
                    if !inside.isEmpty {
                        set = Array(inside); decisive = k
                        level = kind == .place ? .place : .neighbourhood
                        confidence = kind == .place ? 0.8 : 0.7
                    }
                }
            }
        }

        // 4. A typed legacy district alone ("huyện Củ Chi"): ambiguous among its communes.
        if set.isEmpty {
            for (k, m) in mentions.enumerated() {
                guard case .unit(let t)? = m.marker, t.level == .district || t == .thanhPho else { continue }
                let districts = m.entries.filter { $0.kind == .legacyDistrict }
                guard !districts.isEmpty else { continue }
                let communes = districts.reduce(into: Set<Int32>()) { $0.formUnion(districtCommunes[Int($1.index)]) }.filter(inContext)
                if !communes.isEmpty { set = Array(communes); decisive = k; confidence = 0.5; break }
            }
        }

        // 5. The hint narrows when it leaves something.
        if let hint {
            let inHint = set.filter { communeProvince[Int($0)] == hint }
            if !inHint.isEmpty, inHint.count < set.count { set = inHint }
        }
        guard let decisive, !set.isEmpty else { return .notFound(truncated: folded.truncated) }

        let codes = Array(Set(set.map { gazetteer.communes[Int($0)].code })).sorted()
        let m = mentions[decisive]
        let utf8 = folded.tokens[m.tokens.lowerBound].original.lowerBound..<folded.tokens[m.tokens.upperBound - 1].original.upperBound
        let u = folded.text.utf8
        let range = u.index(u.startIndex, offsetBy: utf8.lowerBound)..<u.index(u.startIndex, offsetBy: utf8.upperBound)
        let located = codes.count == 1
        var result = LocateResult(
            status: located ? .located : .ambiguous, communeCode: located ? codes[0] : nil, candidates: codes,
            confidence: located ? max(0.05, min(1, confidence)) : max(0.01, min(1, confidence) / Double(codes.count)),
            level: level, matchedText: String(folded.text[range]), matchedRange: range,
            neighbourhoodCode: nil, placeID: nil, truncated: folded.truncated)
        if level == .neighbourhood, let e = m.entries.first(where: { $0.kind == .neighbourhood && codes.contains(gazetteer.neighbourhoods[Int($0.index)].communeCode) }) {
            result.neighbourhoodCode = gazetteer.neighbourhoods[Int(e.index)].code
        }
        if level == .place, let e = m.entries.first(where: { $0.kind == .place && codes.contains(gazetteer.places[Int($0.index)].communeCode) }) {
            result.placeID = gazetteer.places[Int(e.index)].id
        }
        return result
    }
}
