import Foundation

/// The commander's report on patrol needs: the top stretches of border, each with the two
/// units, counts, peak hours, trend and the clusters behind them, as Markdown or HTML.
/// With the window's incidents (``IncidentDigest``) it also says how many events the tips
/// were and lists the events several residents reported independently (docs/incidents.md).
/// No tip positions and nothing about tipsters: counts and names only.
public struct PatrolReport: Sendable {
    let needs: PatrolNeeds
    let names: UnitNames
    let top: Int
    let incidents: IncidentDigest?

    public init(_ needs: PatrolNeeds, names: UnitNames, top: Int = 10, incidents: IncidentDigest? = nil) {
        (self.needs, self.names, self.top, self.incidents) = (needs, names, top, incidents)
    }

    /// The query of the window's incidents for the report: the filter's selection (``IncidentQuery/init(_:scope:)``)
    /// in the needs' window, the `listed` most corroborated.
    public static func incidentQuery(_ needs: PatrolNeeds, filter: TipFilter, scope: [String] = [], listed: Int = 10) -> IncidentQuery {
        var query = IncidentQuery(filter, scope: scope)
        (query.since, query.until, query.limit) = (needs.since, needs.until, listed)
        return query
    }

    /// The section on incidents: a summary line and the most corroborated events.
    var incidentSection: Entry? {
        guard let d = incidents else { return nil }
        var lines = ["\(d.incidents) incidents had a report in the window, \(d.tips) tips in all (\(d.copies) forwarded copies counted once); "
                     + "\(d.corroborated) were reported independently by two or more residents."]
        for r in d.top {
            let place = r.communeCode.map { names.communes[$0] ?? $0 } ?? "no commune"
            let categories = r.categories.compactMap { TipCategory(rawValue: $0)?.labelEN.lowercased() }.joined(separator: ", ")
            lines.append("#\(r.id) \(place) — \(categories) — first report \(minute(r.firstReportedAt)) — \(r.independentReports) independent reports"
                         + (r.copies > 0 ? ", \(r.copies) forwarded copies" : "") + " — \(r.status.rawValue).")
        }
        return Entry(heading: "Events reported by several residents", lines: lines)
    }

    /// One block of the report per stretch: heading and lines of text.
    struct Entry {
        var heading: String
        var lines: [String]
    }

    var title: String { "Patrol needs along shared \(needs.parameters.level.rawValue) borders, \(day(needs.since)) to \(day(needs.until, end: true))" }

    var preamble: [String] {
        let p = needs.parameters
        return [
            "Window \(day(needs.since)) – \(day(needs.until, end: true)); trend against \(day(needs.previousSince)) – \(day(needs.since, end: true)).",
            "\(needs.borderCount) shared borders cut into \(needs.stretchCount) stretches of about \(Int(p.stretchMeters)) m; "
                + "\(needs.windowTips) tips in the window, \(needs.nearBorderTips) of them within \(Int(p.borderDistanceMeters)) m of a border"
                + (needs.leftOutCoarse > 0 ? "; \(needs.leftOutCoarse) tips known only to a place, neighbourhood or commune wider than that were left out." : "."),
            "Score = recency-weighted tips (half-life \(format(p.halfLifeDays)) days) × (1 + night share, 22:00–05:59) × √(trend ratio, capped 0.5–2).",
        ]
    }

    var entries: [Entry] {
        let clusters = Dictionary(needs.clusters.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return needs.needs.prefix(top).enumerated().map { rank, need in
            let unit: (String) -> String = { self.names.label($0, level: self.needs.parameters.level) }
            var lines = [
                "Tips: \(need.tips) (previous window \(need.previousTips); \(need.trend), z = \(format(need.trendZ))); weighted \(format(need.weightedTips)); "
                    + "night \(Int((need.nightShare * 100).rounded())) %; score \(format(need.score)).",
                "Peak hours: " + (need.peakHours().isEmpty ? "none" : need.peakHours().map { String(format: "%02d:00", $0) }.joined(separator: ", ")) + ".",
                "Categories: " + categoryText(need.categoryCounts) + ".",
            ]
            if let unseen = need.unseenShare { lines.append("Cameras: \(Int((unseen * 100).rounded())) % of these tips are where no active camera looks.") }
            if let a = need.provinceA, let b = need.provinceB, a != b {
                lines.append("Provinces: \(names.label(a, level: .province)) | \(names.label(b, level: .province)).")
            }
            let behind = need.clusterKeys.compactMap { clusters[$0] }
            lines.append(behind.isEmpty ? "Clusters: none." : "Clusters: " + behind.map { c in
                let communes = c.communes.prefix(2).map { "\(names.communes[$0.code] ?? $0.code) \(Int(($0.share * 100).rounded())) %" }.joined(separator: ", ")
                let distance = c.nearestBorder.map { " \(Int($0.distanceMeters.rounded())) m from the border" } ?? ""
                return "#\(c.key) (\(c.size) tips, \(communes),\(distance), peak \(c.peakHours(1).map { String(format: "%02d:00", $0) }.first ?? "–"))"
            }.joined(separator: "; ") + ".")
            let heading = "\(rank + 1). \(unit(need.codeA)) | \(unit(need.codeB)) — stretch \(need.stretch + 1) of \(need.stretchCount), \(format(need.lengthMeters / 1_000)) km"
            return Entry(heading: heading, lines: lines)
        }
    }

    /// The report as Markdown.
    public var markdown: String {
        var out = "# \(title)\n\n" + preamble.map { $0 + "\n" }.joined() + "\n"
        if let section = incidentSection { out += "## \(section.heading)\n\n" + section.lines.map { "- \($0)\n" }.joined() + "\n" }
        if needs.needs.isEmpty { out += "No tips near any shared border in the window.\n" }
        for entry in entries { out += "## \(entry.heading)\n\n" + entry.lines.map { "- \($0)\n" }.joined() + "\n" }
        return out
    }

    /// The report as a standalone HTML page (UTF-8, escaped).
    public var html: String {
        var out = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>\(escape(title))</title>\n"
        out += "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}h2{font-size:1.1rem;margin-top:1.5rem}</style></head><body>\n"
        out += "<h1>\(escape(title))</h1>\n" + preamble.map { "<p>\(escape($0))</p>\n" }.joined()
        if let section = incidentSection {
            out += "<h2>\(escape(section.heading))</h2>\n<ul class=\"incidents\">\n" + section.lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        if needs.needs.isEmpty { out += "<p>No tips near any shared border in the window.</p>\n" }
        for entry in entries {
            out += "<h2>\(escape(entry.heading))</h2>\n<ul>\n" + entry.lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        return out + "</body></html>\n"
    }

    private func categoryText(_ counts: [Int]) -> String {
        let parts = zip(TipCategory.allCases, counts).filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.map { "\($0.0.labelEN.lowercased()) \($0.1)" }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    private func day(_ t: Timestamp, end: Bool = false) -> String {
        // Dates in Vietnam time; an exclusive end shows the last day included.
        let local = Timestamp(secondsSinceEpoch: t.secondsSinceEpoch + VietnamTime.offsetSeconds - (end ? 1 : 0))
        return String(local.iso8601.prefix(10))
    }

    /// Date and minute in Vietnam time.
    private func minute(_ t: Timestamp) -> String {
        let local = Timestamp(secondsSinceEpoch: t.secondsSinceEpoch + VietnamTime.offsetSeconds).iso8601
        return String(local.prefix(10)) + " " + String(local.dropFirst(11).prefix(5))
    }

    private func format(_ v: Double) -> String { String(format: v.magnitude >= 100 ? "%.0f" : "%.1f", v) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
