/// What a forwarded copy keeps of a message: its words and digits, folded (no diacritics,
/// lower case, `đ` as `d`), without forwarding prefixes ("[Chuyển tiếp]", "Fwd:", "FW:",
/// "Tin chuyển tiếp", ">>"), emoji, punctuation or whitespace — so re-wrapping, re-forwarding
/// and decorating a message do not change it (docs/incidents.md).
///
/// Copies are found through three keys (the whole folded text, its first and its last
/// ``keyLength`` characters: a copy trimmed at one end keeps the other) and confirmed by the
/// share of character 5-grams the shorter text has in common with the longer, and by its
/// numbers (times, dates, counts, plates), which a copy keeps.
public struct MessageFingerprint: Sendable, Hashable {
    /// The folded text (ASCII letters and digits only).
    public let folded: [UInt8]
    /// The numbers in the text (times, dates, counts, plates), in order: a copy keeps them,
    /// a template filled in for another day or hour does not.
    public let numbers: [UInt64]

    /// Characters in the head and tail keys.
    public static let keyLength = 32
    /// Forwarding markers removed from the start of a message (folded, without spaces).
    /// Longest first: "Forwarded message" loses both words, not only the first.
    static let forwardingPrefixes: [[UInt8]] = ["tinnhanchuyentiep", "forwardedmessage", "tinchuyentiep", "chuyentiep", "forwarded", "fwd", "fw"].map { Array($0.utf8) }

    public init(_ text: String) {
        // Forwarding markers are found on the folded words before the spaces go, so that
        // "FW: Fwd: [Chuyển tiếp] …" loses all three and a message starting "fwdabc" keeps it.
        let (bytes, ends) = Self.fold(text)
        var start = 0, word = 0    // the text kept starts at byte `start`, word `word`
        var dropped = true
        while dropped, word < ends.count {
            dropped = false
            for marker in Self.forwardingPrefixes {
                // A marker may span words ("chuyen tiep", "tin chuyen tiep").
                for last in word..<min(word + 4, ends.count) {
                    let length = ends[last] - start
                    if length == marker.count && bytes[start..<ends[last]].elementsEqual(marker) {
                        (start, word, dropped) = (ends[last], last + 1, true)
                        break
                    }
                    if length >= marker.count { break }
                }
                if dropped { break }
            }
        }
        folded = Array(bytes[start...])
        numbers = Self.numbers(in: folded)
    }

    /// The words of `text` as ASCII letters and digits, folded as `TextFolding.searchKey`
    /// folds (no diacritics, lower case, `đ` → `d`); everything else separates words. One
    /// pass over the scalars with a table of the Latin and Vietnamese letters (instead of
    /// decomposing every text: fingerprints are made for every tip of a rebuild).
    static func foldedWords(_ text: String) -> [[UInt8]] {
        let (bytes, ends) = fold(text)
        var words: [[UInt8]] = [], start = 0
        for end in ends { words.append(Array(bytes[start..<end])); start = end }
        return words
    }

    /// The folded letters and digits of `text`, and where each word ends.
    static func fold(_ text: String) -> (bytes: [UInt8], ends: [Int]) {
        var bytes: [UInt8] = [], ends: [Int] = []
        bytes.reserveCapacity(text.utf8.count)
        func close() { if bytes.count > (ends.last ?? 0) { ends.append(bytes.count) } }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                switch b {
                case 0x30...0x39, 0x61...0x7A: bytes.append(b)
                case 0x41...0x5A: bytes.append(b + 0x20)
                default: close()
                }
            } else if v >= 0x300 && v <= 0x36F {
                continue    // a combining mark (text not in NFC) belongs to its letter
            } else if let folded = Self.letter(v) {
                bytes.append(folded)
            } else {
                close()
            }
        }
        close()
        return (bytes, ends)
    }

    /// The folded ASCII letter of a Latin-1, Latin Extended-A/B or Vietnamese letter.
    static func letter(_ v: UInt32) -> UInt8? {
        let b: UInt8
        if v >= 0xC0 && v <= 0x24F { b = latin[Int(v - 0xC0)] } else if v >= 0x1E00 && v <= 0x1EFF { b = vietnamese[Int(v - 0x1E00)] } else { return nil }
        return b == 0 ? nil : b
    }

    static let latin: [UInt8] = table(0xC0...0x24F)
    static let vietnamese: [UInt8] = table(0x1E00...0x1EFF)

    /// Each scalar's folded letter or digit, 0 for none.
    static func table(_ range: ClosedRange<UInt32>) -> [UInt8] {
        range.map { v in
            guard let scalar = Unicode.Scalar(v) else { return 0 }
            let folded = TextFolding.searchKey(String(Character(scalar))).utf8
            guard folded.count == 1, let b = folded.first, (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) else { return 0 }
            return b
        }
    }

    /// Whether the text is long enough to be recognised as a copy by its words alone (short
    /// texts such as "tụ tập đánh nhau" are said by many people about many events).
    public func isDistinctive(minimumLength: Int) -> Bool { folded.count >= minimumLength }

    /// The lookup keys: the whole text, its head and its tail (64-bit FNV-1a, salted per kind).
    public var keys: [Int64] {
        guard !folded.isEmpty else { return [] }
        var keys = [Self.hash(folded[...], salt: 1)]
        if folded.count > Self.keyLength {
            keys.append(Self.hash(folded.prefix(Self.keyLength), salt: 2))
            keys.append(Self.hash(folded.suffix(Self.keyLength), salt: 3))
        }
        return keys
    }

    /// How much of the shorter text the longer one holds: the share of the shorter text's
    /// 5-grams found in the longer, over its *core* — the stretch with the most shared
    /// 5-grams net of four times the unshared ones (so a forwarder's trailer, a note or a
    /// source line, does not count against it, and a small edit inside does not split it).
    /// 1 for equal texts. 0 when the core covers under ``coreShare`` of the shorter text or
    /// under `minimumLength` characters, or when the text up to the core's end holds a number
    /// (an hour, a date, a count, a plate) the longer text lacks.
    public func containment(_ other: MessageFingerprint, minimumLength: Int = 0) -> Double {
        if folded == other.folded { return 1 }
        let (shorter, longer) = folded.count <= other.folded.count ? (self, other) : (other, self)
        let (short, long) = (shorter.folded, longer.folded)
        guard short.count >= 5 else { return 0 }
        // The core covers at least `coreShare` of the shorter text, so it ends past that
        // share: the numbers before it (a digit run is not cut) must be in the longer text.
        // Checked first, it turns a template's other hours and dates away before any 5-gram.
        var cut = min(short.count, Int((Self.coreShare * Double(short.count)).rounded(.down)))
        while cut < short.count, short[cut] >= 0x30, short[cut] <= 0x39 { cut += 1 }
        guard Self.contains(longer.numbers, Self.numbers(in: Array(short[..<cut]))) else { return 0 }
        let grams = Self.grams(long).sorted()
        let shared = Self.grams(short).map { gram -> Bool in
            var lo = 0, hi = grams.count
            while lo < hi { let mid = (lo + hi) / 2; if grams[mid] < gram { lo = mid + 1 } else { hi = mid } }
            return lo < grams.count && grams[lo] == gram
        }
        // The best-scoring stretch (+1 shared, −4 not; Kadane).
        var best = (score: 0, lo: 0, hi: -1), run = 0, start = 0
        for (i, hit) in shared.enumerated() {
            if run <= 0 { run = 0; start = i }
            run += hit ? 1 : -4
            if run > best.score { best = (run, start, i) }
        }
        guard best.hi >= best.lo else { return 0 }
        let coreLength = best.hi - best.lo + 5
        guard Double(coreLength) >= Self.coreShare * Double(short.count), coreLength >= minimumLength else { return 0 }
        var end = best.hi + 5    // a digit run is not cut
        while end < short.count, short[end] >= 0x30, short[end] <= 0x39 { end += 1 }
        guard Self.contains(longer.numbers, Self.numbers(in: Array(short[..<end]))) else { return 0 }
        return Double(shared[best.lo...best.hi].filter { $0 }.count) / Double(best.hi - best.lo + 1)
    }

    /// Whether `all` holds every number of `some`, as many times.
    static func contains(_ all: [UInt64], _ some: [UInt64]) -> Bool {
        var spare = all
        for number in some {
            guard let at = spare.firstIndex(of: number) else { return false }
            spare.remove(at: at)
        }
        return true
    }

    /// The share of the shorter text a copy's core must cover.
    public static let coreShare = 0.7

    /// The digit runs of folded text, as numbers (capped at 2⁶⁰).
    static func numbers(in folded: [UInt8]) -> [UInt64] {
        var numbers: [UInt64] = [], current: UInt64?
        for byte in folded {
            if byte >= 0x30 && byte <= 0x39 {
                current = min((current ?? 0) &* 10 &+ UInt64(byte - 0x30), UInt64(1) << 60)
            } else if let value = current {
                numbers.append(value)
                current = nil
            }
        }
        if let current { numbers.append(current) }
        return numbers
    }

    static func grams(_ text: [UInt8]) -> [UInt64] {
        guard text.count >= 5 else { return [] }
        return (0...(text.count - 5)).map { i in
            UInt64(text[i]) | UInt64(text[i + 1]) << 8 | UInt64(text[i + 2]) << 16 | UInt64(text[i + 3]) << 24 | UInt64(text[i + 4]) << 32
        }
    }

    static func hash(_ bytes: ArraySlice<UInt8>, salt: UInt64) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Int64(bitPattern: h)
    }
}
