import Foundation
import GeoIncidents

/// Reads an intake body: a plain JSON tip or a GeoJSON Feature with a Point, with every field
/// checked and named in errors.
enum TipIntake {
    static let fields: Set<String> = ["lon", "lat", "category", "channel", "reported_at", "description", "external_id", "source", "accuracy_m", "tipster"]
    static let tipsterFields: Set<String> = ["name", "phone", "zalo_id", "note"]

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

    /// Reads a tip submitted by `principal`. Source and external id are NFC, as the CSV path
    /// stores names, so the same tip sent in another normalisation is the same tip.
    static func parse(_ data: Data, principal: Principal) throws -> NewTip {
        var fields = try object(data)
        if case .string(let type)? = fields["type"] {
            guard type == "Feature" else { throw APIError.badRequest("a GeoJSON body must be a Feature, got \(type)", code: "InvalidBody") }
            guard case .object(let geometry)? = fields["geometry"], geometry["type"] == .string("Point"),
                  case .array(let position)? = geometry["coordinates"], position.count >= 2 else {
                throw APIError.badRequest("geometry must be a GeoJSON Point [lon, lat]", code: "InvalidBody")
            }
            var properties: [String: JSONValue] = [:]
            if case .object(let p)? = fields["properties"] { properties = p }
            properties["lon"] = position[0]
            properties["lat"] = position[1]
            fields = properties
        }
        if let unknown = fields.keys.filter({ !Self.fields.contains($0) }).sorted().first {
            throw APIError.badRequest("unknown field '\(unknown)'; fields are \(Self.fields.sorted().joined(separator: ", "))", code: "InvalidBody")
        }
        func number(_ name: String) throws -> Double? {
            switch fields[name] {
            case nil, .null?: return nil
            case .number(let n)?: return n
            default: throw APIError.badRequest("'\(name)' must be a number")
            }
        }
        func text(_ name: String) throws -> String? {
            switch fields[name] {
            case nil, .null?: return nil
            case .string(let s)?: return s
            case .number(let n)? where name == "external_id" && n == n.rounded() && abs(n) < 1e15: return String(Int64(n))
            default: throw APIError.badRequest("'\(name)' must be a string")
            }
        }
        guard let lon = try number("lon"), let lat = try number("lat") else { throw APIError.badRequest("'lon' and 'lat' are required (or a GeoJSON Point)") }
        let location = Coordinate(x: lon, y: lat)
        if let problem = location.lonLatProblem { throw APIError.badRequest(problem) }
        guard let categoryText = try text("category") else { throw APIError.badRequest("'category' is required") }
        guard let category = TipCategory.parseUserText(categoryText) else {
            throw APIError.badRequest("unknown category '\(categoryText)'; categories are \(TipCategory.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let channelText = try text("channel") ?? "other"
        guard let channel = TipChannel.parseUserText(channelText) else {
            throw APIError.badRequest("unknown channel '\(channelText)'; channels are \(TipChannel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var reportedAt = Timestamp.now()
        if let text = try text("reported_at") {
            guard let t = Timestamp.parse(text) else { throw APIError.badRequest("'reported_at' is not an ISO 8601 date-time: '\(text)'") }
            guard t.secondsSinceEpoch <= Timestamp.now().secondsSinceEpoch + 300 else { throw APIError.badRequest("'reported_at' \(t) is in the future") }
            reportedAt = t
        }
        var contact: TipsterContact?
        switch fields["tipster"] {
        case nil, .null?: break
        case .object(let t)?:
            if let unknown = t.keys.filter({ !Self.tipsterFields.contains($0) }).sorted().first { throw APIError.badRequest("unknown tipster field '\(unknown)'") }
            func field(_ name: String) throws -> String? {
                switch t[name] {
                case nil, .null?: return nil
                case .string(let s)?: return s
                default: throw APIError.badRequest("tipster.\(name) must be a string")
                }
            }
            contact = TipsterContact(name: try field("name"), phone: try field("phone"), zaloID: try field("zalo_id"), note: try field("note"))
        default:
            throw APIError.badRequest("'tipster' must be an object with name, phone, zalo_id, note")
        }
        let description = try text("description").map { $0.precomposedStringWithCanonicalMapping }
        if let description, description.count > 10_000 { throw APIError.badRequest("'description' is longer than 10,000 characters") }
        let tip = NewTip(externalID: try text("external_id").map(TextFolding.nfc), source: try source(try text("source"), principal: principal),
                         reportedAt: reportedAt, category: category, channel: channel, description: description, location: location,
                         accuracyMeters: try number("accuracy_m"), contact: contact)
        if let problem = tip.problem { throw APIError.badRequest(problem) }
        return tip
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
