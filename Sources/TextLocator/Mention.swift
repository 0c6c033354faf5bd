/// One place mention found in a text: a name from the index, with the marker before it.
struct Mention: Sendable {
    /// The unit or neighbourhood marker before the name, or nil for a bare name (or a place).
    var marker: Marker?
    /// True when the marker was an abbreviation ("P.", "Q", "TP").
    var abbreviated = false
    /// True when the marker's exact type had no such name and a same-level type was accepted.
    var typeMismatch = false
    /// Tokens of the whole mention (marker included).
    var tokens: Range<Int>
    /// Tokens of the name.
    var name: Range<Int>
    /// What the name may refer to, filtered by the marker.
    var entries: [Entry]
    /// True when every word of the name starts with a capital letter (or is a number).
    var capitalized: Bool
    /// True when a bare name sits inside a longer run of capitalised words ("Đặng Quang Trung"):
    /// most likely a person's name, so it is no evidence of a place.
    var insideProperNoun = false

    var isTyped: Bool { marker != nil }
    var hasCommuneLevel: Bool { entries.contains { $0.level == .commune } }
    var hasHigherLevel: Bool { entries.contains { $0.level == .province || $0.level == .district } }
    var isPlace: Bool { entries.contains { $0.kind == .place } }
    var isNeighbourhood: Bool { entries.contains { $0.kind == .neighbourhood } }
}
