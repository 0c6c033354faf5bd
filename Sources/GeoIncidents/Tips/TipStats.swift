/// A dimension tips can be counted by.
public enum StatsDimension: String, Sendable, CaseIterable {
    case province, commune, neighbourhood, category, channel, status, week, month

    /// SQL expression over `t` (calendar buckets in Vietnam time, UTC+7).
    var expression: String {
        switch self {
        case .province: "t.province_code"
        case .commune: "t.commune_code"
        case .neighbourhood: "t.neighbourhood_code"
        case .category: "t.category"
        case .channel: "t.channel"
        case .status: "t.status"
        case .week: "date(t.reported_at, '+7 hours', 'weekday 0', '-6 days')"
        case .month: "strftime('%Y-%m', t.reported_at, '+7 hours')"
        }
    }

    /// Checks a list of row dimensions: at least one, and no more than there are kinds (a
    /// request repeating `by` a thousand times must not make a thousand key columns).
    public static func validate(_ dimensions: [StatsDimension]) throws {
        guard !dimensions.isEmpty else { throw GeoIncidentsError.invalidInput("a count needs at least one dimension to group by") }
        guard dimensions.count <= allCases.count else {
            throw GeoIncidentsError.invalidInput("a count takes at most \(allCases.count) dimensions to group by, got \(dimensions.count)")
        }
    }

    /// The regions level whose names label this dimension, if any.
    public var level: AdminLevel? {
        switch self {
        case .province: .province
        case .commune: .commune
        case .neighbourhood: .neighbourhood
        default: nil
        }
    }
}

/// What the columns of a crosstab count.
public enum StatsColumns: String, Sendable, CaseIterable {
    /// The four groups of the police's reports: political security, criminal, social evils, other.
    case group
    /// Every category.
    case category
    /// Every channel.
    case channel
    /// Only the total.
    case total

    /// Column codes, in report order.
    public var codes: [String] {
        switch self {
        case .group: [TipCategory.politicalSecurity, .criminal, .socialEvil, .other].map(\.rawValue)
        case .category: TipCategory.allCases.map(\.rawValue)
        case .channel: TipChannel.allCases.map(\.rawValue)
        case .total: []
        }
    }

    var expression: String? {
        switch self {
        case .group: "CASE WHEN t.category IN ('political_security','criminal','social_evil') THEN t.category ELSE 'other' END"
        case .category: "t.category"
        case .channel: "t.channel"
        case .total: nil
        }
    }
}

/// A crosstab of tip counts: one row per combination of the row dimensions.
public struct TipCrosstab: Sendable {
    public struct Row: Sendable {
        /// The row's key per dimension (nil = unassigned / unknown).
        public var keys: [String?]
        /// Display names for keys that are region codes.
        public var names: [String?]
        /// Counts in `columns` order.
        public var counts: [Int]
        public var total: Int
    }

    public var dimensions: [StatsDimension]
    public var columns: [String]
    public var rows: [Row]
    /// Column totals, then the grand total last.
    public var totals: [Int]
}

/// One group of a crosstab as counted: its key per dimension (nil = unassigned), its column
/// code, and how many tips it holds. Groups come in SQL's `GROUP BY` order (keys compared as
/// bytes, NULL first), which decides which spelling names a row when canonically equivalent
/// keys meet in one row.
public struct CrosstabGroup: Sendable {
    public var keys: [String?]
    public var column: String
    public var count: Int

    public init(keys: [String?], column: String, count: Int) {
        (self.keys, self.column, self.count) = (keys, column, count)
    }
}

extension TipStore {
    /// Counts tips by the row dimensions × the column grouping (the police's category
    /// report when `columns` is `.group`).
    public func crosstab(by dimensions: [StatsDimension], columns: StatsColumns = .group, filter: TipFilter = TipFilter()) throws -> TipCrosstab {
        try StatsDimension.validate(dimensions)
        try filter.validate()
        let (condition, values) = filter.sqlCondition()
        let keys = dimensions.map(\.expression)
        let column = columns.expression ?? "''"
        let sql = """
            SELECT \(keys.joined(separator: ", ")), \(column), count(*) FROM tips t WHERE \(condition)
            GROUP BY \(keys.indices.map { String($0 + 1) }.joined(separator: ", ")), \(keys.count + 1)
            """
        var groups: [CrosstabGroup] = []
        try database.reader.sync { connection in
            let statement = try connection.prepare(sql)
            try statement.bind(values)
            try statement.forEachRow { row in
                groups.append(CrosstabGroup(keys: (0..<dimensions.count).map { row.optionalText(Int32($0)) },
                                            column: row.text(Int32(dimensions.count)), count: row.int(Int32(dimensions.count + 1))))
            }
        }
        return try crosstab(by: dimensions, columns: columns, groups: groups)
    }

    /// The crosstab of `groups` counted elsewhere (the analysis columns count them without
    /// SQL): rows merged by key, named from the current regions, ordered by code, totalled.
    public func crosstab(by dimensions: [StatsDimension], columns: StatsColumns, groups: [CrosstabGroup]) throws -> TipCrosstab {
        try StatsDimension.validate(dimensions)
        let codes = columns.codes
        let columnIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        var rowsByKey: [[String?]: TipCrosstab.Row] = [:]
        for group in groups {
            var entry = rowsByKey[group.keys] ?? TipCrosstab.Row(keys: group.keys, names: [], counts: Array(repeating: 0, count: codes.count), total: 0)
            if let i = columnIndex[group.column] { entry.counts[i] += group.count }
            entry.total += group.count
            rowsByKey[group.keys] = entry
        }
        var names: [AdminLevel: [String: String]] = [:]
        try database.reader.sync { connection in
            for level in Set(dimensions.compactMap(\.level)) {
                var map: [String: String] = [:]
                let statement = try connection.prepare("SELECT code, name FROM regions WHERE level = ? AND valid_to IS NULL")
                try statement.bind([.text(level.rawValue)])
                try statement.forEachRow { map[$0.text(0)] = $0.text(1) }
                names[level] = map
            }
        }
        var rows = Array(rowsByKey.values)
        for i in rows.indices {
            rows[i].names = zip(dimensions, rows[i].keys).map { dimension, key in
                guard let level = dimension.level, let key else { return nil }
                return names[level]?[key]
            }
        }
        rows.sort { a, b in
            for (x, y) in zip(a.keys, b.keys) where x != y {
                guard let x else { return false }
                guard let y else { return true }
                return CodeOrder.isSmaller(x, y)
            }
            return false
        }
        var totals = Array(repeating: 0, count: codes.count + 1)
        for row in rows {
            for (i, c) in row.counts.enumerated() { totals[i] += c }
            totals[codes.count] += row.total
        }
        return TipCrosstab(dimensions: dimensions, columns: codes, rows: rows, totals: totals)
    }
}
