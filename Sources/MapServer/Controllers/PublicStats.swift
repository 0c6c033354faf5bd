import Foundation
import GeoIncidents

/// `GET /stats` for the public and intake tokens: rows read from the published monthly
/// tables (``PublicCountTable``), never from the tips. `by` is `commune`, `province` or
/// `month` (with one of the first two, or alone for the nation); columns are the four report
/// groups and the total; `province` and `commune` choose rows; `period` chooses months.
/// Totals are the parent unit's published row (one month only): a sum the table does not
/// hold is never computed.
enum PublicStats {
    static let parameters: Set<String> = ["by", "period", "province", "commune", "f"]

    static func document(_ query: QueryParameters, view: PublicView, release: PublicReleases.Release) throws -> String {
        let by = query.list("by")
        let allowedBy: Set<String> = ["commune", "province", "month"]
        if let bad = by.first(where: { !allowedBy.contains($0) }) {
            throw APIError.badRequest("'by' for public statistics is commune, province or month, got '\(bad)' (finer breakdowns need an analyst token)")
        }
        let level: AdminLevel? = by.contains("commune") ? .commune : (by.contains("province") ? .province : (by.isEmpty ? .commune : nil))
        if by.contains("commune") && by.contains("province") { throw APIError.badRequest("'by' takes commune or province, not both") }
        let months = try PublicAnswers.months(query, release: release)
        let byMonth = by.contains("month")
        guard byMonth || months.count == 1 else {
            throw APIError.badRequest("public statistics are per month: add by=month to a multi-month period")
        }
        let provinces = Set(query.list("province")), communes = Set(query.list("commune"))
        let columns = Array(PublicCountTable.columns.dropLast())
        var rows: [JSONValue] = []
        var totals: JSONValue = .null
        for month in months {
            let table = try view.table(month, release: release)
            let units = table.units.filter { unit in
                guard unit.level == level else { return false }
                if !communes.isEmpty && (unit.level != .commune || !communes.contains(unit.code)) { return false }
                if !provinces.isEmpty {
                    let province = unit.level == .province ? unit.code : unit.parentCode
                    if !province.map(provinces.contains)! { return false }
                }
                return true
            }
            for unit in units {
                var keys: [String: JSONValue] = [:], names: [String: JSONValue] = [:]
                if let level = unit.level {
                    keys[level.rawValue] = .string(unit.code)
                    names[level.rawValue] = .string(unit.name)
                }
                if byMonth { keys["month"] = .string(month.description) }
                rows.append(row(table, unit: unit, keys: keys, names: names, columns: columns))
            }
            if months.count == 1 {
                // The parent's published row: one province when one is chosen, else the nation.
                let parent = provinces.count == 1 && communes.isEmpty && level == .commune
                    ? table.unit(level: .province, code: provinces.first!) : table.unit(level: nil, code: PublicCountTable.nationCode)
                if let parent, communes.isEmpty, level != nil { totals = values(table, unit: parent, columns: columns) }
            }
        }
        return GeoJSONWriter.json(.object([
            "dimensions": .array((level.map { [$0.rawValue] } ?? []).map(JSONValue.string) + (byMonth ? [.string("month")] : [])),
            "columns": .array(columns.map(JSONValue.string)), "rows": .array(rows), "totals": totals,
            "suppressedBelow": .number(Double(view.configuration.k)),
            "period": .string(months.count == 1 ? months[0].description : "\(months[0])/\(months.last!)"),
            "published_through": .string(release.through.description),
        ]))
    }

    private static func values(_ table: PublicCountTable, unit: PublicCountTable.Unit, columns: [String]) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for c in columns + ["total"] { counts[c] = table.count(level: unit.level, code: unit.code, column: c).map { .number(Double($0)) } ?? .null }
        return .object(counts)
    }

    private static func row(_ table: PublicCountTable, unit: PublicCountTable.Unit, keys: [String: JSONValue], names: [String: JSONValue],
                            columns: [String]) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        var withheld = false
        for c in columns {
            let n = table.count(level: unit.level, code: unit.code, column: c)
            counts[c] = n.map { .number(Double($0)) } ?? .null
            if n == nil { withheld = true }
        }
        let total = table.count(level: unit.level, code: unit.code, column: "total")
        return .object(["keys": .object(keys), "names": .object(names), "counts": .object(counts),
                        "total": total.map { .number(Double($0)) } ?? .null, "suppressed": .bool(withheld || total == nil)])
    }
}
