/// What a caller of the HTTP service may see and do.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// No token: boundaries, statistics and hotspot grids, with small counts suppressed.
    case `public`
    /// Tips without tipster fields, full statistics and grids.
    case analyst
    /// Everything, including tipster contacts and patrol needs.
    case commander
    /// Tip intake systems (a Zalo bot, a hotline desk): `POST /tips` only.
    case intake

    /// Whether exact tip locations (tip features) may be read.
    public var readsTips: Bool { self == .analyst || self == .commander }
    /// Whether tipster contacts may be read.
    public var readsContacts: Bool { self == .commander }
    /// Whether tips may be submitted.
    public var submitsTips: Bool { self == .intake || self == .commander }
    /// Whether a submission may name its source; otherwise tips are stored under the
    /// token's own (``Principal/tokenSource``). Intake tokens live on field devices.
    public var choosesSource: Bool { self == .commander }
    /// Whether tip status may be changed.
    public var changesStatus: Bool { self == .analyst || self == .commander }
    /// Whether small counts must be suppressed in aggregates.
    public var suppressesSmallCounts: Bool { self == .public || self == .intake }
}

/// The caller of one request: a role, and the communes a scoped token is limited to.
public struct Principal: Sendable, Hashable {
    /// The token's id, `nil` for anonymous callers.
    public var tokenID: Int64?
    public var role: Role
    /// Commune codes the caller is limited to; empty means no limit.
    public var communes: [String]

    public init(tokenID: Int64?, role: Role, communes: [String] = []) {
        self.tokenID = tokenID
        self.role = role
        self.communes = communes
    }

    /// Whether a tip in `commune` is within the caller's scope (every tip when unscoped; a tip
    /// in no commune only then).
    public func covers(commune code: String?) -> Bool {
        communes.isEmpty || code.map(communes.contains) == true
    }

    /// The anonymous caller.
    public static let anonymous = Principal(tokenID: nil, role: .public)

    /// The prefix of token-bound source names (`api:token-7`), reserved for the tokens they name.
    public static let tokenSourcePrefix = "api:token-"

    /// The source this caller's tips are stored under when submitted through the API:
    /// `api:token-<id>`, fixed by the token. An intake token can use no other, so its
    /// (source, external id) pairs are its own: it can neither see another source's tips
    /// through a replay nor pre-register pairs that make a later import skip rows.
    public var tokenSource: String { Self.tokenSourcePrefix + String(tokenID ?? 0) }
}
