import Foundation

extension Locator {
    /// Scans a folded text left to right for mentions. At each token: a marker first (the
    /// longest), then a registered place, then a bare unit name (the longest). A name after a
    /// street or person word is skipped; a consumed token is never reused.
    func mentions(in text: FoldedText) -> [Mention] {
        let tokens = text.tokens
        let n = tokens.count
        var strings: [String] = []
        var ids: [Int32] = []
        strings.reserveCapacity(n); ids.reserveCapacity(n)
        for t in tokens {
            let s = text.string(of: t)
            strings.append(s); ids.append(names.id(of: s))
        }
        let breaks = tokens.map(\.breakBefore)
        func capitalized(_ r: Range<Int>) -> Bool { r.allSatisfy { tokens[$0].isCapitalized || tokens[$0].isNumber } }
        /// When the name was typed with diacritics, the entries spelled exactly so (if any).
        /// A typed name keeps every entry when none is spelled as written ("Đăk" for "Đắk");
        /// a bare name (`strict`) keeps none: "ở Điền" is not "Ô Diên".
        func spelledAsWritten(_ entries: [Entry], _ r: Range<Int>, strict: Bool = false) -> [Entry] {
            guard r.contains(where: { tokens[$0].hasDiacritics }) else { return entries }
            let id = names.spellingID(Spelling.key(tokens[r]))
            let exact = entries.filter { $0.spelling == id }
            return exact.isEmpty && !strict ? entries : exact
        }

        var markerMemo = [Int8](repeating: -1, count: n)     // -1 unknown, 0 none, k: forms[k - 1]
        func marker(at i: Int) -> (Marker.Form, Int)? {
            switch markerMemo[i] {
            case 0: return nil
            case -1:
                let found = findMarker(at: i)
                markerMemo[i] = found.map { Int8($0 + 1) } ?? 0
                return found.map { (markerForms[strings[i]]![$0], markerForms[strings[i]]![$0].folded.count) }
            default:
                let form = markerForms[strings[i]]![Int(markerMemo[i]) - 1]
                return (form, form.folded.count)
            }
        }
        func findMarker(at i: Int) -> Int? {
            guard let forms = markerForms[strings[i]] else { return nil }
            for (k, form) in forms.enumerated() where i + form.folded.count <= n {
                let r = i..<(i + form.folded.count)
                guard zip(r, form.folded).allSatisfy({ strings[$0.0] == $0.1 }) else { continue }
                let accented = r.contains { tokens[$0].hasDiacritics }
                if form.isAbbreviation {
                    if accented { continue }
                } else if accented, !form.spellingKeys.contains(Spelling.key(tokens[r])) {
                    continue
                }
                return k
            }
            return nil
        }

        /// True when a province or district name of two or more words, with no type word inside,
        /// starts at `k` and runs past `end`: then a shorter match before it is the better cut
        /// ("xa tan thanh | tay ninh", not "tan thanh tay").
        func nameRunsPast(_ k: Int, _ end: Int) -> Bool {
            names.matches(ids, from: k, breaks: breaks).contains { m in
                m.length >= 2 && k + m.length > end
                    && m.entries.contains { $0.level == .province || $0.level == .district }
                    && !(k..<(k + m.length)).contains { markerForms[strings[$0]] != nil }
            }
        }

        /// A unit name after a unit marker: the longest name with entries of the marker's level
        /// (or a shorter one when the longest would cut the next name in two).
        func typedUnit(_ type: UnitType, abbreviated: Bool, markerStart: Int, nameStart j: Int) -> Mention? {
            var found: [Mention] = []
            var spelledExactly: [Bool] = []
            for (length, entries) in names.matches(ids, from: j, breaks: breaks).reversed() {
                let r = j..<(j + length)
                if length > 1, runsThroughMarker(r) { continue }
                // One word: a number, a capitalised word, or a lowercase word after a full type word.
                if length == 1, !tokens[j].isNumber, !tokens[j].isCapitalized, abbreviated || strings[j].utf8.count < 3 { continue }
                let sameLevelAnySpelling = entries.filter { e in
                    guard let level = e.level else { return false }
                    if type == .thanhPho { return level != .commune && e.type == .thanhPho || level == .province }
                    return level == type.level
                }
                let sameLevel = spelledAsWritten(sameLevelAnySpelling, r, strict: length == 1)
                let exact = sameLevel.filter { $0.type == type }
                let written = r.contains { tokens[$0].hasDiacritics }
                let spelled = !written || !spelledAsWritten(sameLevelAnySpelling, r, strict: true).isEmpty
                if !exact.isEmpty {
                    found.append(Mention(marker: .unit(type), abbreviated: abbreviated, tokens: markerStart..<r.upperBound, name: r,
                                         entries: exact, capitalized: capitalized(r)))
                    spelledExactly.append(spelled)
                } else if !sameLevel.isEmpty, !abbreviated, length > 1 {
                    found.append(Mention(marker: .unit(type), abbreviated: abbreviated, typeMismatch: true, tokens: markerStart..<r.upperBound,
                                         name: r, entries: sameLevel, capitalized: capitalized(r)))
                    spelledExactly.append(spelled)
                }
            }
            // Written with diacritics: a match spelled exactly beats a longer one that is not ("Phước Long ạ").
            if spelledExactly.contains(true) {
                found = zip(found, spelledExactly).filter { $0.1 }.map(\.0)
            }
            return bestCut(found)
        }

        /// A capitalised name does not run through a lowercase type or street word ("xã Tân
        /// phường …" is "Tân" and then a new marker, not "Tân Phường"); all-lowercase text may.
        func runsThroughMarker(_ r: Range<Int>) -> Bool {
            tokens[r.lowerBound].isCapitalized && r.dropFirst().contains { !tokens[$0].isCapitalized && marker(at: $0) != nil }
        }

        /// The longest of several nested matches, unless a shorter one leaves a whole name after it.
        func bestCut(_ found: [Mention]) -> Mention? {
            guard let longest = found.first else { return nil }
            for shorter in found.dropFirst() where nameRunsPast(shorter.tokens.upperBound, longest.tokens.upperBound) {
                return shorter
            }
            return longest
        }

        func typedNeighbourhood(_ kind: NeighbourhoodKind, markerStart: Int, nameStart j: Int) -> Mention? {
            for (length, entries) in names.matches(ids, from: j, breaks: breaks).reversed() {
                let hoods = entries.filter {
                    $0.kind == .neighbourhood && {
                        let k = gazetteer.neighbourhoods[Int($0.index)].kind
                        return k == kind || k == .other
                    }($0)
                }
                guard !hoods.isEmpty else { continue }
                let r = j..<(j + length)
                return Mention(marker: .neighbourhood(kind), tokens: markerStart..<r.upperBound, name: r, entries: hoods, capitalized: capitalized(r))
            }
            return nil
        }

        func place(at i: Int) -> Mention? {
            for (length, entries) in names.matches(ids, from: i, breaks: breaks).reversed() where length >= 2 {
                let places = entries.filter { $0.kind == .place }
                guard !places.isEmpty else { continue }
                let r = i..<(i + length)
                return Mention(marker: nil, tokens: r, name: r, entries: places, capitalized: capitalized(r))
            }
            return nil
        }

        func bareUnit(at i: Int) -> Mention? {
            guard !tokens[i].isNumber else { return nil }
            var found: [Mention] = []
            for (length, entries) in names.matches(ids, from: i, breaks: breaks).reversed() {
                let r0 = i..<(i + length)
                if length > 1, runsThroughMarker(r0) { continue }
                var units = spelledAsWritten(entries.filter(\.isUnit), r0, strict: true)
                if length == 1 {
                    guard tokens[i].isCapitalized, strings[i].utf8.count >= 3 else { continue }
                    units = units.filter { $0.level != .commune }
                }
                guard !units.isEmpty else { continue }
                let r = i..<(i + length)
                var m = Mention(marker: nil, tokens: r, name: r, entries: units, capitalized: capitalized(r))
                m.insideProperNoun = m.capitalized && (extendsProperNoun(before: r.lowerBound) || extendsProperNoun(after: r.upperBound))
                found.append(m)
            }
            return bestCut(found)
        }

        /// True when the word before `k` is capitalised, joined to it (no punctuation), and not a
        /// sentence-opening preposition or marker ("Ở", "Tại", "Gần").
        func extendsProperNoun(before k: Int) -> Bool {
            guard k > 0, !breaks[k], tokens[k - 1].isCapitalized, !tokens[k - 1].isNumber else { return false }
            return !Self.openingWords.contains(strings[k - 1]) && marker(at: k - 1) == nil
        }
        /// True when the word at `k` is capitalised, joined, and starts neither a marker nor a unit name.
        func extendsProperNoun(after k: Int) -> Bool {
            guard k < n, !breaks[k], tokens[k].isCapitalized, !tokens[k].isNumber, marker(at: k) == nil else { return false }
            return !names.matches(ids, from: k, breaks: breaks).contains { m in m.entries.contains { $0.isUnit && $0.level != .commune } }
        }

        /// Skips a street or person name: a known name, else up to four capitalised words or numbers.
        func skipName(from j: Int) -> Int {
            guard j < n, !breaks[j] else { return j }
            if let longest = names.matches(ids, from: j, breaks: breaks).last { return j + longest.length }
            var k = j
            if strings[k] == "so" { k += 1 }     // "đường số 5"
            while k < n, k - j < 4, k == j || !breaks[k], tokens[k].isCapitalized || tokens[k].isNumber, marker(at: k) == nil { k += 1 }
            return k
        }

        var out: [Mention] = []
        var i = 0
        while i < n, out.count < Locator.mentionLimit {
            if let (form, length) = marker(at: i) {
                let j = i + length
                switch form.marker {
                case .unit(let type):
                    if let m = typedUnit(type, abbreviated: form.isAbbreviation, markerStart: i, nameStart: j) {
                        out.append(m); i = m.tokens.upperBound; continue
                    }
                    i = j; continue
                case .neighbourhood(let kind):
                    if let m = typedNeighbourhood(kind, markerStart: i, nameStart: j) { out.append(m); i = m.tokens.upperBound; continue }
                    i = j < n && tokens[j].isNumber ? j + 1 : j; continue
                case .street:
                    if let p = place(at: i) { out.append(p); i = p.tokens.upperBound; continue }
                    // "Chợ Gạo", "Cầu Giấy", "Trường Lâm": a capitalised landmark word that starts a unit name.
                    if tokens[i].isCapitalized, let b = bareUnit(at: i), b.tokens.upperBound > j { out.append(b); i = b.tokens.upperBound; continue }
                    i = skipName(from: j); continue
                case .person:
                    if bareUnit(at: i) == nil, place(at: i) == nil { i = skipName(from: j); continue }
                }
            }
            if let p = place(at: i) { out.append(p); i = p.tokens.upperBound; continue }
            if let b = bareUnit(at: i) { out.append(b); i = b.tokens.upperBound; continue }
            i += 1
        }
        return out
    }
}
