/// Exact spellings as 64-bit keys: the folded letters, each with its marks (â ă ê ô ơ ư đ), and
/// each syllable's tone, independent of case, Unicode normalisation and where the tone mark sits
/// ("Hoà" and "Hòa" are one spelling; "Thành" and "Thạnh" are two).
///
/// Folding makes "Tân Thành" and "Tân Thạnh" the same name, which is right for text typed
/// without diacritics; when the writer did type them, the locator prefers the names spelled
/// exactly so. Keys are computed while tokenising (``FoldedToken/spelling``), so no string work
/// is needed at match time.
enum Spelling {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a style mixing of one more value.
    static func mix(_ h: UInt64, _ value: UInt64) -> UInt64 { (h ^ value) &* 0x0000_0100_0000_01B3 }

    /// The key of a run of tokens.
    static func key<C: Collection>(_ tokens: C) -> UInt64 where C.Element == FoldedToken {
        tokens.reduce(seed) { mix($0, $1.spelling) }
    }

    /// The key of a whole text (for building indexes and tests).
    static func key(_ text: String) -> UInt64 { key(FoldedText(text).tokens) }
}
