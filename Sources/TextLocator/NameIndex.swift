/// What a name in the index refers to: an index into one of the ``Gazetteer`` arrays.
struct Entry: Sendable, Hashable {
    enum Kind: UInt8, Sendable { case province, legacyProvince, legacyDistrict, commune, legacyWard, neighbourhood, place }
    var kind: Kind
    var index: Int32
    /// The unit type (units only).
    var type: UnitType?
    /// The exact spelling of the name this entry was found under (see ``Spelling``).
    var spelling: Int32 = -1

    var isUnit: Bool { kind.rawValue <= Kind.legacyWard.rawValue }
    var level: UnitLevel? {
        switch kind {
        case .province, .legacyProvince: return .province
        case .legacyDistrict: return .district
        case .commune, .legacyWard: return .commune
        case .neighbourhood, .place: return nil
        }
    }
}

/// Folded names → entries, as a trie over interned tokens, built once. A lookup walks the
/// tokens of a text from one position and reports every name that ends on the way, so all
/// n-gram windows of a text cost one dictionary probe per token per step.
struct NameIndex: Sendable {
    private struct Node: Sendable {
        var children: [Int32: Int32] = [:]
        var entries: [Entry] = []
    }
    private var vocabulary: [String: Int32] = [:]
    private var nodes: [Node] = [Node()]
    private var spellingIDs: [UInt64: Int32] = [:]
    /// Longest name in tokens.
    private(set) var maxLength = 0

    /// The token id of a folded token, or -1 when no name contains it.
    func id(of token: String) -> Int32 { vocabulary[token] ?? -1 }

    /// Adds a name (any spelling; it is folded here).
    mutating func add(_ name: String, _ entry: Entry) {
        var entry = entry
        let tokens = FoldedText(name)
        let key = Spelling.key(tokens.tokens)
        if let id = spellingIDs[key] { entry.spelling = id } else { entry.spelling = Int32(spellingIDs.count); spellingIDs[key] = entry.spelling }
        guard !tokens.tokens.isEmpty else { return }
        var node: Int32 = 0
        for t in tokens.tokens {
            let s = tokens.string(of: t)
            let id: Int32
            if let known = vocabulary[s] { id = known } else { id = Int32(vocabulary.count); vocabulary[s] = id }
            if let next = nodes[Int(node)].children[id] { node = next } else {
                nodes.append(Node()); let next = Int32(nodes.count - 1)
                nodes[Int(node)].children[id] = next; node = next
            }
        }
        if !nodes[Int(node)].entries.contains(entry) { nodes[Int(node)].entries.append(entry) }
        maxLength = max(maxLength, tokens.tokens.count)
    }

    /// The id of an exact spelling, or -2 when no name is spelled so.
    func spellingID(_ key: UInt64) -> Int32 { spellingIDs[key] ?? -2 }

    /// Every name that starts at `start` in `ids` (token ids of a text): the number of tokens
    /// and the entries, shortest first.
    /// A name never continues over a token with `breaks[i]` set (punctuation before it).
    func matches(_ ids: [Int32], from start: Int, breaks: [Bool]) -> [(length: Int, entries: [Entry])] {
        var out: [(Int, [Entry])] = []
        var node: Int32 = 0
        var i = start
        while i < ids.count, ids[i] >= 0, i == start || !breaks[i], let next = nodes[Int(node)].children[ids[i]] {
            node = next; i += 1
            if !nodes[Int(node)].entries.isEmpty { out.append((i - start, nodes[Int(node)].entries)) }
        }
        return out
    }
}
