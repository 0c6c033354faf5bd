import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// `GET /tips/unresolved` (tips whose location_text decides no place, for an officer) and
/// `PATCH /tips/unresolved/{id}` (place one: a point, or one of the candidate communes).
/// Analyst and commander tokens without a commune scope only: an unresolved tip has no
/// commune a scope could be checked against. Contacts are never listed.
struct UnresolvedTipsController: RouteController {
    let server: ServerContext

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/tips/unresolved") { request, context in try await list(request, context: context) }
        router.patch("/tips/unresolved/:id") { request, context in
            try await TipsController.unlessBusy(context) { try await resolve(request, context: context) }
        }
    }

    private func requireOfficer(_ principal: Principal) throws {
        try TipsController.require(principal.role.changesStatus, principal, "unresolved tips need an analyst or commander token")
        guard principal.communes.isEmpty else {
            throw APIError.forbidden("unresolved tips have no commune yet: a token scoped to communes cannot see or place them")
        }
    }

    /// `GET /tips/unresolved?limit=&after=`: a page, oldest first; `next` is the `after` of
    /// the next page. Audited like every read of tip details.
    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["limit", "after"])
        let principal = context.principal
        try requireOfficer(principal)
        let limit = try query.int("limit", range: 1...10_000) ?? 1_000
        let after = Int64(try query.int("after", range: 0...Int.max) ?? 0)
        let server = self.server
        let tips = try await blocking { try UnresolvedTipStore(database: server.database).open(afterID: after, limit: limit) }
        server.accessLog.record(principal, action: "tips.unresolved", detail: "after \(after), limit \(limit)", tips: tips.count)
        let items: [JSONValue] = tips.map { kept in
            let d = kept.draft
            return .object([
                "id": .number(Double(kept.id)), "source": .string(d.source), "external_id": d.externalID.map(JSONValue.string) ?? .null,
                "reported_at": .string(d.reportedAt.iso8601), "category": .string(d.category.rawValue), "channel": .string(d.channel.rawValue),
                "description": d.description.map(JSONValue.string) ?? .null, "location_text": .string(d.locationText ?? ""),
                "province": d.provinceHint.map(JSONValue.string) ?? .null, "located_by": .string(kept.method.rawValue),
                "candidates": .array(kept.candidates.map(JSONValue.string)), "reason": .string(kept.reason),
            ])
        }
        var body: [String: JSONValue] = ["unresolved": .array(items), "returned": .number(Double(items.count))]
        if tips.count == limit, let last = tips.last { body["next"] = .number(Double(last.id)) }
        return Responses.document(.object(body))
    }

    /// `PATCH /tips/unresolved/{id}` with `{"lon": …, "lat": …}`, `{"commune": "…"}` or
    /// `{"dismissed": true, "note": …}`.
    func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        try requireOfficer(context.principal)
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError.notFound("no such unresolved tip") }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let object = try TipIntake.object(Data(body.readableBytesView))
        if let unknown = object.keys.filter({ !["lon", "lat", "commune", "dismissed", "note"].contains($0) }).sorted().first {
            throw APIError.badRequest("unknown field '\(unknown)'; fields are lon and lat, or commune, or dismissed and note")
        }
        if let dismissed = object["dismissed"] {
            guard dismissed == .bool(true), object["lon"] == nil, object["lat"] == nil, object["commune"] == nil else {
                throw APIError.badRequest("'dismissed' must be true, without a place")
            }
            let note = try TipIntake.note(in: object)
            let server = self.server, tokenID = context.principal.tokenID
            try await blockingWrite { try UnresolvedTipStore(database: server.database).dismiss(id: id, note: note, tokenID: tokenID) }
            server.dataChanged()
            return Responses.document(.object(["unresolved_id": .number(Double(id)), "dismissed": .bool(true)]))
        }
        if object["note"] != nil { throw APIError.badRequest("'note' goes with 'dismissed'") }
        enum Placement { case point(Coordinate), commune(String) }
        let placement: Placement
        switch (object["lon"], object["lat"], object["commune"]) {
        case (.number?, .number?, nil): placement = .point(try TipIntake.point(in: object)!)
        case (nil, nil, .string(let code)?) where !code.isEmpty: placement = .commune(code)
        default: throw APIError.badRequest("give 'lon' and 'lat' (numbers) or 'commune' (a 2025 commune code), not both")
        }
        let server = self.server
        let tipID = try await blockingWrite { () -> Int64 in
            try UnresolvedTipStore(database: server.database).resolve(id: id) { draft in
                switch placement {
                case .point(let point):
                    return (draft.placed(at: point, method: .gps, accuracyMeters: nil), try server.boundaryIndex().assign(point))
                case .commune(let code):
                    return try server.placers.placer(database: server.database).place(draft, inCommune: code)
                }
            }
        }
        server.dataChanged()
        return Responses.document(.object(["id": .number(Double(tipID)), "unresolved_id": .number(Double(id))]),
                                  headers: [.location: "/collections/tips/items/\(tipID)"])
    }
}
