import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
@testable import MapServer

/// A local stand-in for Zalo's OA message API and OAuth API, as documented: messages with an
/// expired access token are refused with -216, a refresh with the right app secret and
/// refresh token returns a new pair (the old refresh token then stops working).
final class FakeZalo: Sendable {
    struct Sent: Sendable, Equatable {
        var accessToken: String
        var userID: String
        var text: String
    }

    struct State: Sendable {
        var validAccess: Set<String> = ["good-access"]
        var validRefresh: Set<String> = ["refresh-1"]
        var sent: [Sent] = []
        var refreshes: [[String: String]] = []
        var refusals = 0
        /// Residents who have not written to the OA for 7 days: -230.
        var silent: Set<String> = []
        /// Residents whose sends get an answer that is not Zalo's: an error code of 1e300.
        var garbled: Set<String> = []
        var next = 2
    }

    let state = Mutex(State())
    static let appSecret = "app-secret-xyz"

    var sent: [Sent] { state.withLock { $0.sent } }
    var refreshes: [[String: String]] { state.withLock { $0.refreshes } }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/v3.0/oa/message/cs") { request, context -> Response in
            let token = request.headers[HTTPField.Name("access_token")!] ?? ""
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            let user = (object["recipient"] as? [String: Any])?["user_id"] as? String ?? ""
            let text = (object["message"] as? [String: Any])?["text"] as? String ?? ""
            let answer: String = self.state.withLock { state in
                guard state.validAccess.contains(token) else { state.refusals += 1; return #"{"error": -216, "message": "Access token is invalid"}"# }
                if state.garbled.contains(user) { return #"{"error": 1e300}"# }
                if state.silent.contains(user) { return #"{"error": -230, "message": "User has not interacted with the OA in the past 7 days"}"# }
                state.sent.append(Sent(accessToken: token, userID: user, text: text))
                return #"{"error": 0, "message": "Success", "data": {"message_id": "m\#(state.sent.count)", "user_id": "\#(user)"}}"#
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        router.post("/v4/oa/access_token") { request, context -> Response in
            let secret = request.headers[HTTPField.Name("secret_key")!] ?? ""
            let body = try await request.body.collect(upTo: 1 << 16)
            var form: [String: String] = [:]
            for pair in String(buffer: body).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                if parts.count == 2 { form[parts[0]] = parts[1] }
            }
            form["secret_key"] = secret
            let answer: String = self.state.withLock { state in
                state.refreshes.append(form)
                guard secret == Self.appSecret, form["grant_type"] == "refresh_token", let old = form["refresh_token"], state.validRefresh.contains(old) else {
                    return #"{"error": -14014, "error_description": "Invalid refresh token"}"#
                }
                state.validRefresh.remove(old)
                let n = state.next
                state.next += 1
                state.validAccess.insert("access-\(n)")
                state.validRefresh.insert("refresh-\(n)")
                return #"{"access_token": "access-\#(n)", "refresh_token": "refresh-\#(n)", "expires_in": "90000"}"#
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        return router
    }

    /// Runs `body` with the fake listening on a local port.
    func run(_ body: @escaping @Sendable (_ base: String) async throws -> Void) async throws {
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body("http://127.0.0.1:\(client.port ?? 0)") }
    }
}

/// Signed webhook events built from Zalo's documented shapes.
struct ZaloEvents {
    let account: ZaloAccount
    let user: String

    func body(_ name: String, message: String, at ms: Int64) -> String {
        #"{"app_id":"\#(account.appID)","user_id_by_app":"55217","event_name":"\#(name)","timestamp":"\#(ms)","sender":{"id":"\#(user)"},"recipient":{"id":"\#(account.oaID)"},"message":\#(message)}"#
    }

    func text(_ text: String, id: String, at ms: Int64 = ZaloConversation.nowMilliseconds()) -> String {
        let escaped = text.replacingOccurrences(of: "\"", with: "\\\"")
        return body("user_send_text", message: #"{"msg_id":"\#(id)","text":"\#(escaped)"}"#, at: ms)
    }

    func location(lat: Double, lon: Double, id: String, text: String = "", at ms: Int64 = ZaloConversation.nowMilliseconds()) -> String {
        body("user_send_location", message: #"{"msg_id":"\#(id)","text":"\#(text)","attachments":[{"type":"location","payload":{"coordinates":{"latitude":"\#(lat)","longitude":"\#(lon)"}}}]}"#, at: ms)
    }

    func image(_ url: String, id: String, at ms: Int64 = ZaloConversation.nowMilliseconds()) -> String {
        body("user_send_image", message: #"{"msg_id":"\#(id)","attachments":[{"type":"image","payload":{"thumbnail":"\#(url)?t","url":"\#(url)"}}]}"#, at: ms)
    }

    /// The headers Zalo sends: the signature over the exact body.
    func headers(_ body: String, secret: String? = nil) -> HTTPFields {
        let ms = body.range(of: #""timestamp":""#).map { String(body[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
        return [HTTPField.Name("X-ZEvent-Signature")!: ZaloSignature.header(appID: account.appID, body: Array(body.utf8), timestamp: ms,
                                                                            secretKey: secret ?? account.oaSecretKey),
                .contentType: "application/json"]
    }
}
