import Foundation
import GeoIncidents
import Hummingbird
import NIOCore

/// `GET /incidents/{id}`: an incident with its member tips (how each joined: first report,
/// forwarded copy, corroboration, repeat, officer) and the officers' decisions;
/// `PATCH /incidents/{id}`: officers decide — `{"status": …}` moves every member tip,
/// `{"merge": otherID}` merges another incident into this one, `{"split": tipID}` takes a
/// tip out into an incident of its own; each with an optional `note`, recorded in the
/// decision trail and kept through rebuilds (docs/incidents.md). Analysts and commanders;
/// a commune-scoped token reads and changes only incidents every tip of which lies in its
/// communes: any other incident is not there for it (404), so no count, time, source or
/// decision of a report outside its communes reaches it.
struct IncidentsController: RouteController {
    let server: ServerContext

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/incidents/:id") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let principal = context.principal
            try TipsController.require(principal.role.readsTips, principal, "incidents need an analyst or commander token")
            let id = try Self.id(context)
            let server = self.server
            await server.catchUpIncidents()
            // A scoped token sees only incidents every tip of which lies in its communes.
            let (record, members, decisions) = try await blocking { () -> (IncidentRecord?, [IncidentMember], [IncidentDecision]) in
                let store = IncidentStore(database: server.database)
                guard let record = try store.incident(id: id), try store.isWithin(id, communes: principal.communes) else { return (nil, [], []) }
                return (record, try store.members(of: id), try store.decisions(incident: id))
            }
            guard let record else { throw APIError.notFound("no incident with id \(id)") }
            server.accessLog.record(principal, action: "incidents.item", detail: "incident \(id)", tips: members.count)
            return Responses.document(Self.document(record, members: members, decisions: decisions))
        }
        router.patch("/incidents/:id") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let principal = context.principal
            try TipsController.require(principal.role.changesStatus, principal, "deciding on incidents needs an analyst or commander token")
            let id = try Self.id(context)
            var request = request
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let object = try TipIntake.object(Data(body.readableBytesView))
            if let unknown = object.keys.filter({ !["status", "merge", "split", "note"].contains($0) }).sorted().first {
                throw APIError.badRequest("unknown field '\(unknown.prefix(40))'; fields are status, merge or split, and note")
            }
            let actions = ["status", "merge", "split"].filter { object[$0] != nil }
            guard actions.count == 1 else { throw APIError.badRequest("give exactly one of status, merge (an incident id) or split (a tip id)") }
            let note = try TipIntake.note(in: object)
            let actor = "token \(principal.tokenID.map(String.init) ?? "-") (\(principal.role.rawValue))"
            let communes = principal.communes
            let server = self.server
            await server.catchUpIncidents()
            let record: IncidentRecord = try await blockingWrite {
                let store = IncidentStore(database: server.database)
                // An incident outside the scope is not there for this token (as tips are).
                guard try store.incident(id: id) != nil, try store.isWithin(id, communes: communes) else { throw APIError.notFound("no incident with id \(id)") }
                switch actions[0] {
                case "status":
                    guard case .string(let text)? = object["status"], let status = TipStatus(rawValue: text) else {
                        throw APIError.badRequest("'status' must be one of \(TipStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    let moved = try store.moveStatus(id, to: status, actor: actor, communes: communes, note: note, tokenID: principal.tokenID)
                    if status == .resolved, let zalo = server.zalo {
                        for member in try store.members(of: id) { _ = try zalo.outbox.enqueueClosing(tipID: member.tipID) }
                    }
                    return moved
                case "merge":
                    guard case .number(let n)? = object["merge"], n.isFinite, n == n.rounded(), n >= 1, n <= 9.0e15 else {
                        throw APIError.badRequest("'merge' must be the id of another incident")
                    }
                    // An incident outside the scope is not there for this token.
                    guard let other = try store.incident(id: Int64(n)), try store.isWithin(other.id, communes: communes) else {
                        throw APIError.notFound("no incident with id \(Int64(n))")
                    }
                    return try store.merge(id, with: other.id, actor: actor, communes: communes, note: note)
                default:
                    guard case .number(let n)? = object["split"], n.isFinite, n == n.rounded(), n >= 1, n <= 9.0e15 else {
                        throw APIError.badRequest("'split' must be the id of a member tip")
                    }
                    guard try store.incident(ofTip: Int64(n)) == id else { throw APIError.badRequest("tip \(Int64(n)) is not in incident \(id)") }
                    return try store.split(tip: Int64(n), actor: actor, communes: communes, note: note)
                }
            }
            server.dataChanged()
            server.zalo?.doorbell.ring()
            let (members, decisions) = try await blocking {
                let store = IncidentStore(database: server.database)
                return (try store.members(of: record.id), try store.decisions(incident: record.id))
            }
            return Responses.document(Self.document(record, members: members, decisions: decisions))
        }
    }

    static func id(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard text.utf8.count <= 19, let id = Int64(text), id > 0 else { throw APIError.notFound("no incident with id \(text.prefix(40))") }
        return id
    }

    static func document(_ r: IncidentRecord, members: [IncidentMember], decisions: [IncidentDecision]) -> JSONValue {
        var object = Dictionary(uniqueKeysWithValues: IncidentFeatures.properties(r))
        object["id"] = .number(Double(r.id))
        object["lon"] = .number(r.lon)
        object["lat"] = .number(r.lat)
        object["members"] = .array(members.map(IncidentFeatures.member))
        object["decisions"] = .array(decisions.map { d in
            .object(["at": .string(d.decidedAt.iso8601), "actor": .string(d.actor), "action": .string(d.action), "tip": .number(Double(d.tipID)),
                     "other_tip": d.otherTipID.map { .number(Double($0)) } ?? .null, "detail": d.detail.map(JSONValue.string) ?? .null])
        })
        return .object(object)
    }
}
