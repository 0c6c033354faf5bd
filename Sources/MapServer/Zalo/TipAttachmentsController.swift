import Foundation
import GeoIncidents
import Hummingbird

/// `GET /tips/{id}/attachments`: the photo, file and link URLs a resident sent with a tip
/// through Zalo, for the roles that read tips (a scoped token: its communes' tips only).
/// Audited like every read of tip details.
struct TipAttachmentsController: RouteController {
    let server: ServerContext

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/tips/:id/attachments") { request, context in try await list(request, context: context) }
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let principal = context.principal
        try TipsController.require(principal.role.readsTips, principal, "tip attachments need an analyst or commander token")
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError.notFound("no such tip") }
        let server = self.server
        let attachments = try await blocking { () -> [TipAttachment] in
            guard let tip = try server.tips.tip(id: id), principal.covers(commune: tip.assignment.communeCode) else { throw APIError.notFound("no tip with id \(id)") }
            return try ZaloInbox(database: server.database).attachments(tipID: id)
        }
        server.accessLog.record(principal, action: "tips.attachments", detail: "tip \(id)", tips: 1)
        return Responses.document(.object(["tip_id": .number(Double(id)), "attachments": .array(attachments.map { a in
            .object(["kind": .string(a.kind), "url": .string(a.url), "name": a.name.map(JSONValue.string) ?? .null])
        })]))
    }
}
