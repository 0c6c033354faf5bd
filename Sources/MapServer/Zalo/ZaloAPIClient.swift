import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GeoIncidents

/// The two Zalo APIs the reply sender calls, over HTTPS with Foundation's URLSession:
/// - `POST {api base}/v3.0/oa/message/cs`, header `access_token`, body
///   `{"recipient":{"user_id"},"message":{"text"}}`; Zalo answers HTTP 200 with
///   `{"error": 0, "data": {"message_id"}}` or `{"error": <negative code>, "message"}`;
/// - `POST {oauth base}/v4/oa/access_token`, header `secret_key` (the app secret), form
///   `refresh_token`, `app_id`, `grant_type=refresh_token`; answers
///   `{"access_token", "refresh_token", "expires_in"}` or an error.
struct ZaloAPIClient: Sendable {
    /// What Zalo said to a send.
    enum SendResult: Sendable, Equatable {
        case sent(messageID: String?)
        /// Zalo's error code and message.
        case refused(code: Int, message: String)
    }

    /// A transport failure or an answer that is not Zalo's JSON.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        session = URLSession(configuration: configuration)
    }

    /// Sends `text` to `userID` as a consultation message of the OA.
    func send(text: String, to userID: String, accessToken: String, account: ZaloAccount) async throws -> SendResult {
        guard let url = URL(string: account.apiBase + "/v3.0/oa/message/cs") else { throw Failure(description: "bad API base") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(accessToken, forHTTPHeaderField: "access_token")
        request.httpBody = Data(GeoJSONWriter.json(.object(["recipient": .object(["user_id": .string(userID)]),
                                                             "message": .object(["text": .string(text)])])).utf8)
        let answer = try await json(request)
        guard let number = answer["error"]?.number, let code = Int(exactly: number), abs(code) < 1_000_000 else {
            throw Failure(description: "Zalo's answer has no integer error member")
        }
        if code == 0 {
            if case .object(let data)? = answer["data"] { return .sent(messageID: data["message_id"]?.text) }
            return .sent(messageID: nil)
        }
        return .refused(code: code, message: String((answer["message"]?.text ?? "").prefix(200)))
    }

    /// Exchanges the refresh token for a new pair (the old refresh token stops working).
    func refresh(refreshToken: String, account: ZaloAccount) async throws -> (access: String, refresh: String) {
        guard let url = URL(string: account.oauthBase + "/v4/oa/access_token") else { throw Failure(description: "bad OAuth base") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue(account.appSecret, forHTTPHeaderField: "secret_key")
        var form = URLComponents()
        form.queryItems = [URLQueryItem(name: "refresh_token", value: refreshToken), URLQueryItem(name: "app_id", value: account.appID),
                           URLQueryItem(name: "grant_type", value: "refresh_token")]
        request.httpBody = Data((form.percentEncodedQuery ?? "").utf8)
        let answer = try await json(request)
        guard let access = answer["access_token"]?.text, !access.isEmpty, let refresh = answer["refresh_token"]?.text, !refresh.isEmpty else {
            let reason = answer["error_description"]?.text ?? answer["message"]?.text ?? "no tokens in the answer"
            throw Failure(description: "token refresh refused: \(reason.prefix(200))")
        }
        return (access, refresh)
    }

    private func json(_ request: URLRequest) async throws -> [String: JSONValue] {
        let (data, response): (Data, URLResponse)
        do { (data, response) = try await session.data(for: request) } catch { throw Failure(description: "Zalo could not be reached: \(error.localizedDescription)") }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw Failure(description: "Zalo answered HTTP \(status)") }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { throw Failure(description: "Zalo's answer is not a JSON object") }
        return object
    }
}
