import Foundation

/// One API token as stored: never the secret itself, only its SHA-256.
public struct APIToken: Sendable, Hashable {
    public var id: Int64
    public var role: Role
    public var communes: [String]
    public var label: String?
    public var createdAt: Timestamp
    public var expiresAt: Timestamp?
    public var revokedAt: Timestamp?

    /// Whether the token can be used at `now`.
    public func isActive(at now: Timestamp = .now()) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// The principal a request with this token acts as.
    public var principal: Principal { Principal(tokenID: id, role: role, communes: communes) }

    /// The source the tips this token submits are stored under (``Principal/tokenSource``).
    public var source: String { principal.tokenSource }
}

/// Bearer tokens for the HTTP service: create, list, revoke, authenticate.
///
/// A secret is `gi_` + 64 hex digits (256 random bits); only `sha256(secret)` is stored, so a
/// copy of the database does not hand out access.
public struct TokenStore: Sendable {
    let database: GeoDatabase

    public init(database: GeoDatabase) { self.database = database }

    /// Creates a token and returns its secret (shown once) and record. Commune codes must be
    /// in the boundary layer.
    public func create(role: Role, communes: [String] = [], label: String? = nil, expires: Timestamp? = nil) throws -> (secret: String, token: APIToken) {
        if let expires, expires <= .now() { throw GeoIncidentsError.invalidInput("expiry \(expires) is in the past") }
        if !communes.isEmpty { try RegionStore(database: database).checkScope({ var f = TipFilter(); f.communeCodes = communes; return f }()) }
        var generator = SystemRandomNumberGenerator()
        let secret = "gi_" + (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
        let now = Timestamp.now()
        let id: Int64 = try database.writer.sync { connection in
            try connection.transaction {
                let statement = try connection.prepare("INSERT INTO api_tokens (token_hash, role, communes, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                try statement.bind([.text(SHA256.hex(secret)), .text(role.rawValue), communes.isEmpty ? .null : .text(communes.joined(separator: ",")),
                                    label.map(SQLValue.text) ?? .null, .text(now.iso8601), expires.map { .text($0.iso8601) } ?? .null])
                _ = try statement.step()
                return connection.lastInsertedRowID
            }
        }
        return (secret, APIToken(id: id, role: role, communes: communes, label: label, createdAt: now, expiresAt: expires, revokedAt: nil))
    }

    /// Every token, newest first.
    public func list() throws -> [APIToken] {
        try database.reader.sync { connection in
            var tokens: [APIToken] = []
            try connection.prepare("SELECT \(Self.columns) FROM api_tokens ORDER BY id DESC").forEachRow { tokens.append(Self.token($0)) }
            return tokens
        }
    }

    /// Revokes a token at once. Throws `notFound` for an unknown id.
    public func revoke(id: Int64) throws {
        let changed: Int = try database.writer.sync { connection in
            try connection.transaction {
                let statement = try connection.prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                try statement.bind([.text(Timestamp.now().iso8601), .int(id)])
                _ = try statement.step()
                return connection.changes
            }
        }
        guard changed == 1 else { throw GeoIncidentsError.notFound("no active token with id \(id)") }
    }

    /// The active token whose secret this is, or `nil` (unknown, revoked or expired).
    public func authenticate(secret: String) throws -> APIToken? {
        guard secret.hasPrefix("gi_"), secret.count == 67 else { return nil }
        let hash = SHA256.hex(secret)
        let token: APIToken? = try database.reader.sync { connection in
            let statement = try connection.prepare("SELECT \(Self.columns) FROM api_tokens WHERE token_hash = ?")
            try statement.bind([.text(hash)])
            var found: APIToken?
            try statement.forEachRow { found = Self.token($0) }
            return found
        }
        return token.flatMap { $0.isActive() ? $0 : nil }
    }

    private static let columns = "id, role, communes, label, created_at, expires_at, revoked_at"

    private static func token(_ row: Statement) -> APIToken {
        APIToken(id: row.int64(0), role: Role(rawValue: row.text(1)) ?? .public,
                 communes: row.optionalText(2).map { $0.split(separator: ",").map(String.init) } ?? [],
                 label: row.optionalText(3), createdAt: Timestamp.parse(row.text(4), defaultOffsetMinutes: 0) ?? Timestamp(secondsSinceEpoch: 0),
                 expiresAt: row.optionalText(5).flatMap { Timestamp.parse($0, defaultOffsetMinutes: 0) },
                 revokedAt: row.optionalText(6).flatMap { Timestamp.parse($0, defaultOffsetMinutes: 0) })
    }
}
