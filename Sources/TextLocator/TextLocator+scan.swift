import Foundation

extension TextLocator {
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
        func capitalized(_ r: Range<Int>) -> Bool { r.allSatisfy { tokens[$0].isCapitalized || tokens[$0].isNumber } }
        /// When the name was typed with diacritics, the entries spelled exactly so (if any).
        func spelledAsWritten(_ entries: [Entry], _ r: Range<Int>) -> [Entry] {
            guard r.contains(where: { tokens[$0].hasDiacritics }) else { return entries }
            let written = text.originalText(tokens[r.lowerBound].original.lowerBound..<tokens[r.upperBound - 1].original.upperBound)
            let id = names.spellingID(Spelling.key(written))
            let exact = entries.filter { $0.spelling == id }
            return exact.isEmpty ? entries : exact
        }

        func marker(at i: Int) -> (Marker.Form, Int)? {
            guard let forms = markerForms[strings[i]] else { return nil }
            for form in forms where i + form.folded.count <= n {
                let r = i..<(i + form.folded.count)
                guard zip(r, form.folded).allSatisfy({ strings[$0.0] == $0.1 }) else { continue }
                let accented = r.contains { tokens[$0].hasDiacritics }
                if form.isAbbreviation {
                    if accented { continue }
                } else if accented {
                    let written = r.map { text.originalText(tokens[$0].original).lowercased() }.joined(separator: " ")
                    if !form.spellings.contains(written.precomposedStringWithCanonicalMapping) { continue }
                }
                return (form, form.folded.count)
            }
            return nil
        }

        /// True when a unit name of two or more words starts at `k` and runs past `end`: then a
        /// shorter match before it is the better cut ("xa tan thanh | tay ninh", not "tan thanh tay").
        func nameRunsPast(_ k: Int, _ end: Int) -> Bool {
            names.matches(ids, from: k).contains { $0.length >= 2 && k + $0.length > end && $0.entries.contains(where: \.isUnit) }
        }

        /// A unit name after a unit marker: the longest name with entries of the marker's level
        /// (or a shorter one when the longest would cut the next name in two).
        func typedUnit(_ type: UnitType, abbreviated: Bool, markerStart: Int, nameStart j: Int) -> Mention? {
            var found: [Mention] = []
            for (length, entries) in names.matches(ids, from: j).reversed() {
                let r = j..<(j + length)
                if length == 1, !tokens[j].isNumber, !tokens[j].isCapitalized { continue }
                let sameLevelAnySpelling = entries.filter { e in
                    guard let level = e.level else { return false }
                    if type == .thanhPho { return level != .commune && e.type == .thanhPho || level == .province }
                    return level == type.level
                }
                let sameLevel = spelledAsWritten(sameLevelAnySpelling, r)
                let exact = sameLevel.filter { $0.type == type }
                if !exact.isEmpty {
                    found.append(Mention(marker: .unit(type), abbreviated: abbreviated, tokens: markerStart..<r.upperBound, name: r,
                                         entries: exact, capitalized: capitalized(r)))
                } else if !sameLevel.isEmpty, !abbreviated {
                    found.append(Mention(marker: .unit(type), abbreviated: abbreviated, typeMismatch: true, tokens: markerStart..<r.upperBound,
                                         name: r, entries: sameLevel, capitalized: capitalized(r)))
                }
            }
            return bestCut(found)
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
            for (length, entries) in names.matches(ids, from: j).reversed() {
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
            for (length, entries) in names.matches(ids, from: i).reversed() where length >= 2 {
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
            for (length, entries) in names.matches(ids, from: i).reversed() {
                let r0 = i..<(i + length)
                var units = spelledAsWritten(entries.filter(\.isUnit), r0)
                if length == 1 {
                    guard tokens[i].isCapitalized, strings[i].utf8.count >= 3 else { continue }
                    units = units.filter { $0.level != .commune }
                }
                guard !units.isEmpty else { continue }
                let r = i..<(i + length)
                found.append(Mention(marker: nil, tokens: r, name: r, entries: units, capitalized: capitalized(r)))
            }
            return bestCut(found)
        }

        /// Skips a street or person name: a known name, else up to four capitalised words or numbers.
        func skipName(from j: Int) -> Int {
            if j < n, let longest = names.matches(ids, from: j).last { return j + longest.length }
            var k = j
            if k < n, strings[k] == "so" { k += 1 }     // "đường số 5"
            while k < n, k - j < 4, tokens[k].isCapitalized || tokens[k].isNumber, marker(at: k) == nil { k += 1 }
            return k
        }

        var out: [Mention] = []
        var i = 0
        while i < n {
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
