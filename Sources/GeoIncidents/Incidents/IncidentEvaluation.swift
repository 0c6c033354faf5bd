/// Pairwise precision and recall of the grouping against ground truth (docs/incidents.md,
/// "Measuring"): two tips are a *copy pair* when they are the same message, a
/// *corroboration pair* when they report the same event in different messages. The
/// grouping predicts a copy pair for two members of one incident joined by copy links, a
/// corroboration pair for two members of one incident that are not.
public struct IncidentEvaluation: Sendable, Hashable {
    /// Pairs in the truth, pairs predicted, pairs predicted rightly.
    public struct Score: Sendable, Hashable {
        public var truth = 0, predicted = 0, correct = 0
        public var precision: Double { predicted == 0 ? 1 : Double(correct) / Double(predicted) }
        public var recall: Double { truth == 0 ? 1 : Double(correct) / Double(truth) }
    }

    public var copies = Score()
    public var corroborations = Score()
    /// Events in the truth and incidents formed from the same tips.
    public var events = 0, incidents = 0

    /// A tip's truth: its event and its message (copies share their original's).
    public struct Truth: Sendable, Hashable {
        public var event: Int, message: Int
        public init(event: Int, message: Int) { (self.event, self.message) = (event, message) }
    }

    /// Scores `members` (tip → incident, link, linked tip) against `truth` (tip → event,
    /// message); tips missing from either side are left out.
    public static func evaluate(truth: [Int64: Truth], members: [Int64: IncidentMemberLink]) -> IncidentEvaluation {
        var result = IncidentEvaluation()
        let tips = Set(truth.keys).intersection(members.keys)
        // Truth pairs.
        var byEvent: [Int: Int] = [:], byMessage: [Int: Int] = [:]
        for tip in tips { byEvent[truth[tip]!.event, default: 0] += 1; byMessage[truth[tip]!.message, default: 0] += 1 }
        let messagePairs = byMessage.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
        result.copies.truth = messagePairs
        result.corroborations.truth = byEvent.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 } - messagePairs
        result.events = byEvent.count
        // Copy groups: tips joined by copy links.
        var parent: [Int64: Int64] = [:]
        func root(_ x: Int64) -> Int64 {
            var x = x
            while let p = parent[x], p != x { parent[x] = parent[p] ?? p; x = p }
            return x
        }
        for tip in tips { parent[tip] = tip }
        for tip in tips {
            if let m = members[tip], m.link == .copy, let original = m.linkedTo, parent[original] != nil {
                let a = root(tip), b = root(original)
                if a != b { parent[a] = b }
            }
        }
        var byIncident: [Int64: [Int64]] = [:]
        for tip in tips { byIncident[members[tip]!.incident, default: []].append(tip) }
        result.incidents = byIncident.count
        for group in byIncident.values where group.count > 1 {
            for i in 0..<group.count {
                for j in (i + 1)..<group.count {
                    let (a, b) = (group[i], group[j])
                    let ta = truth[a]!, tb = truth[b]!
                    if root(a) == root(b) {
                        result.copies.predicted += 1
                        if ta.message == tb.message { result.copies.correct += 1 }
                    } else {
                        result.corroborations.predicted += 1
                        if ta.event == tb.event && ta.message != tb.message { result.corroborations.correct += 1 }
                    }
                }
            }
        }
        return result
    }
}

/// A tip's place in the grouping, as evaluation reads it.
public struct IncidentMemberLink: Sendable, Hashable {
    public var incident: Int64
    public var link: IncidentLink
    public var linkedTo: Int64?
    public init(incident: Int64, link: IncidentLink, linkedTo: Int64?) { (self.incident, self.link, self.linkedTo) = (incident, link, linkedTo) }
}

extension IncidentStore {
    /// Every grouped tip's external id (as imported) with its place in the grouping.
    public func memberLinksByExternalID() throws -> [String: (tip: Int64, link: IncidentMemberLink)] {
        try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT t.external_id, t.id, m.incident_id, m.link, m.linked_to FROM incident_members m JOIN tips t ON t.id = m.tip_id WHERE t.external_id IS NOT NULL")
            var links: [String: (tip: Int64, link: IncidentMemberLink)] = [:]
            try statement.forEachRow { row in
                links[row.text(0)] = (row.int64(1), IncidentMemberLink(incident: row.int64(2), link: IncidentLink(rawValue: row.text(3)) ?? .first,
                                                                   linkedTo: row.isNull(4) ? nil : row.int64(4)))
            }
            return links
        }
    }
}
