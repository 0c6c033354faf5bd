import Foundation

/// Vietnamese-aware text normalisation.
public enum TextFolding {
    /// The NFC form of `text` (how names are stored).
    public static func nfc(_ text: String) -> String {
        // ASCII is NFC already: most ids, codes and source names skip Foundation's mapping,
        // which costs about a microsecond per call on the import's reader thread.
        var text = text
        if text.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// A search key: lower case, no diacritics, `đ` as `d`, single spaces.
    /// "Khánh Hải" and "khanh hai" fold to the same key.
    public static func searchKey(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { scalars.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            switch scalar {
            case "đ", "Đ": scalars.append("d")
            default: scalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            }
        }
        var result = String(scalars)
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// The longest prefix of `text` that fits in `maxBytes` UTF-8 bytes, cut between Unicode
    /// scalars (valid UTF-8; a run of combining marks may be cut, never a byte sequence).
    public static func prefix(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: max(0, maxBytes))
        while end > text.startIndex, String.Index(end, within: text.unicodeScalars) == nil { end = text.utf8.index(before: end) }
        return String(text.unicodeScalars[..<end])
    }
}
