import Foundation

/// Folds Vietnamese text for matching: lowercase, diacritics removed (`đ` → `d`), ASCII only.
///
/// Folding works scalar by scalar on NFC or NFD input alike: precomposed letters map to their
/// base letter and combining marks (U+0300–U+036F) are dropped, so "Hoà", "Hòa" and
/// "Ho\u{0300}a" all fold to "hoa". Apostrophes inside a word ("M'Drắk") join, so the word folds
/// to "mdrak" whether or not the writer typed the apostrophe.
public enum VietnameseFolding {
    /// What one Unicode scalar contributes to folded text.
    enum Class: Equatable {
        /// Ends the current token.
        case separator
        /// A combining mark: nothing is emitted, the token goes on.
        case mark
        /// An apostrophe: nothing is emitted, the token goes on if a letter follows.
        case joiner
        /// An ASCII letter or digit (lowercase) and whether the source letter was uppercase.
        case character(UInt8, uppercase: Bool)
    }

    /// The table for U+0000–U+1EFF (Latin, Latin Extended A/B and Additional, combining marks).
    /// Each entry: 0 separator, 1 mark, 2 joiner, else the ASCII byte, with 0x80 set for uppercase.
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 0x1F00)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = b; t[Int(b - 32)] = b | 0x80 }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = b }
        for v in 0x300...0x36F { t[v] = 1 }
        for v in [0x27, 0x2BC] { t[v] = 2 }
        let ranges = [0xC0...0x24F, 0x1E00...0x1EFF]
        for range in ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic else { continue }
                let upper = scalar.properties.isUppercase
                if v == 0x110 || v == 0x111 { t[v] = UInt8(ascii: "d") | (upper ? 0x80 : 0); continue }
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first!
                if base.isASCII, let ascii = UInt8(exactly: base.value), ascii.isASCIILetter {
                    t[v] = (ascii | 0x20) | (upper ? 0x80 : 0)
                }
            }
        }
        return t
    }()

    /// Diacritics of each scalar in U+0000–U+1EFF, for exact spellings (``Spelling``): bits 0–3
    /// the vowel or consonant mark (1 circumflex, 2 breve, 4 horn, 8 the stroke of đ), bits 4–6
    /// the tone (1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng). Combining marks carry theirs alone.
    private static let marksTable: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 0x1F00)
        func code(_ mark: UInt32) -> UInt8 {
            switch mark {
            case 0x302: return 1
            case 0x306: return 2
            case 0x31B: return 4
            case 0x300: return 1 << 4
            case 0x301: return 2 << 4
            case 0x309: return 3 << 4
            case 0x303: return 4 << 4
            case 0x323: return 5 << 4
            default: return 0
            }
        }
        for v in 0x300...0x36F { t[v] = code(UInt32(v)) }
        for range in [0xC0...0x24F, 0x1E00...0x1EFF] {
            for v in range {
                guard let scalar = Unicode.Scalar(v), scalar.properties.isAlphabetic else { continue }
                if v == 0x110 || v == 0x111 { t[v] = 8; continue }
                for mark in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.dropFirst() { t[v] |= code(mark.value) }
            }
        }
        return t
    }()

    /// The diacritics of one scalar (see `marksTable`).
    static func marks(_ value: UInt32) -> UInt8 { value < 0x1F00 ? marksTable[Int(value)] : 0 }

    /// The class of one scalar.
    static func classify(_ value: UInt32) -> Class {
        guard value < 0x1F00 else { return value == 0x2019 ? .joiner : .separator }
        let entry = table[Int(value)]
        switch entry {
        case 0: return .separator
        case 1: return .mark
        case 2: return .joiner
        default: return .character(entry & 0x7F, uppercase: entry & 0x80 != 0)
        }
    }

    /// Folds a whole string to space-separated ASCII tokens: "Thị xã  Đông-Hòa" → "thi xa dong hoa".
    public static func fold(_ text: String) -> String {
        let tokens = FoldedText(text)
        return tokens.tokens.map { tokens.string(of: $0) }.joined(separator: " ")
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self >= 65 && self <= 90) || (self >= 97 && self <= 122) }
    var isASCIIDigit: Bool { self >= 48 && self <= 57 }
}
