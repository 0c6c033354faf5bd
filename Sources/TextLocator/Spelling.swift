import Foundation

/// The exact Vietnamese spelling of a name, independent of case, Unicode normalisation and
/// where the tone mark sits ("Hoà" and "Hòa" are one spelling; "Thành" and "Thạnh" are two).
///
/// Folding makes "Tân Thành" and "Tân Thạnh" the same key, which is right for text typed
/// without diacritics; when the writer did type them, the locator prefers the names spelled
/// exactly so.
enum Spelling {
    /// Lowercase syllables, each its letters with their vowel marks (â ă ê ô ơ ư đ) followed by
    /// a tone digit 0–5, joined by spaces.
    static func key(_ text: String) -> String {
        var syllables: [String] = []
        var letters = String.UnicodeScalarView()
        var tone: Character = "0"
        func flush() {
            if !letters.isEmpty { syllables.append(String(letters).precomposedStringWithCanonicalMapping + String(tone)) }
            letters = String.UnicodeScalarView(); tone = "0"
        }
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x300: tone = "1"
            case 0x301: tone = "2"
            case 0x309: tone = "3"
            case 0x303: tone = "4"
            case 0x323: tone = "5"
            case 0x302, 0x306, 0x31B: letters.append(scalar)
            case 0x27, 0x2BC, 0x2019: continue
            default:
                if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { letters.append(scalar) } else { flush() }
            }
        }
        flush()
        return syllables.joined(separator: " ")
    }
}
