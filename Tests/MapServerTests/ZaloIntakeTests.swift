import Foundation
@testable import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import MapServer

/// Issue 18: `POST /intake/zalo` with signed events from Zalo's documented shapes, the
/// conversation that becomes one tip, and the replies through a fake Zalo.
@Suite("Zalo OA intake")
struct ZaloIntakeTests {
    static func account(base: String = "http://127.0.0.1:9", access: String = "good-access", communes: [String] = []) -> ZaloAccount {
        ZaloAccount(appID: "3608465249", oaID: "3886132808", name: "Công an phường Khánh Hải", oaSecretKey: "oa-secret-abc",
                    appSecret: FakeZalo.appSecret, accessToken: access, refreshToken: "refresh-1", homeProvince: "99", communes: communes,
                    apiBase: base, oauthBase: base)
    }

    static func fixture(_ account: ZaloAccount) throws -> (ServerFixture, ZaloWorker) {
        var fixture = try ServerFixture(tips: 50)
        fixture.server = ServerContext(database: fixture.database, zaloAccounts: [account])
        return (fixture, ZaloWorker(server: fixture.server, zalo: fixture.server.zalo!, logger: Logger(label: "test")))
    }

    static func post(_ client: some TestClientProtocol, _ events: ZaloEvents, _ body: String, secret: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await client.execute(uri: "/intake/zalo", method: .post, headers: events.headers(body, secret: secret), body: json(body)) { ($0.status, $0.object) }
    }

    static func rows(_ database: GeoDatabase, _ sql: String) throws -> [[String]] {
        try database.read { connection in
            let statement = try connection.prepare(sql)
            var rows: [[String]] = []
            try statement.forEachRow { row in rows.append((0..<Int32(8)).map { row.isNull($0) ? "" : row.text($0) }) }
            return rows
        }
    }

    @Test("text, then the shared location, then a photo become one tip on the GPS point; a retried event is one; replies go out, the expired token is refreshed")
    func conversation() async throws {
        let fake = FakeZalo()
        try await fake.run { base in
            let account = Self.account(base: base, access: "expired-access")
            let (fixture, worker) = try Self.fixture(account)
            let events = ZaloEvents(account: account, user: "2468458835291979")
            let before = try TipStore(database: fixture.database).count()
            let now = ZaloConversation.nowMilliseconds()
            try await fixture.test { client in
                let text = events.text("Có nhóm thanh niên tụ tập mang hung khí đánh nhau ở khu phố 1 phường Khánh Hải", id: "msg-1", at: now - 60_000)
                var (status, answer) = try await Self.post(client, events, text)
                #expect(status == .ok && answer["repeat"] as? Bool == false)
                (status, answer) = try await Self.post(client, events, text)    // Zalo's retry
                #expect(status == .ok && answer["repeat"] as? Bool == true)
                await worker.pass()
                let tips = try Self.rows(fixture.database, "SELECT id, locating_method, channel, category, commune_code FROM tips WHERE id > (SELECT max(id) - 1 FROM tips)")
                #expect(try TipStore(database: fixture.database).count() == before + 1)
                let id = try #require(Int64(tips.first?[0] ?? ""))
                #expect(tips.first?[1] == "neighbourhood" && tips.first?[2] == "zalo_page" && tips.first?[3] == "criminal" && tips.first?[4] == "99001")
                // The expired token was refreshed with the app secret, the reply then sent with the new one.
                #expect(fake.refreshes.count == 1)
                #expect(fake.refreshes.first?["secret_key"] == FakeZalo.appSecret && fake.refreshes.first?["app_id"] == account.appID
                        && fake.refreshes.first?["refresh_token"] == "refresh-1")
                #expect(fake.sent.count == 1 && fake.sent.first?.accessToken == "access-2" && fake.sent.first?.userID == events.user)
                let reference = try #require(try Self.rows(fixture.database, "SELECT reference FROM zalo_conversations").first?[0])
                #expect(fake.sent.first?.text.contains(reference) == true && fake.sent.first?.text.contains("Mã tin báo") == true)
                #expect(try ZaloOutbox(database: fixture.database).tokens(for: account) == ("access-2", "refresh-2"))

                // The resident shares the location a minute later: the tip moves to it.
                let tip = try #require(try TipStore(database: fixture.database).tip(id: id))
                let point = tip.location
                (status, _) = try await Self.post(client, events, events.location(lat: point.y + 0.0001, lon: point.x, id: "msg-2", at: now - 30_000))
                #expect(status == .ok)
                (status, _) = try await Self.post(client, events, events.image("https://f.zalo.me/photo-1.jpg", id: "msg-3", at: now - 20_000))
                #expect(status == .ok)
                await worker.pass()
                #expect(try TipStore(database: fixture.database).count() == before + 1)
                let moved = try #require(try TipStore(database: fixture.database).tip(id: id))
                #expect(moved.locatingMethod == .gps && abs(moved.location.y - (point.y + 0.0001)) < 1e-9)
                #expect(try Self.rows(fixture.database, "SELECT url FROM zalo_attachments").map { $0[0] } == ["https://f.zalo.me/photo-1.jpg"])
                // The Zalo id is in the contact table only, and the event bodies are gone once processed.
                #expect(try TipStore(database: fixture.database).contact(tipID: id)?.zaloID == events.user)
                #expect(try Self.rows(fixture.database, "SELECT count(*) FROM zalo_events WHERE body IS NOT NULL").first?[0] == "0")
                try await client.execute(uri: "/collections/tips/items/\(id)", method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .ok && !response.text.contains(events.user))
                    #expect(response.text.contains("photo-1") == false)
                }
                try await client.execute(uri: "/tips/\(id)/attachments", method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .ok && response.text.contains("https://f.zalo.me/photo-1.jpg"), "\(response.text)")
                }
                try await client.execute(uri: "/tips/\(id)/attachments", method: .get) { response in #expect(response.status == .unauthorized) }

                // An officer resolves the tip: the resident is told.
                for status in ["verified", "dispatched", "resolved"] {
                    try await client.execute(uri: "/tips/\(id)", method: .patch, headers: bearer(fixture.commander), body: json(#"{"status": "\#(status)"}"#)) { response in
                        #expect(response.status == .ok)
                    }
                }
                await worker.pass()
                #expect(fake.sent.count == 2 && fake.sent.last?.text.contains("xử lý xong") == true)
            }
        }
    }

    @Test("a text that names no place is kept and the resident asked for the location; the shared location places it; a message after the window is a new tip")
    func askForLocation() async throws {
        let fake = FakeZalo()
        try await fake.run { base in
            let account = Self.account(base: base)
            let (fixture, worker) = try Self.fixture(account)
            let events = ZaloEvents(account: account, user: "777")
            let before = try TipStore(database: fixture.database).count()
            let now = ZaloConversation.nowMilliseconds()
            try await fixture.test { client in
                _ = try await Self.post(client, events, events.text("Có người bán ma túy ở quán nước đầu hẻm", id: "a-1", at: now - 50 * 60_000))
                await worker.pass()
                #expect(try UnresolvedTipStore(database: fixture.database).openCount() == 1)
                #expect(try TipStore(database: fixture.database).count() == before)
                #expect(fake.sent.count == 1 && fake.sent[0].text.contains("Vui lòng gửi vị trí"))
                let point = try #require(try TipStore(database: fixture.database).list(TipFilter(), afterID: 0, limit: 1).first?.location)
                _ = try await Self.post(client, events, events.location(lat: point.y, lon: point.x, id: "a-2", at: now - 45 * 60_000))
                await worker.pass()
                #expect(try UnresolvedTipStore(database: fixture.database).openCount() == 0)
                #expect(try TipStore(database: fixture.database).count() == before + 1)
                #expect(fake.sent.count == 2 && fake.sent[1].text.contains("Đã nhận vị trí"))
                // Twenty minutes later (past the 10-minute window): a new conversation, a new tip.
                _ = try await Self.post(client, events, events.location(lat: point.y, lon: point.x, id: "a-3", text: "cháy nhà", at: now - 25 * 60_000))
                await worker.pass()
                #expect(try TipStore(database: fixture.database).count() == before + 2)
                #expect(try Self.rows(fixture.database, "SELECT count(*) FROM zalo_conversations").first?[0] == "2")
            }
        }
    }

    @Test("an officer's decisions stand: a tip the officer moved keeps its point when the resident shares a location; a kept tip the officer placed gets the later words")
    func officerFirst() async throws {
        let fake = FakeZalo()
        try await fake.run { base in
            let account = Self.account(base: base)
            let (fixture, worker) = try Self.fixture(account)
            let now = ZaloConversation.nowMilliseconds()
            let tips = TipStore(database: fixture.database)
            let inside = try #require(try tips.list(TipFilter(), afterID: 0, limit: 1).first?.location)
            try await fixture.test { client in
                // 1. Text placed on the commune; an officer moves it; the resident's location then does not move it.
                let first = ZaloEvents(account: account, user: "u-1")
                _ = try await Self.post(client, first, first.text("trộm xe ở phường Khánh Hải", id: "o-1", at: now - 120_000))
                await worker.pass()
                let id = try #require(try Self.rows(fixture.database, "SELECT tip_id FROM zalo_conversations WHERE user_id = 'u-1'").first.flatMap { Int64($0[0]) })
                try await client.execute(uri: "/tips/\(id)", method: .patch, headers: bearer(fixture.commander),
                                         body: json(#"{"lon": \#(inside.x), "lat": \#(inside.y), "note": "xác minh tại chỗ"}"#)) { #expect($0.status == .ok) }
                _ = try await Self.post(client, first, first.location(lat: inside.y + 0.002, lon: inside.x, id: "o-2", at: now - 60_000))
                await worker.pass()
                let kept = try #require(try tips.tip(id: id))
                #expect(kept.location == inside && kept.locatingMethod == .gps)
                #expect(kept.description?.contains(String(inside.y + 0.002).prefix(6)) == false)    // the resident's position is not in the words analysts read
                #expect(try tips.contact(tipID: id)?.note?.contains("vị trí người báo chia sẻ") == true)
                // 2. A text naming no place is kept; an officer places it; the resident's next words reach that tip.
                let second = ZaloEvents(account: account, user: "u-2")
                _ = try await Self.post(client, second, second.text("có người lạ đột nhập", id: "o-3", at: now - 50_000))
                await worker.pass()
                let unresolved = try #require(try UnresolvedTipStore(database: fixture.database).open().first)
                try await client.execute(uri: "/tips/unresolved/\(unresolved.id)", method: .patch, headers: bearer(fixture.commander),
                                         body: json(#"{"commune": "99001"}"#)) { #expect($0.status == .ok) }
                _ = try await Self.post(client, second, second.text("nhà số 12, gần chợ", id: "o-4", at: now - 40_000))
                await worker.pass()
                let placed = try #require(try Self.rows(fixture.database, "SELECT resolved_tip_id FROM unresolved_tips WHERE id = \(unresolved.id)").first.flatMap { Int64($0[0]) })
                #expect(try tips.tip(id: placed)?.description?.contains("nhà số 12") == true)
                #expect(try Self.rows(fixture.database, "SELECT tip_id FROM zalo_conversations WHERE user_id = 'u-2'").first?[0] == String(placed))
            }
        }
    }

    @Test("review findings: an odd answer from Zalo is retried, not fatal; an event that cannot be processed is set aside without holding up others; closed tips stay closed; late deliveries and contacts land right")
    func reviewFindings() async throws {
        let fake = FakeZalo()
        fake.state.withLock { $0.garbled = ["garbled"] }
        try await fake.run { base in
            // A home province the store does not know makes every text event of this OA fail.
            var account = Self.account(base: base)
            account.homeProvince = "ZZ"
            let broken = account
            let (fixture, worker) = try Self.fixture(broken)
            let now = ZaloConversation.nowMilliseconds()
            let tips = TipStore(database: fixture.database)
            let inside = try #require(try tips.list(TipFilter(), afterID: 0, limit: 1).first?.location)
            let before = try tips.count()
            try await fixture.test { client in
                let a = ZaloEvents(account: broken, user: "a"), b = ZaloEvents(account: broken, user: "b")
                _ = try await Self.post(client, a, a.text("trộm ở phường Khánh Hải", id: "f-1", at: now - 300_000))
                _ = try await Self.post(client, b, b.location(lat: inside.y, lon: inside.x, id: "f-2", at: now - 290_000))
                await worker.pass()
                #expect(try ZaloInbox(database: fixture.database).pendingCount() == 0)
                #expect(try ZaloInbox(database: fixture.database).failedCount() == 1)
                #expect(try tips.count() == before + 1)    // b's location became a tip behind a's failure
                // The garbled answer (error 1e300) did not take the server down: the reply waits for a retry.
                let g = ZaloEvents(account: broken, user: "garbled")
                _ = try await Self.post(client, g, g.location(lat: inside.y, lon: inside.x, id: "f-3", at: now - 280_000))
                await worker.pass()
                #expect(try ZaloOutbox(database: fixture.database).counts().waiting == 1)
                // b's tip is resolved; b writes again within the window: a new tip, the closed one untouched.
                let bTip = try #require(try Self.rows(fixture.database, "SELECT tip_id FROM zalo_conversations WHERE user_id = 'b'").first.flatMap { Int64($0[0]) })
                for status in ["verified", "dispatched", "resolved"] { _ = try tips.moveStatus(id: bTip, to: TipStatus(rawValue: status)!) }
                _ = try await Self.post(client, b, b.location(lat: inside.y, lon: inside.x, id: "f-4", text: "lại có đánh nhau", at: now - 270_000))
                await worker.pass()
                #expect(try tips.count() == before + 3)
                #expect(try tips.tip(id: bTip)?.description?.contains("lại có") != true)
                // A delivery stamped 12 hours ago does not join today's conversation.
                _ = try await Self.post(client, b, b.location(lat: inside.y, lon: inside.x, id: "f-5", text: "hôm qua", at: now - 12 * 3_600_000))
                await worker.pass()
                #expect(try tips.count() == before + 4)
                // External ids do not show Zalo's message ids.
                #expect(try Self.rows(fixture.database, "SELECT count(*) FROM tips WHERE external_id LIKE 'zalo:%' AND external_id LIKE '%f-%'").first?[0] == "0")
            }
        }
    }

    @Test("a kept tip's contact from user_submit_info reaches the tip an officer makes of it; a very long text is clipped by bytes and stays placeable")
    func keptContact() async throws {
        let account = Self.account()
        let (fixture, worker) = try Self.fixture(account)
        let events = ZaloEvents(account: account, user: "c")
        let now = ZaloConversation.nowMilliseconds()
        try await fixture.test { client in
            _ = try await Self.post(client, events, events.text("a" + String(repeating: "\u{0301}", count: 3_000) + " đánh nhau", id: "k-1", at: now - 60_000))
            let info = events.body("user_submit_info", message: "{}", at: now - 50_000)
                .replacingOccurrences(of: #","message":{}"#, with: #","info":{"name":"Chị Lan","phone":"0911222333"}"#)
            #expect(try await Self.post(client, events, info).0 == .ok)
            await worker.pass()
            let kept = try #require(try UnresolvedTipStore(database: fixture.database).open().first)
            #expect((kept.draft.locationText?.utf8.count ?? 0) <= TipParser.locationTextLimit)
            try await client.execute(uri: "/tips/unresolved/\(kept.id)", method: .patch, headers: bearer(fixture.commander), body: json(#"{"commune": "99001"}"#)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
            let id = try #require(try Self.rows(fixture.database, "SELECT resolved_tip_id FROM unresolved_tips WHERE id = \(kept.id)").first.flatMap { Int64($0[0]) })
            let contact = try TipStore(database: fixture.database).contact(tipID: id)
            #expect(contact?.phone == "0911222333" && contact?.name == "Chị Lan" && contact?.zaloID == "c")
        }
    }

    @Test("a reply Zalo refuses for good (-230) is given up, listed without the resident, and can be queued again")
    func givenUp() async throws {
        let fake = FakeZalo()
        fake.state.withLock { $0.silent = ["silent-user"] }
        try await fake.run { base in
            let account = Self.account(base: base)
            let (fixture, worker) = try Self.fixture(account)
            let events = ZaloEvents(account: account, user: "silent-user")
            try await fixture.test { client in
                _ = try await Self.post(client, events, events.text("trộm cắp ở khu phố 1 phường Khánh Hải", id: "g-1"))
                await worker.pass()
            }
            let outbox = ZaloOutbox(database: fixture.database)
            #expect(try outbox.counts() == ZaloOutbox.Counts(waiting: 0, sent: 0, failed: 1))
            let failure = try #require(try outbox.failures().first)
            #expect(failure.kind == "received" && failure.reason.contains("-230") && !failure.reason.contains("silent-user") && failure.attempts == 1)
            #expect(try outbox.retry(id: failure.id))
            #expect(try !outbox.retry(id: failure.id))    // waiting now, not given up
            #expect(try outbox.counts() == ZaloOutbox.Counts(waiting: 1, sent: 0, failed: 0))
        }
    }

    @Test("bad or missing signatures, another app or OA, stale and future timestamps, junk bodies: refused, nothing recorded")
    func refusals() async throws {
        let account = Self.account()
        let (fixture, _) = try Self.fixture(account)
        let events = ZaloEvents(account: account, user: "1")
        let now = ZaloConversation.nowMilliseconds()
        try await fixture.test { client in
            let body = events.text("đánh nhau ở phường Khánh Hải", id: "r-1", at: now)
            #expect(try await Self.post(client, events, body, secret: "wrong").0 == .unauthorized)
            try await client.execute(uri: "/intake/zalo", method: .post, headers: [.contentType: "application/json"], body: json(body)) { #expect($0.status == .unauthorized) }
            // The signature covers the exact bytes: one changed byte after signing is refused.
            var tampered = events.headers(body)
            tampered[.contentType] = "application/json"
            try await client.execute(uri: "/intake/zalo", method: .post, headers: tampered, body: json(body.replacingOccurrences(of: "Khánh", with: "Khanh"))) {
                #expect($0.status == .unauthorized)
            }
            let otherOA = ZaloEvents(account: ZaloAccount(appID: account.appID, oaID: "999", name: "x", oaSecretKey: account.oaSecretKey), user: "1")
            #expect(try await Self.post(client, otherOA, otherOA.text("x", id: "r-2")).0 == .unauthorized)    // as an unknown app: nothing to probe
            let otherApp = ZaloEvents(account: ZaloAccount(appID: "1111", oaID: account.oaID, name: "x", oaSecretKey: account.oaSecretKey), user: "1")
            #expect(try await Self.post(client, otherApp, otherApp.text("x", id: "r-3")).0 == .unauthorized)
            // A replay of a day-old signed event, and one stamped an hour ahead.
            #expect(try await Self.post(client, events, events.text("x", id: "r-4", at: now - 24 * 3_600_000)).0 == .unauthorized)
            #expect(try await Self.post(client, events, events.text("x", id: "r-5", at: now + 3_600_000)).0 == .unauthorized)
            for junk in ["", "[]", "{}", #"{"event_name":"user_send_text","app_id":"3608465249","timestamp":"abc"}"#, String(repeating: "{", count: 10_000),
                         events.location(lat: 95, lon: 108, id: "r-6"), events.location(lat: .nan, lon: 108, id: "r-7")] {
                let status = try await client.execute(uri: "/intake/zalo", method: .post, headers: events.headers(junk), body: json(junk)) { $0.status }
                #expect(status == .badRequest, "\(junk.prefix(60)): \(status)")
            }
            let huge = String(repeating: "a", count: 300_000)
            #expect(try await Self.post(client, events, events.text(huge, id: "r-8")).0 == .contentTooLarge)
            #expect(try ZaloInbox(database: fixture.database).pendingCount() == 0)
        }
    }

    @Test("an event recorded before a crash becomes a tip when the server starts again")
    func survivesRestart() async throws {
        let account = Self.account()
        let (fixture, _) = try Self.fixture(account)
        let events = ZaloEvents(account: account, user: "42")
        let before = try TipStore(database: fixture.database).count()
        try await fixture.test { client in
            let status = try await Self.post(client, events, events.text("trộm xe máy ở khu phố 1 phường Khánh Hải", id: "c-1")).0
            #expect(status == .ok)
        }
        #expect(try ZaloInbox(database: fixture.database).pendingCount() == 1)
        // A new server over the same file (no worker ran before the "crash").
        let restarted = ServerContext(database: fixture.database, zaloAccounts: [account])
        await ZaloWorker(server: restarted, zalo: restarted.zalo!, logger: Logger(label: "test")).pass()
        #expect(try TipStore(database: fixture.database).count() == before + 1)
        #expect(try ZaloInbox(database: fixture.database).pendingCount() == 0)
    }

    @Test("without Zalo accounts the webhook says it is not configured")
    func notConfigured() async throws {
        let fixture = try ServerFixture(tips: 10)
        try await fixture.test { client in
            try await client.execute(uri: "/intake/zalo", method: .post, body: json("{}")) { #expect($0.status == .notFound) }
        }
    }
}
