/// What a forwarded copy keeps of a message: its words and digits, folded (no diacritics,
/// lower case, `đ` as `d`), without forwarding prefixes ("[Chuyển tiếp]", "Fwd:", "FW:",
/// "Tin chuyển tiếp", ">>"), emoji, punctuation or whitespace — so re-wrapping, re-forwarding
/// and decorating a message do not change it (docs/incidents.md).
///
/// Copies are found through three keys (the whole folded text, its first and its last
/// ``keyLength`` characters: a copy trimmed at one end keeps the other) and confirmed by the
/// share of character 5-grams the shorter text has in common with the longer.
public struct MessageFingerprint: Sendable, Hashable {
    /// The folded text (ASCII letters and digits only).
    public let folded: [UInt8]

    /// Characters in the head and tail keys.
    public static let keyLength = 32
    /// Forwarding markers removed from the start of a message (folded, without spaces).
    static let forwardingPrefixes: [[UInt8]] = ["chuyentiep", "tinchuyentiep", "fwd", "fw", "forwarded", "forwardedmessage", "tinnhanchuyentiep"].map { Array($0.utf8) }

    public init(_ text: String) {
        // Forwarding markers are found on the folded words before the spaces go, so that
        // "FW: Fwd: [Chuyển tiếp] …" loses all three and a message starting "fwdabc" keeps it.
        let key = TextFolding.searchKey(text)
        var words = key.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).map { Array($0.utf8) }
        var dropped = true
        while dropped, !words.isEmpty {
            dropped = false
            for marker in Self.forwardingPrefixes {
                // A marker may span words ("chuyen tiep", "tin chuyen tiep").
                var joined: [UInt8] = [], count = 0
                for word in words.prefix(4) {
                    joined += word
                    count += 1
                    if joined == marker { words.removeFirst(count); dropped = true; break }
                    if joined.count >= marker.count { break }
                }
                if dropped { break }
            }
        }
        folded = words.flatMap { $0 }
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

    /// The share of the shorter text's 5-grams found in the longer one (1 for equal texts),
    /// 0 when the shorter keeps less than `minimumShare` of the longer's length.
    public func containment(_ other: MessageFingerprint, minimumShare: Double = 0.5) -> Double {
        if folded == other.folded { return 1 }
        let (short, long) = folded.count <= other.folded.count ? (folded, other.folded) : (other.folded, folded)
        guard short.count >= 5, Double(short.count) >= minimumShare * Double(long.count) else { return 0 }
        let grams = Set(Self.grams(long))
        let mine = Self.grams(short)
        return Double(mine.filter { grams.contains($0) }.count) / Double(mine.count)
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
