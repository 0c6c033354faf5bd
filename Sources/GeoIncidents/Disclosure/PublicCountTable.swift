/// One published month of tip counts: every commune, province and the nation × the four
/// police report groups and their total, with small counts and their complements withheld
/// (``TableSuppression``). Every public statistic is read from such a table, never from the
/// tips, so no two public answers can be combined into anything the table does not show.
public struct PublicCountTable: Sendable {
    /// A row of the table.
    public struct Unit: Sendable, Hashable {
        public var level: AdminLevel?  // nil for the nation
        public var code: String
        public var name: String
        public var parentCode: String?
    }

    public let month: PublicMonth
    /// Communes (by province), then provinces, then the nation.
    public let units: [Unit]
    /// Column codes: the report groups, then `total`.
    public static let columns = StatsColumns.group.codes + ["total"]
    /// Published counts, `units.count × columns.count`, nil where withheld.
    let values: [Int?]
    let rowOfUnit: [String: Int]

    /// The published count of `unit` (level and code; nil level for the nation) in `column`,
    /// nil when withheld; throws nothing, an unknown unit or column is withheld.
    public func count(level: AdminLevel?, code: String, column: String) -> Int? {
        guard let row = rowOfUnit[Self.key(level, code)], let c = Self.columns.firstIndex(of: column) else { return nil }
        return values[row * Self.columns.count + c]
    }

    /// The unit's row (nil when the unit is not in the table).
    public func unit(level: AdminLevel?, code: String) -> Unit? {
        rowOfUnit[Self.key(level, code)].map { units[$0] }
    }

    static func key(_ level: AdminLevel?, _ code: String) -> String { (level?.rawValue ?? "nation") + ":" + code }

    /// Code of the nation's row.
    public static let nationCode = "VN"

    /// Builds the table from raw counts (`counts[communeCode][column]`, columns as
    /// ``columns`` without the total) and suppresses it with threshold `k`.
    static func build(month: PublicMonth, communes: [Region], provinces: [Region], counts: [String: [Int]], k: Int) -> PublicCountTable {
        let groups = Self.columns.count - 1, width = Self.columns.count
        let provinceCodes = Set(provinces.map(\.code))
        let listed = communes.filter { $0.parentCode.map(provinceCodes.contains) ?? false }.sorted { ($0.parentCode!, $0.code) < ($1.parentCode!, $1.code) }
        var units = listed.map { Unit(level: .commune, code: $0.code, name: $0.name, parentCode: $0.parentCode) }
        units += provinces.sorted { $0.code < $1.code }.map { Unit(level: .province, code: $0.code, name: $0.name, parentCode: nil) }
        units.append(Unit(level: nil, code: nationCode, name: "Việt Nam", parentCode: nil))
        var rowOfUnit: [String: Int] = [:]
        for (i, u) in units.enumerated() { rowOfUnit[key(u.level, u.code)] = i }
        var raw = [Int](repeating: 0, count: units.count * width)
        var equations: [TableSuppression.Equation] = []
        let nation = units.count - 1
        var childrenOf: [Int: [Int]] = [:]
        for (i, u) in units.enumerated() where u.level == .commune {
            let row = counts[u.code] ?? Array(repeating: 0, count: groups)
            let province = rowOfUnit[key(.province, u.parentCode!)]!
            childrenOf[province, default: []].append(i)
            for g in 0..<groups {
                let n = g < row.count ? row[g] : 0
                raw[i * width + g] += n
                raw[i * width + groups] += n
                raw[province * width + g] += n
                raw[province * width + groups] += n
                raw[nation * width + g] += n
                raw[nation * width + groups] += n
            }
        }
        for (i, u) in units.enumerated() where u.level == .province { childrenOf[nation, default: []].append(i) }
        for row in 0..<units.count {
            equations.append(.init(total: row * width + groups, parts: (0..<groups).map { row * width + $0 }))
        }
        for (parent, children) in childrenOf {
            for c in 0..<width { equations.append(.init(total: parent * width + c, parts: children.map { $0 * width + c })) }
        }
        let hidden = TableSuppression.withheld(raw, equations: equations, k: k)
        let values = zip(raw, hidden).map { $1 ? nil : $0 }
        return PublicCountTable(month: month, units: units, values: values, rowOfUnit: rowOfUnit)
    }
}
