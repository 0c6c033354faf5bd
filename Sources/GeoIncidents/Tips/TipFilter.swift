/// Which tips a listing, a statistic or an analysis looks at. Empty lists mean "any".
public struct TipFilter: Sendable, Hashable {
    public var provinceCodes: [String] = []
    public var communeCodes: [String] = []
    public var neighbourhoodCodes: [String] = []
    public var categories: [TipCategory] = []
    public var channels: [TipChannel] = []
    public var statuses: [TipStatus] = []
    /// Reported at or after.
    public var since: Timestamp?
    /// Reported before.
    public var until: Timestamp?
    /// Inside this lon/lat box (edges included).
    public var boundingBox: BoundingBox?
    /// A CQL2 filter (`filter=` of OGC API - Features Part 3), ANDed with the rest; SQL only
    /// (the in-memory tip snapshot does not evaluate it).
    public var cql2: CQL2Filter?
    /// Tips, or one tip per incident (its best-located report, which places it); grouping
    /// must have caught up (`IncidentStore.catchUp`) for the incidents to be current.
    public var unit = CountingUnit.tips

    public init() {}

    /// The last time stored text can name (`9999-12-31T23:59:59Z`): times are compared as
    /// text, where a five-digit year sorts before "2025".
    static let lastTextTime = Timestamp(secondsSinceEpoch: 253_402_300_799)

    /// `until` as SQL compares it: nil past the last time text can name (it bounds nothing).
    var untilBound: Timestamp? { until.flatMap { $0 > Self.lastTextTime ? nil : $0 } }

    /// Whether `since` lies past every time text can name (then nothing matches).
    var sinceBeyondText: Bool { since.map { $0 > Self.lastTextTime } ?? false }

    /// How the incidents unit selects its tips (the incidents' anchors) in SQL.
    enum AnchorLookup {
        /// `IN (SELECT …)` when nothing else narrows the tips (SQLite lists every anchor
        /// once, cheaper than a lookup per tip over all of them), else a lookup per tip.
        case automatic
        /// A lookup per tip in the anchors' index: for reads that stop early (`LIMIT`).
        case perTip
    }

    /// The SQL condition and its values, over table alias `t`.
    func sqlCondition(anchors: AnchorLookup = .automatic) -> (String, [SQLValue]) {
        var clauses: [String] = []
        var values: [SQLValue] = []
        /// `column IN (?, …)` over `items`, with its values appended.
        func inList(_ column: String, _ items: [String]) -> String {
            values += items.map(SQLValue.text)
            return "\(column) IN (\(Array(repeating: "?", count: items.count).joined(separator: ",")))"
        }
        func list(_ column: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            clauses.append(inList(column, items))
        }
        list("t.province_code", provinceCodes)
        if !communeCodes.isEmpty {
            // Through tip_communes (commune, time, id), the time window included.
            var inner = inList("c.commune_code", communeCodes)
            if let since { inner += " AND c.reported_at >= ?"; values.append(.text(since.iso8601)) }
            if let until = untilBound { inner += " AND c.reported_at < ?"; values.append(.text(until.iso8601)) }
            clauses.append("t.id IN (SELECT c.tip_id FROM tip_communes c WHERE \(inner))")
        }
        list("t.neighbourhood_code", neighbourhoodCodes)
        list("t.category", categories.map(\.rawValue))
        list("t.channel", channels.map(\.rawValue))
        list("t.status", statuses.map(\.rawValue))
        if let since { clauses.append("t.reported_at >= ?"); values.append(.text(since.iso8601)) }
        if let until = untilBound { clauses.append("t.reported_at < ?"); values.append(.text(until.iso8601)) }
        if sinceBeyondText { clauses.append("0") }
        if let box = boundingBox {
            // One covering range scan per Hilbert range (the index holds lon and lat), so the
            // exact box is tested inside the index and only matching rows reach the table.
            // An OR of ranges would make SQLite fetch every candidate row first.
            let ranges = HilbertKey.ranges(covering: box)
            let scan = "SELECT h.tip_id FROM tip_cells h WHERE h.hilbert BETWEEN ? AND ? AND h.lon BETWEEN ? AND ? AND h.lat BETWEEN ? AND ?"
            clauses.append("t.id IN (" + ranges.map { _ in scan }.joined(separator: " UNION ALL ") + ")")
            for r in ranges {
                values += [.int(r.lowerBound), .int(r.upperBound), .double(box.minX), .double(box.maxX), .double(box.minY), .double(box.maxY)]
            }
        }
        if let cql2 {
            let (condition, cqlValues) = cql2.sql()
            clauses.append(condition)
            values += cqlValues
        }
        if unit == .incidents {
            // `IN (SELECT …)` builds a temporary b-tree of every anchor first (0.3 s at 1M):
            // worth it for all tips, not for a window of a few days or a read of one row.
            clauses.append(anchors == .automatic && clauses.isEmpty ? "t.id IN (SELECT anchor_tip_id FROM incidents)"
                                                                    : "EXISTS (SELECT 1 FROM incidents i WHERE i.anchor_tip_id = t.id)")
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), values)
    }

    /// The filter's scope alone (units and bbox), without time, category, channel or status.
    public var scope: TipFilter {
        var f = TipFilter()
        f.provinceCodes = provinceCodes
        f.communeCodes = communeCodes
        f.neighbourhoodCodes = neighbourhoodCodes
        f.boundingBox = boundingBox
        return f
    }

    /// A short human-readable description, for messages ("all tips" when empty).
    public var summary: String {
        var parts: [String] = []
        if !provinceCodes.isEmpty { parts.append("province " + provinceCodes.joined(separator: ",")) }
        if !communeCodes.isEmpty { parts.append("commune " + communeCodes.joined(separator: ",")) }
        if !neighbourhoodCodes.isEmpty { parts.append("neighbourhood " + neighbourhoodCodes.joined(separator: ",")) }
        if !categories.isEmpty { parts.append("category " + categories.map(\.rawValue).joined(separator: ",")) }
        if !channels.isEmpty { parts.append("channel " + channels.map(\.rawValue).joined(separator: ",")) }
        if !statuses.isEmpty { parts.append("status " + statuses.map(\.rawValue).joined(separator: ",")) }
        if let since { parts.append("since \(since)") }
        if let until { parts.append("until \(until)") }
        if let b = boundingBox { parts.append("bbox \(b.minX),\(b.minY),\(b.maxX),\(b.maxY)") }
        if let cql2 { parts.append("filter " + String(cql2.summary.prefix(300))) }
        if unit == .incidents { parts.append("one report per incident") }
        return parts.isEmpty ? "all tips" : parts.joined(separator: "; ")
    }

    /// The condition for one keyset page after `afterID`, and the id expression to order by.
    /// With a selective filter (a bbox through tip_cells, communes through tip_communes) the id order
    /// must not drive the plan: SQLite would walk the rowid from `afterID` and test every row.
    /// `+t.id` leaves the index choice to the filter and sorts the few matches.
    func pageCondition(afterID: Int64?) -> (condition: String, values: [SQLValue], orderBy: String) {
        var (condition, values) = sqlCondition()
        let selective = boundingBox != nil || !communeCodes.isEmpty
        let id = selective ? "+t.id" : "t.id"
        if let afterID { condition += " AND \(id) > ?"; values.append(.int(afterID)) }
        return (condition, values, id)
    }

    /// Checks the filter for contradictions a user should hear about.
    public func validate() throws {
        if let since, let until, since >= until {
            throw GeoIncidentsError.invalidInput("since \(since) is not before until \(until): the time window is empty")
        }
        if let box = boundingBox {
            guard [box.minX, box.minY, box.maxX, box.maxY].allSatisfy(\.isFinite),
                  box.minX >= -180, box.maxX <= 180, box.minY >= -90, box.maxY <= 90 else {
                throw GeoIncidentsError.invalidInput("the bounding box must be lon/lat inside -180,-90,180,90")
            }
            guard box.minX <= box.maxX, box.minY <= box.maxY else {
                throw GeoIncidentsError.invalidInput("the bounding box must be minLon,minLat,maxLon,maxLat with min ≤ max")
            }
        }
    }
}
