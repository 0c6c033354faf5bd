/// A Basic CQL2 filter on tips (OGC API - Features Part 3, `filter-lang=cql2-text`), read into
/// a tree and translated into SQL with bound values — never by pasting text into SQL:
/// comparisons (`=`, `<>`, `<`, `>`, `<=`, `>=`) of a queryable with a literal, `IS [NOT]
/// NULL`, `[NOT] IN (…)`, `AND`, `OR`, `NOT` and parentheses. Queryables: `category`,
/// `channel`, `status`, `commune_code`, `province_code`, `neighbourhood_code` (strings) and
/// `reported_at` (with `TIMESTAMP('…')` or `DATE('…')`).
/// `category='criminal' AND reported_at > TIMESTAMP('2025-01-01T00:00:00Z')`.
public indirect enum CQL2Filter: Sendable, Hashable {
    case and(CQL2Filter, CQL2Filter)
    case or(CQL2Filter, CQL2Filter)
    case not(CQL2Filter)
    case compare(property: String, op: String, value: String)
    case isNull(property: String)
    case inList(property: String, values: [String])

    /// The queryables and their SQL columns (over alias `t`).
    public static let columns: [String: String] = [
        "category": "t.category", "channel": "t.channel", "status": "t.status", "reported_at": "t.reported_at",
        "commune_code": "t.commune_code", "province_code": "t.province_code", "neighbourhood_code": "t.neighbourhood_code",
    ]
    /// The longest filter text read.
    public static let maximumLength = 4_096
    /// The most comparisons one filter holds (SQLite's parser has a bounded stack).
    public static let maximumPredicates = 64

    /// Reads `text`; a problem names what was expected and where.
    public static func parse(_ text: String) throws -> CQL2Filter {
        guard text.utf8.count <= maximumLength else { throw GeoIncidentsError.invalidInput("filter: longer than \(maximumLength) bytes") }
        var parser = Parser(tokens: try tokens(text))
        let filter = try parser.expression(depth: 0)
        guard parser.position == parser.tokens.count else { throw parser.problem("end of filter") }
        guard filter.predicates <= maximumPredicates else {
            throw GeoIncidentsError.invalidInput("filter: more than \(maximumPredicates) comparisons")
        }
        return filter
    }

    /// How many comparisons the filter holds.
    var predicates: Int {
        switch self {
        case .and(let a, let b), .or(let a, let b): a.predicates + b.predicates
        case .not(let a): a.predicates
        case .compare, .isNull, .inList: 1
        }
    }

    /// A canonical text of the filter (for the access log: values included, no positions).
    public var summary: String {
        switch self {
        case .and(let a, let b): "(\(a.summary) AND \(b.summary))"
        case .or(let a, let b): "(\(a.summary) OR \(b.summary))"
        case .not(let a): "NOT \(a.summary)"
        case .compare(let p, let op, let v): "\(p) \(op) '\(v.prefix(40))'"
        case .isNull(let p): "\(p) IS NULL"
        case .inList(let p, let values): "\(p) IN (\(values.prefix(10).map { "'\($0.prefix(40))'" }.joined(separator: ",")))"
        }
    }

    /// The SQL condition and its values.
    func sql() -> (String, [SQLValue]) {
        switch self {
        case .and, .or:
            // A chain of the same operator is one flat list: no nesting for SQLite's parser.
            let isAnd: Bool = if case .and = self { true } else { false }
            var parts: [String] = [], values: [SQLValue] = []
            for operand in flattened(and: isAnd) {
                let (sql, v) = operand.sql()
                parts.append(sql); values += v
            }
            return ("(" + parts.joined(separator: isAnd ? " AND " : " OR ") + ")", values)
        case .not(let a):
            let (sa, va) = a.sql()
            return ("(NOT \(sa))", va)
        case .compare(let property, let op, let value):
            return ("(\(Self.columns[property]!) \(op) ?)", [.text(value)])
        case .isNull(let property):
            return ("(\(Self.columns[property]!) IS NULL)", [])
        case .inList(let property, let values):
            return ("(\(Self.columns[property]!) IN (\(Array(repeating: "?", count: values.count).joined(separator: ","))))", values.map(SQLValue.text))
        }
    }

    /// The operands of a chain of ANDs (or ORs), left to right.
    private func flattened(and: Bool) -> [CQL2Filter] {
        switch self {
        case .and(let a, let b) where and: a.flattened(and: and) + b.flattened(and: and)
        case .or(let a, let b) where !and: a.flattened(and: and) + b.flattened(and: and)
        default: [self]
        }
    }

    enum Token: Hashable {
        case word(String)
        case string(String)
        case number(String)
        case symbol(String)
    }

    static func tokens(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.properties.isWhitespace { i += 1; continue }
            if c == "'" {
                var value = String.UnicodeScalarView()
                i += 1
                while true {
                    guard i < scalars.count else { throw GeoIncidentsError.invalidInput("filter: a string is not closed with '") }
                    if scalars[i] == "'" {
                        if i + 1 < scalars.count, scalars[i + 1] == "'" { value.append("'"); i += 2; continue }
                        i += 1
                        break
                    }
                    value.append(scalars[i]); i += 1
                }
                tokens.append(.string(TextFolding.nfc(String(value))))
            } else if c == "\"" {
                var name = String.UnicodeScalarView()
                i += 1
                while i < scalars.count, scalars[i] != "\"" { name.append(scalars[i]); i += 1 }
                guard i < scalars.count else { throw GeoIncidentsError.invalidInput("filter: a quoted name is not closed with \"") }
                i += 1
                tokens.append(.word(String(name)))
            } else if c.properties.isAlphabetic || c == "_" {
                var word = String.UnicodeScalarView()
                while i < scalars.count, scalars[i].properties.isAlphabetic || scalars[i] == "_" || ("0"..."9").contains(scalars[i]) { word.append(scalars[i]); i += 1 }
                tokens.append(.word(String(word)))
            } else if ("0"..."9").contains(c) || c == "-" || c == "." {
                var number = String.UnicodeScalarView()
                while i < scalars.count, ("0"..."9").contains(scalars[i]) || "-.eE+".unicodeScalars.contains(scalars[i]) { number.append(scalars[i]); i += 1 }
                tokens.append(.number(String(number)))
            } else if "<>=".unicodeScalars.contains(c) {
                var op = String(c)
                if i + 1 < scalars.count, (c == "<" && (scalars[i + 1] == ">" || scalars[i + 1] == "=")) || (c == ">" && scalars[i + 1] == "=") {
                    op.unicodeScalars.append(scalars[i + 1]); i += 1
                }
                i += 1
                tokens.append(.symbol(op))
            } else if "(),".unicodeScalars.contains(c) {
                tokens.append(.symbol(String(c))); i += 1
            } else {
                throw GeoIncidentsError.invalidInput("filter: unexpected character '\(c)'")
            }
            if tokens.count > 1_000 { throw GeoIncidentsError.invalidInput("filter: more than 1,000 tokens") }
        }
        return tokens
    }

    struct Parser {
        let tokens: [Token]
        var position = 0

        func problem(_ expected: String) -> GeoIncidentsError {
            GeoIncidentsError.invalidInput("filter: expected \(expected) at token \(position + 1)" + (position < tokens.count ? " ('\(Self.text(tokens[position]))')" : " (the end)"))
        }
        static func text(_ token: Token) -> String {
            switch token { case .word(let s), .string(let s), .number(let s), .symbol(let s): return String(s.prefix(40)) }
        }
        func keyword(_ word: String) -> Bool {
            if position < tokens.count, case .word(let w) = tokens[position], w.uppercased() == word { return true }
            return false
        }
        mutating func expect(_ symbol: String) throws {
            guard position < tokens.count, tokens[position] == .symbol(symbol) else { throw problem("'\(symbol)'") }
            position += 1
        }

        mutating func expression(depth: Int) throws -> CQL2Filter {
            guard depth < 32 else { throw GeoIncidentsError.invalidInput("filter: nested more than 32 levels") }
            var left = try conjunction(depth: depth)
            while keyword("OR") { position += 1; left = .or(left, try conjunction(depth: depth)) }
            return left
        }
        mutating func conjunction(depth: Int) throws -> CQL2Filter {
            var left = try negation(depth: depth)
            while keyword("AND") { position += 1; left = .and(left, try negation(depth: depth)) }
            return left
        }
        mutating func negation(depth: Int) throws -> CQL2Filter {
            guard depth < 32 else { throw GeoIncidentsError.invalidInput("filter: nested more than 32 levels") }
            if keyword("NOT") { position += 1; return .not(try negation(depth: depth + 1)) }
            if position < tokens.count, tokens[position] == .symbol("(") {
                position += 1
                let inner = try expression(depth: depth + 1)
                try expect(")")
                return inner
            }
            return try predicate()
        }
        mutating func predicate() throws -> CQL2Filter {
            guard position < tokens.count, case .word(let name) = tokens[position] else { throw problem("a queryable") }
            guard CQL2Filter.columns[name] != nil else {
                throw GeoIncidentsError.invalidInput("filter: '\(name.prefix(40))' is not a queryable; queryables are \(CQL2Filter.columns.keys.sorted().joined(separator: ", "))")
            }
            position += 1
            if keyword("IS") {
                position += 1
                let negated = keyword("NOT")
                if negated { position += 1 }
                guard keyword("NULL") else { throw problem("NULL") }
                position += 1
                return negated ? .not(.isNull(property: name)) : .isNull(property: name)
            }
            let negated = keyword("NOT")
            if negated { position += 1 }
            if keyword("IN") {
                position += 1
                try expect("(")
                var values = [try literal(for: name)]
                while position < tokens.count, tokens[position] == .symbol(",") { position += 1; values.append(try literal(for: name)) }
                try expect(")")
                return negated ? .not(.inList(property: name, values: values)) : .inList(property: name, values: values)
            }
            guard !negated else { throw problem("IN") }
            guard position < tokens.count, case .symbol(let op) = tokens[position], ["=", "<>", "<", ">", "<=", ">="].contains(op) else {
                throw problem("a comparison (=, <>, <, >, <=, >=), IS NULL or IN")
            }
            position += 1
            return .compare(property: name, op: op, value: try literal(for: name))
        }
        /// A literal of the queryable's type: a timestamp for reported_at, a string otherwise.
        mutating func literal(for property: String) throws -> String {
            if property == "reported_at" {
                guard keyword("TIMESTAMP") || keyword("DATE") else { throw problem("TIMESTAMP('…') or DATE('…') for reported_at") }
                let isDate = keyword("DATE")
                position += 1
                try expect("(")
                guard position < tokens.count, case .string(let text) = tokens[position] else { throw problem("a quoted instant") }
                position += 1
                try expect(")")
                let parsed = isDate ? Timestamp.parse(text + "T00:00:00Z", defaultOffsetMinutes: 0) : Timestamp.parse(text, defaultOffsetMinutes: 0)
                guard let instant = parsed else { throw GeoIncidentsError.invalidInput("filter: '\(text.prefix(40))' is not an RFC 3339 \(isDate ? "date" : "instant")") }
                return instant.iso8601
            }
            guard position < tokens.count, case .string(let text) = tokens[position] else { throw problem("a quoted string for \(property)") }
            position += 1
            return text
        }
    }
}
