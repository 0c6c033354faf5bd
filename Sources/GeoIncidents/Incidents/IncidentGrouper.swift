/// Groups tips into incidents by ``IncidentRules``, one tip at a time in order of report
/// time (ties by id): each tip joins the incident of an earlier copy, else the nearest
/// incident it corroborates (or repeats), else starts one. The same pass serves a full
/// rebuild (every tip) and intake (the new tip against the recent ones), so both give the
/// same incidents. Positions are in a projected CRS in metres.
public struct IncidentGrouper {
    /// A tip as the rules see it.
    public struct Tip: Sendable {
        public var id: Int64
        /// Seconds since 1970.
        public var time: Double
        /// Position in metres (projected).
        public var x: Double, y: Double
        /// Accuracy in metres (0 for a GPS point without one).
        public var accuracy: Double
        public var method: LocatingMethod
        /// The tip's commune ("" when outside every commune).
        public var commune: String
        /// The tip's neighbourhood ("" when none).
        public var neighbourhood: String
        public var category: String
        /// Who sent it (Zalo id or phone, hashed); 0 when unknown (then it differs from everyone).
        public var sender: Int64
        public var fingerprint: MessageFingerprint?
        /// Photos and files (URL hashes).
        public var attachments: [Int64]

        public init(id: Int64, time: Double, x: Double, y: Double, accuracy: Double, method: LocatingMethod, commune: String, neighbourhood: String = "",
                    category: String, sender: Int64, fingerprint: MessageFingerprint?, attachments: [Int64] = []) {
            (self.id, self.time, self.x, self.y, self.accuracy, self.method, self.commune, self.category) = (id, time, x, y, accuracy, method, commune, category)
            self.neighbourhood = neighbourhood
            (self.sender, self.fingerprint, self.attachments) = (sender, fingerprint, attachments)
        }

        /// Located to a point (GPS or a registered place), not only to a unit.
        public var isPrecise: Bool { method == .gps || method == .place }
    }

    /// Where a tip went.
    public struct Assignment: Sendable, Hashable {
        /// Index of the incident (``incidents``).
        public var incident: Int
        public var link: IncidentLink
        /// The id of the member it matched (nil for `first`).
        public var linkedTo: Int64?
    }

    /// An incident as grouping proceeds.
    public struct Incident: Sendable {
        /// Index (in the tips given) of the best-located member: the incident's location.
        public var anchor: Int
        public var first: Double, last: Double
        /// The member added last; the members form a chain back from it (``previousMember``).
        /// Most incidents have one member: a chain and the inline first sender and
        /// category spare three allocations per incident.
        var lastMember: Int
        /// The senders (0: unknown) and categories of the members, the first inline.
        var sender: Int64, otherSenders: [Int64] = []
        var category: String, otherCategories: [String] = []

        func hasSender(_ s: Int64) -> Bool { s == sender || otherSenders.contains(s) }
        func hasCategory(_ c: String) -> Bool { c == category || otherCategories.contains(c) }
    }

    public let rules: IncidentRules
    public private(set) var tips: [Tip] = []
    public private(set) var assignments: [Assignment] = []
    public private(set) var incidents: [Incident] = []

    // Recent precise incidents by grid cell, recent incidents by commune, recent tips by
    // fingerprint key; stale entries are dropped as time moves on.
    private var grid: [Int64: [Int]] = [:]
    private var byCommune: [String: [Int]] = [:]
    private var byKey: [Int64: [Int]] = [:]
    private var seen: [Int] = []
    /// The member added before each tip to its incident (-1: the first), by tip index.
    private var previousMember: [Int] = []
    private var stamp = 0
    private var candidates: [Int] = []
    private let cell: Double

    public init(rules: IncidentRules = IncidentRules()) {
        self.rules = rules
        cell = max(1, rules.corroborationDistance + 2 * rules.accuracyCap)
    }

    /// Projects tips given in lon/lat (x, y) to `crs` (metres) in place, as every pass does.
    public static func project(_ tips: inout [Tip], crs: String) throws {
        let projector = try Projector(targetCRS: crs)
        var points = tips.map { Coordinate(x: $0.x, y: $0.y) }
        projector.forward(&points)
        for i in tips.indices { place(&tips[i], at: points[i]) }
    }

    /// Puts a projected position on a tip. A point the CRS cannot hold (PROJ gives infinity
    /// far outside the zone; a stored lon/lat out of range) is no position: the tip groups
    /// only by its commune, and one outside every commune stays alone.
    static func place(_ tip: inout Tip, at point: Coordinate) {
        guard point.x.isFinite, point.y.isFinite, abs(point.x) < 1e8, abs(point.y) < 1e8 else {
            (tip.x, tip.y, tip.accuracy, tip.method) = (0, 0, .infinity, .commune)
            return
        }
        (tip.x, tip.y) = (point.x, point.y)
    }

    /// Groups `tips` (taken here in order of time, then id) and returns the assignments in
    /// the order given. The tips are kept as given, not copied: a tip's index is its position.
    public static func group(_ tips: [Tip], rules: IncidentRules = IncidentRules()) -> IncidentGrouper {
        var grouper = IncidentGrouper(rules: rules)
        // Sorting keys, not tips: comparing tips would copy them (and their arrays) each time.
        let order = tips.indices.map { (tips[$0].time, tips[$0].id, $0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        grouper.tips = tips
        grouper.assignments = Array(repeating: Assignment(incident: 0, link: .first, linkedTo: nil), count: tips.count)
        grouper.seen = Array(repeating: 0, count: tips.count)
        grouper.previousMember = Array(repeating: -1, count: tips.count)
        for (_, _, i) in order {
            let assignment = grouper.place(i)
            grouper.assignments[i] = assignment
        }
        return grouper
    }

    /// Adds a tip (not earlier than the tips added before it, for the windows to hold)
    /// and returns where it went.
    @discardableResult
    public mutating func add(_ tip: Tip) -> Assignment {
        tips.append(tip)
        seen.append(0)
        previousMember.append(-1)
        let assignment = place(tips.count - 1)
        assignments.append(assignment)
        return assignment
    }

    /// Puts the tip at `index` (its turn in time order) into an incident.
    private mutating func place(_ index: Int) -> Assignment {
        let keys = lookupKeys(tips[index])
        let assignment = copyOf(index, keys: keys) ?? corroborated(index) ?? Assignment(incident: incidents.count, link: .first, linkedTo: nil)
        if assignment.incident == incidents.count {
            incidents.append(Incident(anchor: index, first: tips[index].time, last: tips[index].time, lastMember: index,
                                      sender: tips[index].sender, category: tips[index].category))
        } else {
            join(index, assignment)
        }
        list(index, assignment, keys: keys)
        return assignment
    }

    /// The keys a tip's copies are found under: its fingerprint's (when distinctive) and its attachments.
    private func lookupKeys(_ tip: Tip) -> [Int64] {
        guard let fingerprint = tip.fingerprint, fingerprint.isDistinctive(minimumLength: rules.minimumCopyLength) else { return tip.attachments }
        return tip.attachments.isEmpty ? fingerprint.keys : fingerprint.keys + tip.attachments
    }

    /// Adds a tip to an existing incident.
    private mutating func join(_ index: Int, _ assignment: Assignment) {
        let i = assignment.incident
        let (time, sender) = (tips[index].time, tips[index].sender)
        // In place: copying the incident out and back would copy its arrays on every join.
        previousMember[index] = incidents[i].lastMember
        incidents[i].lastMember = index
        incidents[i].last = max(incidents[i].last, time)
        incidents[i].first = min(incidents[i].first, time)
        if sender != 0 && !incidents[i].hasSender(sender) { incidents[i].otherSenders.append(sender) }
        if !incidents[i].hasCategory(tips[index].category) { incidents[i].otherCategories.append(tips[index].category) }
        // The best-located member places the incident: a unit-only tip never moves it.
        // Copies re-post: they never place the incident.
        if assignment.link != .copy && Self.rank(tips[index]) < Self.rank(tips[incidents[i].anchor]) { incidents[i].anchor = index }
    }

    /// Lists a placed tip where later tips look: its incident under the anchor's grid cell
    /// (when new or moved) and commune (when new), the tip under its copy keys.
    private mutating func list(_ index: Int, _ assignment: Assignment, keys: [Int64]) {
        let i = assignment.incident
        if assignment.link == .first || incidents[i].anchor == index {
            let anchor = incidents[i].anchor
            if tips[anchor].isPrecise { grid[key(tips[anchor].x, tips[anchor].y), default: []].append(i) }
            if assignment.link == .first, !tips[anchor].commune.isEmpty { byCommune[tips[anchor].commune, default: []].append(i) }
        }
        for k in keys { remember(index, under: k) }
    }

    /// Copy candidates read per key, newest first.
    static let candidatesPerKey = 8
    /// Tips kept per key: beyond it the oldest half goes (only the newest are read).
    static let tipsPerKey = 64

    private mutating func remember(_ index: Int, under key: Int64) {
        byKey[key, default: []].append(index)
        if byKey[key]!.count > Self.tipsPerKey { byKey[key]!.removeFirst(Self.tipsPerKey / 2) }
    }

    /// The incidents listed under `key` in `index` whose first report is not before
    /// `horizon`; the list is rewritten only when it holds stale entries.
    private static func recent<Key: Hashable>(_ index: inout [Key: [Int]], _ key: Key, horizon: Double, first: (Int) -> Double) -> [Int]? {
        guard let list = index[key] else { return nil }
        // Lists grow in time order (an anchor moving re-lists an older incident later; the
        // callers check the window again), so a fresh first entry means nothing to drop.
        guard let oldest = list.first, first(oldest) < horizon else { return list }
        let kept = list.filter { first($0) >= horizon }
        index[key] = kept.isEmpty ? nil : kept
        return kept
    }

    /// Precision rank (lower is better): GPS, place, neighbourhood, commune; then accuracy.
    static func rank(_ tip: Tip) -> (Int, Double) {
        let order = switch tip.method {
        case .gps: 0
        case .place: 1
        case .neighbourhood: 2
        case .commune: 3
        default: 4
        }
        return (order, tip.accuracy)
    }

    private func key(_ x: Double, _ y: Double) -> Int64 {
        let (cx, cy) = cellOf(x, y)
        return cx &* 1_000_003 &+ cy
    }

    /// The grid cell of a position; any value (infinite, NaN, huge) gives a cell, never a trap.
    private func cellOf(_ x: Double, _ y: Double) -> (Int64, Int64) {
        func index(_ v: Double) -> Int64 {
            let c = (v / cell).rounded(.down)
            return c.isFinite ? Int64(max(-1e15, min(1e15, c))) : 0
        }
        return (index(x), index(y))
    }

    // MARK: copies

    private mutating func copyOf(_ index: Int, keys: [Int64]) -> Assignment? {
        guard !keys.isEmpty else { return nil }
        var best: (score: Double, index: Int)?
        let tips = self.tips
        let tip = tips[index]
        for k in keys where (best?.score ?? 0) < 1 {    // an equal text is as good as it gets
            guard let list = Self.recent(&byKey, k, horizon: tip.time - rules.copyWindow, first: { tips[$0].time }) else { continue }
            // The newest few under a key: a message forwarded many times matches its latest
            // copies, and a key many different messages share (a template's closing
            // sentence) is not worth reading further — the other keys find the original.
            for candidate in list.suffix(Self.candidatesPerKey).reversed() {
                guard tip.time - tips[candidate].time <= rules.copyWindow else { continue }
                let score = rules.copyScore(tip, of: tips[candidate])
                // Ties go to the later report (time, then id: the order tips are placed in).
                if score > 0, score > (best?.score ?? 0)
                    || (score == best?.score && (tips[candidate].time, tips[candidate].id) > (tips[best!.index].time, tips[best!.index].id)) {
                    best = (score, candidate)
                }
            }
        }
        guard let best else { return nil }
        return Assignment(incident: assignments[best.index].incident, link: .copy, linkedTo: tips[best.index].id)
    }

    // MARK: corroborations

    private mutating func corroborated(_ index: Int) -> Assignment? {
        let tip = tips[index]
        stamp += 1
        candidates.removeAll(keepingCapacity: true)
        func consider(_ list: [Int]) {
            for i in list where seen[incidents[i].anchor] != stamp {
                seen[incidents[i].anchor] = stamp
                candidates.append(i)
            }
        }
        let horizon = tip.time - rules.corroborationWindow
        let incidents = self.incidents
        if !tip.commune.isEmpty, let list = Self.recent(&byCommune, tip.commune, horizon: horizon, first: { incidents[$0].first }) {
            if tip.isPrecise {
                consider(list.filter { !tips[incidents[$0].anchor].isPrecise })    // unit-only incidents of this commune
            } else {
                consider(list)
            }
        }
        if tip.isPrecise {
            let (cx, cy) = cellOf(tip.x, tip.y)
            for dx in -1...1 as ClosedRange<Int64> {
                for dy in -1...1 as ClosedRange<Int64> {
                    let k = (cx + dx) &* 1_000_003 &+ (cy + dy)
                    guard let list = Self.recent(&grid, k, horizon: horizon, first: { incidents[$0].first }) else { continue }
                    consider(list)
                }
            }
        }
        var best: (repeatOnly: Bool, distance: Double, gap: Double, incident: Int)?
        for i in candidates {
            let incident = incidents[i]
            guard incident.first >= horizon,
                  IncidentRules.compatible(incident.category, tip.category) || incident.otherCategories.contains(where: { IncidentRules.compatible($0, tip.category) }),
                  let d = rules.corroboration(tip, anchor: tips[incident.anchor]) else { continue }
            let repeatOnly = tip.sender != 0 && incident.hasSender(tip.sender)
            let candidate = (repeatOnly, d, tip.time - incident.first, i)
            if best == nil || (candidate.0 ? 1 : 0, candidate.1, candidate.2, candidate.3) < (best!.repeatOnly ? 1 : 0, best!.distance, best!.gap, best!.incident) {
                best = candidate
            }
        }
        guard let best else { return nil }
        // The member it is closest to in time stands for the link (the earliest added of equals).
        var nearest = incidents[best.incident].lastMember, member = nearest
        while member >= 0 {
            if abs(tips[member].time - tip.time) <= abs(tips[nearest].time - tip.time) { nearest = member }
            member = previousMember[member]
        }
        return Assignment(incident: best.incident, link: best.repeatOnly ? .repeat : .corroboration, linkedTo: tips[nearest].id)
    }
}
