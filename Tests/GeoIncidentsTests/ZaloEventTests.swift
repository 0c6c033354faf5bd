import Foundation
import Testing
@testable import GeoIncidents

/// Zalo webhook events as Zalo documents them (issue 18): the signature, the event shapes,
/// and the category a message's words suggest.
@Suite("Zalo events")
struct ZaloEventTests {
    /// Zalo's documented user_send_text sample, byte for byte.
    static let sample = #"{"app_id":"360846524940903967","sender":{"id":"246845883529197922"},"user_id_by_app":"552177279717587730","recipient":{"id":"388613280878808645"},"event_name":"user_send_text","message":{"text":"message","msg_id":"96d3cdf3af150460909"},"timestamp":"154390853474"}"#

    @Test("the signature is sha256(app_id + raw body + timestamp + OA secret key), as Python's hashlib computes it")
    func signature() {
        let body = Array(Self.sample.utf8)
        // python3 -c "import hashlib; print(hashlib.sha256((app_id + body + timestamp + 'oa-secret').encode()).hexdigest())"
        let expected = "mac=8dbbdc472a6388427ac970d91c3b52eb2d0b1cf4a6ed162175383138a09e1b42"
        #expect(ZaloSignature.header(appID: "360846524940903967", body: body, timestamp: "154390853474", secretKey: "oa-secret") == expected)
        #expect(ZaloSignature.isValid(expected, appID: "360846524940903967", body: body, timestamp: "154390853474", secretKey: "oa-secret"))
        #expect(ZaloSignature.isValid(expected.uppercased().replacingOccurrences(of: "MAC=", with: "mac="), appID: "360846524940903967", body: body,
                                      timestamp: "154390853474", secretKey: "oa-secret"))
        #expect(!ZaloSignature.isValid(expected, appID: "360846524940903967", body: body + [0x20], timestamp: "154390853474", secretKey: "oa-secret"))
        #expect(!ZaloSignature.isValid(expected, appID: "360846524940903967", body: body, timestamp: "154390853475", secretKey: "oa-secret"))
        #expect(!ZaloSignature.isValid(expected, appID: "360846524940903967", body: body, timestamp: "154390853474", secretKey: "app-secret"))
        #expect(!ZaloSignature.isValid(nil, appID: "1", body: body, timestamp: "1", secretKey: "oa-secret"))
        #expect(!ZaloSignature.isValid("", appID: "1", body: body, timestamp: "1", secretKey: "oa-secret"))
        #expect(!ZaloSignature.isValid(String(expected.dropFirst(4)), appID: "360846524940903967", body: body, timestamp: "154390853474", secretKey: "oa-secret"))
        #expect(!ZaloSignature.isValid(expected, appID: "360846524940903967", body: body, timestamp: "154390853474", secretKey: ""))
    }

    @Test("the documented shapes: text, location with string coordinates, image, follow, submitted info; bad ones name the member")
    func shapes() throws {
        let text = try ZaloEvent(body: Array(Self.sample.utf8))
        #expect(text.kind == .text && text.text == "message" && text.messageID == "96d3cdf3af150460909")
        #expect(text.userID == "246845883529197922" && text.oaID == "388613280878808645" && text.timestampMilliseconds == 154_390_853_474)
        let location = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"user_send_location","timestamp":"1700000000000","sender":{"id":"u"},"recipient":{"id":"oa"},"message":{"msg_id":"m","text":"chợ Tân Lợi","attachments":[{"type":"location","payload":{"coordinates":{"latitude":"10.7642473","longitude":"106.6564314"}}}]}}"#.utf8))
        #expect(location.kind == .location && location.location == Coordinate(x: 106.6564314, y: 10.7642473) && location.text == "chợ Tân Lợi")
        let image = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"user_send_image","timestamp":"1700000000000","sender":{"id":"u"},"recipient":{"id":"oa"},"message":{"msg_id":"m2","attachments":[{"type":"image","payload":{"thumbnail":"https://t","url":"https://p.jpg"}}]}}"#.utf8))
        #expect(image.kind == .image && image.attachments == [ZaloEvent.Attachment(kind: "image", url: "https://p.jpg", name: nil)])
        let follow = try ZaloEvent(body: Array(#"{"oa_id":"oa","follower":{"id":"u9"},"user_id_by_app":"5","event_name":"follow","source":"oa_profile","app_id":"1","timestamp":"154397978274"}"#.utf8))
        #expect(follow.kind == .follow && follow.userID == "u9" && follow.oaID == "oa" && follow.messageID == nil)
        let info = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"user_submit_info","timestamp":"1700000000000","sender":{"id":"u"},"recipient":{"id":"oa"},"info":{"address":"số 5 Lê Lợi","phone":"0900","city":"Khánh Hòa","district":"Cam Ranh","name":"An","ward":"Cam Phúc Bắc"}}"#.utf8))
        #expect(info.kind == .submitInfo && info.submittedAddress == "số 5 Lê Lợi, Cam Phúc Bắc, Cam Ranh, Khánh Hòa" && info.submittedPhone == "0900")
        let echo = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"oa_send_text","timestamp":"1700000000000","sender":{"id":"oa"},"recipient":{"id":"u"},"message":{"msg_id":"x","text":"hi"}}"#.utf8))
        #expect(echo.kind == .other && echo.userID == nil && echo.oaID == "oa")
        // Ids must be strings: a number would lose digits and merge residents.
        let numeric = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000","sender":{"id":246845883529197922},"recipient":{"id":"oa"},"message":{"msg_id":"m","text":"x"}}"#.utf8))
        #expect(numeric.userID == nil)
        #expect(throws: ZaloEvent.Problem.self) { try ZaloEvent(body: Array(#"{"app_id":1,"event_name":"x","timestamp":"1"}"#.utf8)) }
        // Attachments are http(s) URLs only; texts are clipped by bytes.
        let links = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"user_send_link","timestamp":"1700000000000","sender":{"id":"u"},"recipient":{"id":"oa"},"message":{"msg_id":"l","attachments":[{"type":"link","payload":{"url":"javascript:alert(1)"}},{"type":"link","payload":{"url":"https://ok.vn/a"}}]}}"#.utf8))
        #expect(links.attachments.map(\.url) == ["https://ok.vn/a"])
        let long = try ZaloEvent(body: Array(#"{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000","sender":{"id":"u"},"recipient":{"id":"oa"},"message":{"msg_id":"t","text":"\#(String(repeating: "đ", count: 9_000))"}}"#.utf8))
        #expect((long.text?.utf8.count ?? 0) <= ZaloEvent.maximumTextBytes && (long.text?.utf8.count ?? 0) > 8_000)
        #expect(TextFolding.prefix("aé", maxBytes: 2) == "a" && TextFolding.prefix("abc", maxBytes: 5) == "abc")
        // The same event delivered twice has one key; events without a message id are keyed by their bytes.
        #expect(ZaloEvent.key(messageID: "m", body: [1]) == ZaloEvent.key(messageID: "m", body: [2]))
        #expect(ZaloEvent.key(messageID: nil, body: [1]) != ZaloEvent.key(messageID: nil, body: [2]))
        for (body, member) in [(#"{"app_id":"1","timestamp":"1"}"#, "event_name"), (#"{"event_name":"x","timestamp":"1"}"#, "app_id"),
                               (#"{"event_name":"x","app_id":"1","timestamp":"-5"}"#, "timestamp"),
                               (#"{"event_name":"user_send_location","app_id":"1","timestamp":"1","message":{"attachments":[{"type":"location","payload":{}}]}}"#, "coordinates"),
                               (#"{"event_name":"user_send_location","app_id":"1","timestamp":"1","message":{"attachments":[{"type":"location","payload":{"coordinates":{"latitude":"91","longitude":"1"}}}]}}"#, "attachments[0]")] {
            #expect(throws: ZaloEvent.Problem.self, "\(member)") { try ZaloEvent(body: Array(body.utf8)) }
            do { _ = try ZaloEvent(body: Array(body.utf8)) } catch { #expect("\(error)".contains(member), "\(error)") }
        }
    }

    @Test("categories suggested from words without diacritics; longest phrase wins; nothing for words that suggest nothing")
    func categories() {
        #expect(CategoryKeywords.suggest("Có nhóm thanh niên mang hung khí đánh nhau")?.category == .criminal)
        #expect(CategoryKeywords.suggest("co nguoi ban ma tuy o hem 5")?.category == .socialEvil)
        #expect(CategoryKeywords.suggest("Cháy nhà ở khu phố 3")?.category == .fire)
        #expect(CategoryKeywords.suggest("tai nạn giao thông trên QL1")?.category == .traffic)
        #expect(CategoryKeywords.suggest("hỏi thủ tục đăng ký tạm trú")?.category == .adminProcedure)
        #expect(CategoryKeywords.suggest("tụ tập đông người khiếu kiện")?.category == .politicalSecurity)
        #expect(CategoryKeywords.suggest("nhóm đánh bạc ăn tiền")?.phrase == "danh bac")
        #expect(CategoryKeywords.suggest("xin chào công an phường") == nil)
        #expect(CategoryKeywords.suggest("") == nil)
    }

    @Test("accounts from the environment and from a file: every missing or wrong member named")
    func accounts() throws {
        #expect(try ZaloAccount.fromEnvironment([:]) == nil)
        #expect(throws: GeoIncidentsError.self) { try ZaloAccount.fromEnvironment(["ZALO_APP_ID": "1"]) }
        let account = try #require(try ZaloAccount.fromEnvironment(["ZALO_APP_ID": "1", "ZALO_OA_ID": "2", "ZALO_OA_SECRET_KEY": "s", "ZALO_COMMUNES": "99001, 99002",
                                                                   "ZALO_API_BASE": "http://127.0.0.1:1"]))
        #expect(account.communes == ["99001", "99002"] && account.apiBase == "http://127.0.0.1:1" && account.oauthBase == "https://oauth.zaloapp.com")
        #expect(throws: GeoIncidentsError.self) { try ZaloAccount.fromEnvironment(["ZALO_APP_ID": "1", "ZALO_OA_ID": "2", "ZALO_OA_SECRET_KEY": "s", "ZALO_API_BASE": "ftp://x"]) }
        #expect(throws: GeoIncidentsError.self) { try ZaloAccount.fromEnvironment(["ZALO_APP_ID": "1", "ZALO_OA_ID": "2", "ZALO_OA_SECRET_KEY": "s", "ZALO_HOME_PROVINCE": "ZZ"]) }
        let path = TestSupport.temporaryPath("zalo-accounts.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"[{"app_id": "1", "oa_id": "2", "oa_secret_key": "s", "name": "Công an xã A", "communes": ["99001"]}, {"app_id": "1", "oa_id": "3", "oa_secret_key": "t"}]"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let list = try ZaloAccount.list(fromFile: path)
        #expect(list.map(\.oaID) == ["2", "3"] && list[0].name == "Công an xã A" && list[1].name == "Zalo OA 3")
        try #"[{"app_id": "1", "oa_id": "2"}]"#.write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try ZaloAccount.list(fromFile: path); Issue.record("accepted") } catch { #expect("\(error)".contains("account 1: 'oa_secret_key' is required")) }
        try #"[{"app_id": "1", "oa_id": "2", "oa_secret_key": "s", "colour": "red"}]"#.write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try ZaloAccount.list(fromFile: path); Issue.record("accepted") } catch { #expect("\(error)".contains("unknown member 'colour'")) }
    }
}
