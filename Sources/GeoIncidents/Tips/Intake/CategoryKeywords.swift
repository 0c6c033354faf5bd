/// A category suggested from a tip's words, for the desk page and Zalo messages: the officer
/// (or the analyst later) can change it. Matching is on search keys (no diacritics, lower
/// case), whole words, so "cháy" matches "chay nha" but not "chạy" typed with its marks:
/// that ambiguity is why this is a suggestion, never a decision.
public enum CategoryKeywords {
    /// Phrases per category, as search keys (``TextFolding/searchKey(_:)``); the first match in
    /// this order wins (a fire during a fight is reported as criminal first).
    public static let phrases: [(TipCategory, [String])] = [
        (.criminal, ["danh nhau", "hung khi", "dao kiem", "mang dao", "cuop", "trom", "giet", "dam chem", "chem", "no sung", "sung",
                     "lua dao", "tre trau", "tu tap", "bao ke", "cho vay nang lai", "tin dung den", "dua xe"]),
        (.socialEvil, ["ma tuy", "hut chich", "thuoc lac", "ke da", "danh bac", "co bac", "lo de", "ca do", "mai dam", "ban dam", "tu diem"]),
        (.fire, ["chay", "no binh gas", "khoi lua", "boc chay", "phat hoa"]),
        (.traffic, ["tai nan", "va cham", "dam xe", "lat xe", "giao thong"]),
        (.politicalSecurity, ["phan dong", "kich dong", "tu tap dong nguoi", "khieu kien"]),
        (.adminProcedure, ["thu tuc", "cccd", "can cuoc", "dang ky tam tru", "tam tru", "tam vang", "ho khau", "dinh danh", "vneid", "cu tru"]),
    ]

    /// The suggested category and the phrase that decided it, or nil when no phrase matches.
    public static func suggest(_ text: String) -> (category: TipCategory, phrase: String)? {
        let words = " " + TextFolding.searchKey(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ") + " "
        // Political-security phrases are longer and contain criminal ones ("tu tap"): try the
        // longest phrase first across categories, then the category order.
        var best: (TipCategory, String)?
        for (category, list) in phrases {
            for phrase in list where words.contains(" " + phrase + " ") {
                if best == nil || phrase.count > best!.1.count { best = (category, phrase) }
            }
        }
        return best.map { (category: $0.0, phrase: $0.1) }
    }
}
