/// One token of folded text, with where it came from in the original.
public struct FoldedToken: Sendable, Hashable {
    /// Byte range of the folded form inside ``FoldedText/folded``.
    public var folded: Range<Int>
    /// UTF-8 offsets of the token in the original text.
    public var original: Range<Int>
    /// True when the token's first letter was uppercase in the original.
    public var isCapitalized: Bool
    /// True when the original spelling used a letter outside ASCII (it carried diacritics).
    public var hasDiacritics: Bool
    /// True when the token is all digits.
    public var isNumber: Bool
    /// The exact spelling: folded letters with their marks and the syllable's tone, wherever the
    /// tone mark sits and whatever the case or normalisation ("Hoà" = "hòa" ≠ "hoá").
    public var spelling: UInt64
    /// True when punctuation (`, . ; : ! ? ( ) / |` or a line break) separates this token from
    /// the previous one: a name never spans it.
    public var breakBefore: Bool
}

/// Text folded into tokens (maximal runs of letters and digits after
/// ``VietnameseFolding``), each keeping its UTF-8 offsets into the original text so that a
/// match can be reported as the original span.
///
/// A short letter prefix glued to a number is split off ("q1" → "q", "1"; "kp3" → "kp", "3"),
/// so "P.3", "P 3" and "p3" tokenise alike; digits followed by letters stay one token ("10h").
public struct FoldedText: Sendable {
    /// The original text (possibly truncated, see ``truncated``).
    public let text: String
    /// All folded tokens' bytes, concatenated.
    public private(set) var folded: [UInt8] = []
    /// The tokens in order.
    public private(set) var tokens: [FoldedToken] = []
    /// True when the text was longer than the scan limit and only its start was read.
    public private(set) var truncated = false

    /// Tokenises at most `limit` UTF-8 bytes of `text` (cut at a scalar boundary).
    public init(_ text: String, limit: Int = .max) {
        self.text = text
        var copy = text
        let count = text.utf8.count
        truncated = count > limit
        let end = Swift.min(count, Swift.max(0, limit))
        copy.withUTF8 { buffer in self.scan(buffer, end: end) }
    }

    /// The folded string of a token.
    public func string(of token: FoldedToken) -> String {
        String(decoding: folded[token.folded], as: UTF8.self)
    }

    /// The original text of a token span (first through last token inclusive).
    public func originalText(_ utf8Range: Range<Int>) -> String {
        let u = text.utf8
        let a = u.index(u.startIndex, offsetBy: utf8Range.lowerBound)
        let b = u.index(u.startIndex, offsetBy: utf8Range.upperBound)
        return String(text[a..<b])
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) {
        var i = 0
        var start = -1          // original offset of the current token
        var foldedStart = 0
        var lastEnd = 0         // original end offset of the last emitted character or mark
        var capitalized = false
        var diacritics = false
        var lettersOnly = true
        var pendingJoiner = false
        var sawBreak = false
        var tokenBreak = false
        var spelling = Spelling.seed
        var pending: UInt64 = 0          // the last letter and its marks, not yet mixed in
        var tone: UInt8 = 0
        func flushSpelling() -> UInt64 {
            if pending != 0 { spelling = Spelling.mix(spelling, pending); pending = 0 }
            return spelling
        }
        func finish(_ me: inout FoldedText) {
            if start >= 0, me.folded.count > foldedStart {
                let range = foldedStart..<me.folded.count
                let isNumber = me.folded[range].allSatisfy { $0.isASCIIDigit }
                me.tokens.append(FoldedToken(folded: range, original: start..<lastEnd, isCapitalized: capitalized,
                                       hasDiacritics: diacritics, isNumber: isNumber, spelling: Spelling.mix(flushSpelling(), UInt64(tone)),
                                       breakBefore: tokenBreak))
            }
            start = -1
            pendingJoiner = false
        }
        while i < end {
            let b0 = bytes[i]
            var value: UInt32
            var width: Int
            if b0 < 0x80 { value = UInt32(b0); width = 1 }
            else if b0 & 0xE0 == 0xC0 { value = UInt32(b0 & 0x1F); width = 2 }
            else if b0 & 0xF0 == 0xE0 { value = UInt32(b0 & 0x0F); width = 3 }
            else { value = UInt32(b0 & 0x07); width = 4 }
            if i + width > end { break }    // a scalar cut by the limit
            for k in 1..<width { value = (value << 6) | UInt32(bytes[i + k] & 0x3F) }
            switch VietnameseFolding.classify(value) {
            case .separator:
                finish(&self)
                switch value {
                case 0x2C, 0x2E, 0x3B, 0x3A, 0x21, 0x3F, 0x28, 0x29, 0x2F, 0x7C, 0x0A, 0x0D, 0x5B, 0x5D: sawBreak = true
                default: break
                }
            case .mark:
                if start >= 0 {
                    diacritics = true; lastEnd = i + width
                    let m = VietnameseFolding.marks(value)
                    if m >> 4 != 0 { tone = m >> 4 }
                    pending |= UInt64(m & 0x0F) << 8
                }
            case .joiner:
                if start >= 0 { pendingJoiner = true }
            case .character(let c, let upper):
                if start >= 0, c.isASCIIDigit, lettersOnly, folded.count - foldedStart <= 3, !pendingJoiner {
                    finish(&self)           // "q1" → "q" "1"
                }
                if start >= 0, pendingJoiner, c.isASCIIDigit { finish(&self) }
                if start < 0 {
                    start = i; foldedStart = folded.count; capitalized = upper
                    diacritics = false; lettersOnly = true
                    tokenBreak = sawBreak; sawBreak = false
                    spelling = Spelling.seed; pending = 0; tone = 0
                }
                _ = flushSpelling()
                let m = VietnameseFolding.marks(value)
                if m >> 4 != 0 { tone = m >> 4 }
                pending = UInt64(c) | UInt64(m & 0x0F) << 8
                pendingJoiner = false
                if width > 1 { diacritics = true }
                if c.isASCIIDigit { lettersOnly = false }
                folded.append(c)
                lastEnd = i + width
            }
            i += width
        }
        finish(&self)
    }
}
