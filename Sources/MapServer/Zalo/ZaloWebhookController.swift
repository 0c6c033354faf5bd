import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /intake/zalo`: Zalo Official Account webhook events (docs/zalo.md). The signature
/// (`X-ZEvent-Signature`, the OA secret key over the raw body) authenticates the request, not
/// a token. A signed, fresh event is recorded durably and answered 200 at once; a worker
/// turns it into a tip afterwards (Zalo wants its answer within about 2 s).
struct ZaloWebhookController: RouteController {
    let server: ServerContext
    static let signatureHeader = HTTPField.Name("X-ZEvent-Signature")!

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.post("/intake/zalo") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        guard let zalo = server.zalo else { throw APIError.notFound("Zalo intake is not configured on this server (ZALO_APP_ID or --zalo-accounts)") }
        var request = request
        let buffer = try await request.collectBody(upTo: ZaloChannel.maximumBodyBytes)
        let body = Array(buffer.readableBytesView)
        // The signature is checked on the envelope alone: an unsigned body costs its JSON parse,
        // never a text normalisation. An unknown app, an OA this server does not serve and a
        // wrong signature answer alike, so that the configuration cannot be probed.
        let envelope: ZaloEvent.Envelope
        do { envelope = try ZaloEvent.Envelope(body: body) } catch { throw APIError.badRequest("not a Zalo event: \(error)", code: "InvalidBody") }
        guard let account = zalo.account(appID: envelope.appID, oaID: envelope.oaID),
              ZaloSignature.isValid(request.headers[Self.signatureHeader], appID: envelope.appID, body: body, timestamp: envelope.timestampText,
                                    secretKey: account.oaSecretKey) else {
            throw APIError(status: .unauthorized, code: "Unauthorized",
                           description: "missing or wrong X-ZEvent-Signature (mac=sha256(app_id + body + timestamp + OA secret key) of a configured app and OA)")
        }
        let event: ZaloEvent
        do { event = try ZaloEvent(envelope: envelope) } catch { throw APIError.badRequest("not a Zalo event: \(error)", code: "InvalidBody") }
        let now = ZaloConversation.nowMilliseconds()
        if now - event.timestampMilliseconds > ZaloChannel.maximumAgeMilliseconds {
            throw APIError(status: .unauthorized, code: "Unauthorized", description: "the event's timestamp is more than 13 hours old: refused as a replay")
        }
        if event.timestampMilliseconds - now > ZaloChannel.maximumSkewMilliseconds {
            throw APIError(status: .unauthorized, code: "Unauthorized", description: "the event's timestamp is more than 5 minutes in the future")
        }
        let created = try await TipsController.unlessBusy(context) {
            let new = try await zalo.inboxWriter.record(ZaloInbox.Delivery(event: event, body: body))
            return Responses.document(.object(["received": .bool(true), "repeat": .bool(!new)]))
        }
        zalo.doorbell.ring()
        return created
    }
}
