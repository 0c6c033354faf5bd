/// Which incidents to list: by where the incident is (its best-located member), status,
/// time, independent reports; pages by id (`afterID`) or offset.
public struct IncidentQuery: Sendable, Hashable {
    public enum Order: Sendable, Hashable {
        /// Latest report first (listings for people).
        case newestFirst
        /// By id (keyset pages).
        case id
    }

    /// Incidents located in these communes (empty: everywhere).
    public var communes: [String] = []
    /// Only incidents every tip of which lies in these communes (a commune-scoped token's
    /// view: an incident with a report outside them is not there for it). Empty: no scope.
    public var scope: [String] = []
    /// Incidents with one of these statuses (empty: any).
    public var statuses: [TipStatus] = []
    /// Incidents with a member of one of these categories (empty: any).
    public var categories: [TipCategory] = []
    /// Incidents located in these provinces (empty: everywhere).
    public var provinces: [String] = []
    /// Only incidents whose position is a pin: GPS, or a place no wider than this many
    /// metres (nil: every incident, also those located only to a neighbourhood or commune,
    /// whose point stands in for the unit).
    public var pinsFinerThanMeters: Double?
    /// Incidents with a report at or after `since` and before `until`.
    public var since: Timestamp?
    public var until: Timestamp?
    /// Incidents located in any of these boxes (lon/lat).
    public var boxes: [BoundingBox] = []
    public var minimumIndependentReports = 1
    /// Only incidents with a larger id (keyset paging, with ``Order/id``).
    public var afterID: Int64?
    public var order = Order.newestFirst
    public var limit = 100
    public var offset = 0

    public init() {}

    /// The incidents of a tip filter's selection: its communes, provinces, categories (any
    /// member's), statuses and time (incidents with a report in it); `scope` as
    /// ``scope``. Channels, neighbourhoods and CQL2 select messages, not events: not taken.
    public init(_ filter: TipFilter, scope: [String] = []) {
        (communes, provinces, categories) = (filter.communeCodes, filter.provinceCodes, filter.categories)
        self.scope = scope
        statuses = filter.statuses
        (since, until) = (filter.since, filter.until)
        boxes = filter.boundingBox.map { [$0] } ?? []
    }

    /// The WHERE clause over `incidents i JOIN tips a ON a.id = i.anchor_tip_id`.
    func sqlCondition() -> (String, [SQLValue]) {
        var conditions = ["1"], values: [SQLValue] = []
        if !communes.isEmpty {
            conditions.append("a.commune_code IN (\(communes.map { _ in "?" }.joined(separator: ",")))")
            values += communes.map(SQLValue.text)
        }
        if !scope.isEmpty {
            conditions.append("NOT EXISTS (SELECT 1 FROM incident_members sm JOIN tips st ON st.id = sm.tip_id WHERE sm.incident_id = i.id AND (st.commune_code IS NULL OR st.commune_code NOT IN (\(scope.map { _ in "?" }.joined(separator: ",")))))")
            values += scope.map(SQLValue.text)
        }
        if !provinces.isEmpty {
            conditions.append("a.province_code IN (\(provinces.map { _ in "?" }.joined(separator: ",")))")
            values += provinces.map(SQLValue.text)
        }
        if !categories.isEmpty {
            // `i.categories` is the members' distinct categories joined by commas.
            conditions.append("(" + categories.map { _ in "instr(',' || i.categories || ',', ?) > 0" }.joined(separator: " OR ") + ")")
            values += categories.map { .text("," + $0.rawValue + ",") }
        }
        if let meters = pinsFinerThanMeters {
            conditions.append(LocationRadius.finerThanSQL(alias: "a."))
            values.append(.double(meters))
        }
        if !statuses.isEmpty {
            conditions.append("i.status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            values += statuses.map { .text($0.rawValue) }
        }
        if let since { conditions.append("i.last_reported_at >= ?"); values.append(.text(since.iso8601)) }
        if let until { conditions.append("i.first_reported_at < ?"); values.append(.text(until.iso8601)) }
        if !boxes.isEmpty {
            conditions.append("(" + boxes.map { _ in "(a.lon BETWEEN ? AND ? AND a.lat BETWEEN ? AND ?)" }.joined(separator: " OR ") + ")")
            for b in boxes { values += [.double(b.minX), .double(b.maxX), .double(b.minY), .double(b.maxY)] }
        }
        if minimumIndependentReports > 1 { conditions.append("i.corroborations + 1 >= ?"); values.append(.int(Int64(minimumIndependentReports))) }
        if let afterID { conditions.append("i.id > ?"); values.append(.int(afterID)) }
        return (conditions.joined(separator: " AND "), values)
    }
}
