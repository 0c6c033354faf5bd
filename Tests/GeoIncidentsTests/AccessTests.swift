import Foundation
import Testing
@testable import GeoIncidents

@Suite("Tokens, access log, tip intake and status trail")
struct AccessTests {
    @Test("tokens: the secret is shown once and only its hash is stored; revoked, unknown and malformed secrets fail")
    func tokens() throws {
        let database = try TestSupport.rulesDatabase()
        let store = TokenStore(database: database)
        let (secret, token) = try store.create(role: .commander, label: "Đội 1")
        #expect(secret.hasPrefix("gi_") && secret.count == 67)
        #expect(try store.authenticate(secret: secret)?.id == token.id)
        let stored = try database.reader.sync { try $0.scalarText("SELECT group_concat(token_hash || coalesce(label, '')) FROM api_tokens") } ?? ""
        #expect(!stored.contains(secret.dropFirst(3)))
        #expect(stored.contains(SHA256.hex(secret)))
        #expect(try store.authenticate(secret: "gi_" + String(repeating: "a", count: 64)) == nil)
        #expect(try store.authenticate(secret: "Bearer x") == nil)
        try store.revoke(id: token.id)
        #expect(try store.authenticate(secret: secret) == nil)
        #expect(throws: GeoIncidentsError.self) { try store.revoke(id: token.id) }
        #expect(throws: GeoIncidentsError.self) { try store.create(role: .analyst, expires: Timestamp(secondsSinceEpoch: 0)) }
        #expect(throws: GeoIncidentsError.self) { try store.create(role: .analyst, communes: ["00000"]) }
        #expect(try store.list().first?.revokedAt != nil)
    }

    @Test("the access log is written on flush, newest first")
    func accessLog() throws {
        let database = try TestSupport.rulesDatabase()
        let log = AccessLog(database: database)
        log.record(.init(tokenID: 7, role: .analyst, action: "tips.items", detail: "collection=tips; all tips", tips: 12))
        log.record(.init(tokenID: nil, role: .commander, action: "tips.item+tipster", detail: "tip 3", tips: 1))
        #expect(try log.recent().isEmpty)
        #expect(try log.flush() == 2)
        #expect(try log.flush() == 0)
        let entries = try log.recent()
        #expect(entries.map(\.action) == ["tips.item+tipster", "tips.items"])
        #expect(entries[1].tokenID == 7 && entries[1].tips == 12)
    }

    @Test("status moves follow received → verified → dispatched → resolved, or dismissed")
    func transitions() {
        #expect(TipStore.canMove(from: .received, to: .verified))
        #expect(TipStore.canMove(from: .verified, to: .dispatched))
        #expect(TipStore.canMove(from: .dispatched, to: .resolved))
        #expect(TipStore.canMove(from: .received, to: .dismissed))
        #expect(!TipStore.canMove(from: .received, to: .resolved))
        #expect(!TipStore.canMove(from: .resolved, to: .received))
        #expect(!TipStore.canMove(from: .dismissed, to: .verified))
        #expect(!TipStore.canMove(from: .verified, to: .verified))
    }
}
