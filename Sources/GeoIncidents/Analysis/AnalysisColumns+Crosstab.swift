import Foundation

extension AnalysisColumns {
    /// The groups ``TipStore/crosstab(by:columns:filter:)`` counts in SQL, counted over the
    /// tips at `positions`: the same keys, column codes and counts, in `GROUP BY` order. Nil
    /// when a key cannot be made exactly as SQL makes it (a value outside the vocabulary, or
    /// calendar buckets over stored times not all canonical); then ask SQL.
    func crosstabGroups(_ positions: [Int32], by dimensions: [StatsDimension], columns: StatsColumns) -> [CrosstabGroup]? {
        var keyColumns: [KeyColumn] = []
        for dimension in dimensions {
            guard let column = keyColumn(dimension, positions) else { return nil }
            keyColumns.append(column)
        }
        guard let columnKey = self.columnKey(columns, positions) else { return nil }
        keyColumns.append(columnKey)
        // One integer per group: mixed radix over the key columns.
        var strides: [Int] = [], span = 1
        for column in keyColumns {
            strides.append(span)
            let (product, overflow) = span.multipliedReportingOverflow(by: max(1, column.labels.count))
            guard !overflow, product <= 1 << 40 else { return nil }
            span = product
        }
        var counts: [Int: Int] = [:]
        for k in positions.indices {
            var group = 0
            for (c, column) in keyColumns.enumerated() { group += Int(column.indices[k]) * strides[c] }
            counts[group, default: 0] += 1
        }
        var groups: [(key: [Int], count: Int)] = counts.map { group, count in
            (keyColumns.indices.map { c in group / strides[c] % max(1, keyColumns[c].labels.count) }, count)
        }
        // SQL's GROUP BY order: each key compared as bytes, NULL first.
        groups.sort { a, b in
            for (c, column) in keyColumns.enumerated() where a.key[c] != b.key[c] {
                let x = column.sortBytes[a.key[c]], y = column.sortBytes[b.key[c]]
                guard let x else { return true }
                guard let y else { return false }
                return x.lexicographicallyPrecedes(y)
            }
            return false
        }
        return groups.map { group in
            CrosstabGroup(keys: dimensions.indices.map { keyColumns[$0].labels[group.key[$0]] },
                          column: keyColumns[dimensions.count].labels[group.key[dimensions.count]] ?? "", count: group.count)
        }
    }

    /// A key per position (an index into `labels`), each label as SQL reads it into a
    /// `String` and the bytes SQL orders it by.
    private struct KeyColumn {
        var indices: [Int32]
        var labels: [String?]
        var sortBytes: [[UInt8]?]
    }

    private func keyColumn(_ dimension: StatsDimension, _ positions: [Int32]) -> KeyColumn? {
        switch dimension {
        case .province: unitColumn(provinces, positions)
        case .commune: unitColumn(communes, positions)
        case .neighbourhood: unitColumn(neighbourhoods, positions)
        case .category: vocabularyColumn(categories, StoredVocabulary.categories, positions)
        case .channel: vocabularyColumn(channels, StoredVocabulary.channels, positions)
        case .status: vocabularyColumn(statuses, StoredVocabulary.statuses, positions)
        case .week: calendarColumn(positions) { day in
            // date(…, 'weekday 0', '-6 days'): on to the Sunday, back to its week's Monday
            // (NULL past year 9999 in SQLite: left to it).
            guard Self.civil(day) != nil else { return Int64.min }
            let weekday = Int((day + 4) % 7 + 7) % 7
            return day + Int64((7 - weekday) % 7) - 6
        } label: { Self.civil($0).map { String(format: "%04d-%02d-%02d", $0.year, $0.month, $0.day) } }
        case .month: calendarColumn(positions) { day in
            Self.civil(day).map { Int64($0.year * 12 + $0.month - 1) } ?? Int64.min
        } label: { month in String(format: "%04d-%02d", Int(month / 12), Int(month % 12) + 1) }
        }
    }

    private func unitColumn(_ column: [Int32], _ positions: [Int32]) -> KeyColumn {
        let texts = codes.map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return KeyColumn(indices: positions.map { column[Int($0)] + 1 }, labels: [nil] + texts, sortBytes: [nil] + codes)
    }

    private func vocabularyColumn(_ column: [UInt8], _ names: [[UInt8]], _ positions: [Int32]) -> KeyColumn? {
        var indices: [Int32] = []
        indices.reserveCapacity(positions.count)
        for p in positions {
            let value = column[Int(p)]
            guard value != 255 else { return nil }
            indices.append(Int32(value))
        }
        return KeyColumn(indices: indices, labels: names.map { String(decoding: $0, as: UTF8.self) }, sortBytes: names)
    }

    /// Calendar buckets in Vietnam time (UTC+7): `bucket` of the local day number, `label`
    /// of the bucket.
    private func calendarColumn(_ positions: [Int32], bucket: (Int64) -> Int64, label: (Int64) -> String?) -> KeyColumn? {
        guard canonicalTimes else { return nil }
        var buckets: [Int64: Int32] = [:], labels: [String?] = [], indices: [Int32] = []
        indices.reserveCapacity(positions.count)
        var lastDay = Int64.min, lastIndex: Int32 = 0
        for p in positions {
            let local = times[Int(p)] + 7 * 3_600
            let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            if day != lastDay {
                let b = bucket(day)
                guard b != Int64.min else { return nil }
                if let known = buckets[b] {
                    lastIndex = known
                } else {
                    guard let text = label(b) else { return nil }
                    lastIndex = Int32(labels.count)
                    buckets[b] = lastIndex
                    labels.append(text)
                }
                lastDay = day
            }
            indices.append(lastIndex)
        }
        return KeyColumn(indices: indices, labels: labels, sortBytes: labels.map { $0.map { Array($0.utf8) } })
    }

    /// The column code of each position (`StatsColumns.expression`).
    private func columnKey(_ columns: StatsColumns, _ positions: [Int32]) -> KeyColumn? {
        switch columns {
        case .total:
            return KeyColumn(indices: [Int32](repeating: 0, count: positions.count), labels: [""], sortBytes: [[]])
        case .category: return vocabularyColumn(categories, StoredVocabulary.categories, positions)
        case .channel: return vocabularyColumn(channels, StoredVocabulary.channels, positions)
        case .group:
            // political security, criminal and social evils as they are; every other category 'other'.
            let kept = [TipCategory.politicalSecurity, .criminal, .socialEvil]
            let all = TipCategory.allCases
            guard var column = vocabularyColumn(categories, StoredVocabulary.categories, positions) else { return nil }
            let other = Int32(all.firstIndex(of: .other)!)
            column.indices = column.indices.map { kept.contains(all[Int($0)]) ? $0 : other }
            return column
        }
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01), years 0…9999
    /// only (SQLite's range for these formats).
    static func civil(_ day: Int64) -> (year: Int, month: Int, day: Int)? {
        let (y, m, d) = Timestamp.civil(fromDays: day)
        guard (0...9999).contains(y) else { return nil }
        return (Int(y), Int(m), Int(d))
    }
}
