import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import Logging

/// `POST /tips` (intake: validate, assign, store; idempotent) and `PATCH /tips/{id}` (status
/// moves with an audit trail).
struct TipsController: RouteController {
    let server: ServerContext
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!

    /// 401 for anonymous callers, 403 for a token whose role may not do this.
    static func require(_ allowed: Bool, _ principal: Principal, _ need: String) throws {
        guard !allowed else { return }
        throw APIError.denied(principal, unauthorized: need, forbidden: "the \(principal.role.rawValue) role cannot do this: \(need)")
    }

    /// Seconds a client is asked to wait before retrying when the database is busy.
    static let retryAfterSeconds = 5

    /// Runs a write, turning "database locked past the busy timeout" into 503 with
    /// `Retry-After` instead of a 500. The writer waits up to 10 s for the lock (an import
    /// holds it for one batch at a time); a client retries safely with the same
    /// Idempotency-Key or external id.
    static func unlessBusy(_ context: AppRequestContext, _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as GeoIncidentsError where error.kind == .database && error.resultCode.map({ $0 & 0xFF == 5 }) == true {
            // 5 = SQLITE_BUSY, in the low byte of every extended BUSY code.
            context.logger.warning("database busy, answered 503", metadata: ["request.id": "\(context.requestID)"])
            var response = ErrorMiddleware.response(APIError(status: .serviceUnavailable, code: "ServiceUnavailable",
                                                             description: "the database is busy (another writer holds it); retry after \(retryAfterSeconds) s with the same Idempotency-Key or external_id"))
            response.headers[.retryAfter] = String(retryAfterSeconds)
            return response
        }
    }

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.post("/tips") { request, context in
            try await Self.unlessBusy(context) { try await submit(request, context: context) }
        }
        router.patch("/tips/:id") { request, context in
            try await Self.unlessBusy(context) { try await moveStatus(request, context: context) }
        }
    }

    /// `POST /tips`.
    func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let principal = context.principal
        try Self.require(principal.role.submitsTips, principal, "submitting tips needs an intake or commander token")
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let data = Data(body.readableBytesView)
        let key = request.headers[Self.idempotencyKey]
        if let key, key.isEmpty || key.count > 200 { throw APIError.badRequest("Idempotency-Key must be 1 to 200 characters") }
        var draft = try TipIntake.parse(data, principal: principal)
        let requestHash = SHA256.hex(String(decoding: data, as: UTF8.self))
        let server = self.server
        if draft.position == nil, draft.externalID == nil, let key {
            // An unresolved tip has no idempotency row: a digest of the token and its key
            // identifies it within its source instead (the key itself is not shown to analysts,
            // and another token's key never collides), so a retry keeps one tip.
            draft.externalID = TipIntake.idempotencyPrefix + String(SHA256.hex("\(principal.tokenID ?? 0):\(key)").prefix(32))
        }
        let parsed = draft
        let placed = try await blocking { () -> TipPlacer.Outcome in
            if let tip = parsed.gpsTip { return .located(tip, try server.boundaryIndex().assign(tip.location)) }
            return try server.placers.placer(database: server.database).place(parsed)
        }
        let tip: NewTip, located: Assignment
        switch placed {
        case .located(let t, let a): (tip, located) = (t, a)
        case .unresolved(let kept): return try await keep(kept, principal: principal)
        }
        let (result, assignment, grouped) = try await blockingWrite { () -> (TipStore.IntakeResult, Assignment, Bool) in
            let assignment = located
            if !principal.covers(commune: assignment.communeCode) {
                throw APIError.forbidden("this token submits tips for communes \(principal.communes.joined(separator: ", ")) only; the tip lies in \(assignment.communeCode ?? "no commune")")
            }
            // Stored and grouped into its incident in one commit (issue 19).
            let (result, grouped) = try IncidentStore(database: server.database).submit(tip, assignment: assignment, idempotencyKey: key,
                                                                                        requestHash: requestHash, tokenID: principal.tokenID)
            // A retry returns the stored tip's assignment, which may predate a boundary change.
            guard !result.created else { return (result, assignment, grouped) }
            // The stored tip is the caller's own (its source is bound to the token); even so,
            // a scoped token never learns of a tip outside its communes.
            guard let stored = try server.tips.tip(id: result.id),
                  principal.covers(commune: stored.assignment.communeCode) else {
                throw APIError(status: .conflict, code: "Conflict", description: "this external_id or Idempotency-Key cannot be used for this tip")
            }
            return (result, stored.assignment, true)
        }
        // Grouping that could not run with the tip (a failure, a backlog) runs now; a failure
        // there loses nothing (the next pass groups it) and is not the caller's.
        if result.created && !grouped { await server.catchUpIncidents() }
        server.dataChanged()
        return Responses.document(.object([
            "id": .number(Double(result.id)), "created": .bool(result.created), "assignment": assignment.json,
            "located_by": .string(tip.locatingMethod.rawValue), "accuracy_m": tip.accuracyMeters.map(JSONValue.number) ?? .null,
        ]), status: result.created ? .created : .ok, headers: [.location: "/collections/tips/items/\(result.id)"])
    }

    /// `PATCH /tips/{id}` with `lon`, `lat` (and a `note`): an officer puts the tip on the point
    /// they confirmed (a tip located only to its commune, a GPS fix known to be off). A scoped
    /// token moves only its communes' tips, and only to a point inside them.
    func relocate(id: Int64, _ object: [String: JSONValue], principal: Principal) async throws -> Response {
        guard let location = try TipIntake.point(in: object) else { throw APIError.badRequest("'lon' and 'lat' must both be numbers") }
        let note = try TipIntake.note(in: object)
        let server = self.server
        let (tip, trail) = try await blockingWrite { () -> (TipRecord, [TipStore.LocationChange]) in
            guard let current = try server.tips.tip(id: id), principal.covers(commune: current.assignment.communeCode) else { throw APIError.notFound("no tip with id \(id)") }
            let assignment = try server.boundaryIndex().assign(location)
            guard principal.covers(commune: assignment.communeCode) else {
                throw APIError.forbidden("this token is limited to communes \(principal.communes.joined(separator: ", ")); the point lies in \(assignment.communeCode ?? "no commune")")
            }
            let moved = try server.tips.relocate(id: id, to: location, assignment: assignment, note: note, tokenID: principal.tokenID)
            return (moved, try server.tips.locationHistory(id: id))
        }
        server.dataChanged()
        let history: [JSONValue] = trail.map { change in
            .object(["from": .array([.number(change.from.x), .number(change.from.y)]), "from_located_by": .string(change.fromMethod.rawValue),
                     "to": .array([.number(change.to.x), .number(change.to.y)]), "at": .string(change.at.iso8601),
                     "token_id": change.tokenID.map { .number(Double($0)) } ?? .null, "note": change.note.map(JSONValue.string) ?? .null])
        }
        return Responses.document(.object(["id": .number(Double(tip.id)), "located_by": .string(tip.locatingMethod.rawValue),
                                           "assignment": tip.assignment.json, "location_history": .array(history)]))
    }

    /// A submitted tip whose location_text decides no place: kept for an officer, answered
    /// 202 with the candidates (never a point).
    func keep(_ kept: UnresolvedTip, principal: Principal) async throws -> Response {
        let server = self.server
        let id = try await blockingWrite { try UnresolvedTipStore(database: server.database).keep([kept]).first ?? nil }
        server.dataChanged()
        var body: [String: JSONValue] = [
            "created": .bool(id != nil), "located_by": .string(kept.method.rawValue), "reason": .string(kept.reason),
            "candidates": .array(kept.candidates.map(JSONValue.string)),
        ]
        if let id { body["unresolved_id"] = .number(Double(id)) }
        return Responses.document(.object(body), status: id != nil ? .accepted : .ok)
    }

    /// `PATCH /tips/{id}`.
    func moveStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let principal = context.principal
        try Self.require(principal.role.changesStatus, principal, "changing a tip's status needs an analyst or commander token")
        guard let id = Int64(try context.parameters.require("id")) else { throw APIError.notFound("no such tip") }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let object = try TipIntake.object(Data(body.readableBytesView))
        if let unknown = object.keys.filter({ !["status", "note", "lon", "lat"].contains($0) }).sorted().first {
            throw APIError.badRequest("unknown field '\(unknown)'; fields are status and note, or lon, lat and note")
        }
        if object["lon"] != nil || object["lat"] != nil {
            guard object["status"] == nil else { throw APIError.badRequest("move a tip or change its status, not both in one request") }
            return try await relocate(id: id, object, principal: principal)
        }
        guard case .string(let statusText)? = object["status"], let status = TipStatus(rawValue: statusText) else {
            throw APIError.badRequest("'status' must be one of \(TipStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let note = try TipIntake.note(in: object, limited: false)
        let server = self.server
        let (tip, history) = try await blockingWrite { () -> (TipRecord, [TipStore.StatusChange]) in
            guard let current = try server.tips.tip(id: id),
                  principal.covers(commune: current.assignment.communeCode) else {
                throw APIError.notFound("no tip with id \(id)")
            }
            let moved = try server.tips.moveStatus(id: id, to: status, note: note, tokenID: principal.tokenID)
            // A tip that came through a Zalo OA: the resident is told it was dealt with.
            if status == .resolved, let zalo = server.zalo { try zalo.outbox.enqueueClosing(tipID: id) }
            return (moved, try server.tips.statusHistory(id: id))
        }
        server.dataChanged()
        server.zalo?.doorbell.ring()
        let trail: [JSONValue] = history.map { change in
            .object(["from": .string(change.from.rawValue), "to": .string(change.to.rawValue), "at": .string(change.at.iso8601),
                     "token_id": change.tokenID.map { .number(Double($0)) } ?? .null, "note": change.note.map(JSONValue.string) ?? .null])
        }
        return Responses.document(.object(["id": .number(Double(tip.id)), "status": .string(tip.status.rawValue), "history": .array(trail)]))
    }
}
