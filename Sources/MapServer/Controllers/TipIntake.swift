import Foundation
import GeoIncidents

/// Reads an intake body: a plain JSON tip or a GeoJSON Feature (a Point, or no geometry and a
/// `location_text`), with every field checked and named in errors.
enum TipIntake {
    static let fields: Set<String> = ["lon", "lat", "category", "channel", "reported_at", "description", "external_id", "source", "accuracy_m",
                                      "location_text", "province", "tipster", "located_by"]
    static let tipsterFields: Set<String> = ["name", "phone", "zalo_id", "note"]
    /// The prefix of the ids the server gives unresolved tips from their Idempotency-Key.
    static let idempotencyPrefix = "idempotency:"

    /// Decodes a JSON object body (JSONDecoder: NaN and Infinity are rejected, as JSON says).
    static func object(_ data: Data) throws -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw APIError.badRequest("the body is not valid JSON (NaN and Infinity are not JSON numbers)", code: "InvalidBody")
        }
        guard case .object(let fields) = value else { throw APIError.badRequest("the body must be a JSON object", code: "InvalidBody") }
        return fields
    }

    /// JSON member → tip field (the `tipster` object's members are `tipster.name` …).
    static let fieldOfMember: [String: TipField] = [
        "lon": .lon, "lat": .lat, "category": .category, "channel": .channel, "reported_at": .reportedAt,
        "description": .description, "external_id": .id, "source": .source, "accuracy_m": .accuracy,
        "location_text": .locationText, "province": .province,
        "tipster.name": .tipsterName, "tipster.phone": .tipsterPhone, "tipster.zalo_id": .tipsterZalo, "tipster.note": .tipsterNote,
    ]

    /// The `lon`, `lat` numbers of a body as a checked position; nil when either is not a number.
    static func point(in object: [String: JSONValue]) throws -> Coordinate? {
        guard case .number(let lon)? = object["lon"], case .number(let lat)? = object["lat"] else { return nil }
        let point = Coordinate(x: lon, y: lat)
        if let problem = point.lonLatProblem { throw APIError.badRequest(problem) }
        return point
    }

    /// A body's optional `note` (an officer's reason), at most 2,000 characters when `limited`.
    static func note(in object: [String: JSONValue], limited: Bool = true) throws -> String? {
        switch object["note"] {
        case nil, .null?: return nil
        case .string(let s)? where !limited || s.count <= 2_000: return s
        default: throw APIError.badRequest(limited ? "'note' must be a string of at most 2,000 characters" : "'note' must be a string")
        }
    }

    /// Reads a tip submitted by `principal` with the one tip parser every channel uses
    /// (``TipParser``): the same checks and messages as a file import. A body names its place
    /// by `lon`/`lat` (or a GeoJSON Point), by `location_text` (with an optional `province`
    /// hint), or both. Source and external id are NFC.
    static func parse(_ data: Data, principal: Principal) throws -> TipDraft {
        var fields = try object(data)
        if case .string(let type)? = fields["type"] {
            guard type == "Feature" else { throw APIError.badRequest("a GeoJSON body must be a Feature, got \(type)", code: "InvalidBody") }
            var properties: [String: JSONValue] = [:]
            if case .object(let p)? = fields["properties"] { properties = p }
            switch fields["geometry"] {
            case nil, .null?: break    // located by its location_text
            case .object(let geometry)? where geometry["type"] == .string("Point"):
                guard case .array(let position)? = geometry["coordinates"], position.count >= 2 else {
                    throw APIError.badRequest("geometry must be a GeoJSON Point [lon, lat]", code: "InvalidBody")
                }
                properties["lon"] = position[0]
                properties["lat"] = position[1]
            default: throw APIError.badRequest("geometry must be a GeoJSON Point [lon, lat] or null", code: "InvalidBody")
            }
            fields = properties
        }
        if let unknown = fields.keys.filter({ !Self.fields.contains($0) }).sorted().first {
            throw APIError.badRequest("unknown field '\(unknown)'; fields are \(Self.fields.sorted().joined(separator: ", "))", code: "InvalidBody")
        }
        // An empty id is a client bug (a file's empty cell means "none"; a body leaves it out).
        if case .string(let id)? = fields["external_id"], id.isEmpty || id.hasPrefix(idempotencyPrefix) {
            throw APIError.badRequest(id.isEmpty ? "field id: 'external_id' is empty: leave it out instead"
                                                 : "field id: ids starting with '\(idempotencyPrefix)' are the server's own")
        }
        // How lon/lat were found: an officer confirmed the text locator's place, neighbourhood
        // or commune (the hotline desk), or gps (default).
        var method = LocatingMethod.gps
        switch fields.removeValue(forKey: "located_by") {
        case nil, .null?: break
        case .string(let text)? where LocatingMethod(rawValue: text) != nil:
            method = LocatingMethod(rawValue: text)!    // draft.problem refuses the levels that are no position
        default: throw APIError.badRequest("'located_by' must be gps, place, neighbourhood or commune (how lon and lat were found)")
        }
        switch fields.removeValue(forKey: "tipster") {
        case nil, .null?: break
        case .object(let tipster)?:
            if let unknown = tipster.keys.filter({ !Self.tipsterFields.contains($0) }).sorted().first { throw APIError.badRequest("unknown tipster field '\(unknown)'") }
            for (key, value) in tipster { fields["tipster." + key] = value }
        default:
            throw APIError.badRequest("'tipster' must be an object with name, phone, zalo_id, note")
        }
        // JSON is typed: numbers for positions and accuracy, strings for the rest (an id may be
        // an integer).
        let numeric: Set<TipField> = [.lon, .lat, .accuracy]
        var values: [TipField: TipFieldValue] = [:]
        for (member, value) in fields {
            guard let field = fieldOfMember[member] else { continue }
            switch value {
            case .null: continue
            case .string(let text) where !numeric.contains(field): values[field] = .text(text)
            case .number(let number) where numeric.contains(field) || field == .id: values[field] = .number(number)
            default: throw APIError.badRequest("'\(member)' must be a \(numeric.contains(field) ? "number" : "string")")
            }
        }
        let source = try source(values[.source].flatMap { if case .text(let t) = $0 { t } else { nil } }, principal: principal)
        values[.source] = nil
        var rules = TipParser.Rules(defaultSource: source)
        rules.reportedAtDefault = Timestamp.now()
        rules.latestReportedAt = Timestamp(secondsSinceEpoch: Timestamp.now().secondsSinceEpoch + 300)
        rules.descriptionLimit = 10_000
        rules.contentIDs = false
        switch TipParser(rules: rules).parse({ values[$0] }) {
        case .success(var draft):
            draft.positionMethod = method
            if let problem = draft.problem { throw APIError.badRequest(problem) }
            return draft
        case .failure(let problem): throw APIError.badRequest(problem.message)
        }
    }

    /// The source a submission is stored under. An intake token (a field device) has one,
    /// bound to the token (``Principal/tokenSource``): a body `source` must be absent or that
    /// name, so the device can neither reach another source's tips through a replay nor
    /// pre-register (source, external id) pairs that would make a later import skip rows.
    /// A commander may name a source, except another token's.
    static func source(_ requested: String?, principal: Principal) throws -> String {
        let own = principal.tokenSource
        guard let requested = requested.map(TextFolding.nfc), requested != own else { return own }
        if !principal.role.choosesSource {
            throw APIError.badRequest("this token's tips are stored under source '\(own)', bound to the token: leave 'source' out", code: "InvalidBody")
        }
        if requested.hasPrefix(Principal.tokenSourcePrefix) {
            throw APIError.badRequest("sources starting with '\(Principal.tokenSourcePrefix)' belong to the tokens they name; choose another source", code: "InvalidBody")
        }
        return requested
    }
}
