import Foundation

/// One Zalo Official Account this service takes tips from (a commune or provincial police
/// page), with the keys Zalo issued for it. Several OAs share one server: each webhook event
/// names its app and OA, and is checked against that OA's secret key (docs/zalo.md).
public struct ZaloAccount: Sendable, Hashable {
    /// The Zalo app the OA is linked to (`app_id` of its events).
    public var appID: String
    /// The OA's id (`recipient.id` of residents' messages).
    public var oaID: String
    /// The page's name: the source its tips are stored under ("Công an xã Tân Lợi").
    public var name: String
    /// The OA secret key: signs webhook events. Never logged.
    public var oaSecretKey: String
    /// The app secret: sent as `secret_key` when refreshing the access token. Never logged.
    public var appSecret: String
    /// The first access and refresh tokens; after a refresh the store keeps the new ones.
    public var accessToken: String
    public var refreshToken: String
    /// 2025 province code of the page: the text locator's hint.
    public var homeProvince: String?
    /// The communes the page serves; empty: any. A tip located outside them waits for an
    /// officer instead of being stored under this page's scope.
    public var communes: [String]
    /// `https://openapi.zalo.me` (tests point it at a local fake).
    public var apiBase: String
    /// `https://oauth.zaloapp.com`.
    public var oauthBase: String

    /// Creates an account.
    public init(appID: String, oaID: String, name: String, oaSecretKey: String, appSecret: String = "", accessToken: String = "",
                refreshToken: String = "", homeProvince: String? = nil, communes: [String] = [],
                apiBase: String = "https://openapi.zalo.me", oauthBase: String = "https://oauth.zaloapp.com") {
        self.appID = appID; self.oaID = oaID; self.name = TextFolding.nfc(name); self.oaSecretKey = oaSecretKey; self.appSecret = appSecret
        self.accessToken = accessToken; self.refreshToken = refreshToken; self.homeProvince = homeProvince; self.communes = communes
        self.apiBase = apiBase; self.oauthBase = oauthBase
    }

    /// The account described by `ZALO_APP_ID`, `ZALO_OA_ID`, `ZALO_OA_SECRET_KEY`,
    /// `ZALO_ACCESS_TOKEN`, `ZALO_REFRESH_TOKEN`, `ZALO_APP_SECRET`, `ZALO_HOME_PROVINCE`,
    /// `ZALO_OA_NAME`, `ZALO_COMMUNES` (comma-separated), `ZALO_API_BASE` and
    /// `ZALO_OAUTH_BASE`; nil when `ZALO_APP_ID` is not set. A partial set is an error that
    /// names the missing variable.
    public static func fromEnvironment(_ environment: [String: String]) throws -> ZaloAccount? {
        guard let app = environment["ZALO_APP_ID"], !app.isEmpty else { return nil }
        func required(_ key: String) throws -> String {
            guard let value = environment[key], !value.isEmpty else { throw GeoIncidentsError.invalidInput("\(key) is not set (ZALO_APP_ID is)") }
            return value
        }
        let oa = try required("ZALO_OA_ID")
        let account = ZaloAccount(
            appID: app, oaID: oa, name: environment["ZALO_OA_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "Zalo OA \(oa)",
            oaSecretKey: try required("ZALO_OA_SECRET_KEY"), appSecret: environment["ZALO_APP_SECRET"] ?? "",
            accessToken: environment["ZALO_ACCESS_TOKEN"] ?? "", refreshToken: environment["ZALO_REFRESH_TOKEN"] ?? "",
            homeProvince: environment["ZALO_HOME_PROVINCE"].flatMap { $0.isEmpty ? nil : $0 },
            communes: (environment["ZALO_COMMUNES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            apiBase: environment["ZALO_API_BASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://openapi.zalo.me",
            oauthBase: environment["ZALO_OAUTH_BASE"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://oauth.zaloapp.com")
        try account.check(where: "environment")
        return account
    }

    /// The accounts of a JSON file: an array of objects with members `app_id`, `oa_id`,
    /// `name`, `oa_secret_key`, `app_secret`, `access_token`, `refresh_token`,
    /// `home_province`, `communes` (array), `api_base`, `oauth_base`. Errors name the file,
    /// the entry and the member.
    public static func list(fromFile path: String) throws -> [ZaloAccount] {
        guard let data = FileManager.default.contents(atPath: path) else { throw GeoIncidentsError.invalidInput("\(path): cannot read the Zalo accounts file") }
        guard case .array(let entries)? = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw GeoIncidentsError.invalidInput("\(path): must be a JSON array of Zalo accounts")
        }
        let members: Set<String> = ["app_id", "oa_id", "name", "oa_secret_key", "app_secret", "access_token", "refresh_token", "home_province", "communes", "api_base", "oauth_base"]
        var accounts: [ZaloAccount] = []
        for (index, entry) in entries.enumerated() {
            let place = "\(path): account \(index + 1)"
            guard case .object(let fields) = entry else { throw GeoIncidentsError.invalidInput("\(place) is not an object") }
            if let unknown = fields.keys.filter({ !members.contains($0) }).sorted().first { throw GeoIncidentsError.invalidInput("\(place): unknown member '\(unknown)'") }
            func text(_ key: String, required: Bool = false) throws -> String? {
                switch fields[key] {
                case .string(let s)? where !s.isEmpty: return s
                case nil, .null?, .string?: if required { throw GeoIncidentsError.invalidInput("\(place): '\(key)' is required") } else { return nil }
                default: throw GeoIncidentsError.invalidInput("\(place): '\(key)' must be a string")
                }
            }
            var communes: [String] = []
            switch fields["communes"] {
            case nil, .null?: break
            case .array(let list)?:
                for item in list { guard case .string(let code) = item else { throw GeoIncidentsError.invalidInput("\(place): 'communes' must be an array of codes") }; communes.append(code) }
            default: throw GeoIncidentsError.invalidInput("\(place): 'communes' must be an array of codes")
            }
            let oa = try text("oa_id", required: true)!
            let account = ZaloAccount(appID: try text("app_id", required: true)!, oaID: oa, name: try text("name") ?? "Zalo OA \(oa)",
                                      oaSecretKey: try text("oa_secret_key", required: true)!, appSecret: try text("app_secret") ?? "",
                                      accessToken: try text("access_token") ?? "", refreshToken: try text("refresh_token") ?? "",
                                      homeProvince: try text("home_province"), communes: communes,
                                      apiBase: try text("api_base") ?? "https://openapi.zalo.me", oauthBase: try text("oauth_base") ?? "https://oauth.zaloapp.com")
            try account.check(where: place)
            accounts.append(account)
        }
        if let twice = Dictionary(grouping: accounts, by: \.oaID).first(where: { $0.value.count > 1 }) {
            throw GeoIncidentsError.invalidInput("\(path): OA \(twice.key) is listed twice")
        }
        return accounts
    }

    private func check(where place: String) throws {
        for (key, base) in [("api base", apiBase), ("oauth base", oauthBase)] {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw GeoIncidentsError.invalidInput("\(place): the Zalo \(key) '\(base.prefix(80))' is not an http(s) URL")
            }
        }
        if let province = homeProvince, province.isEmpty || province.utf8.count > 3 || !province.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw GeoIncidentsError.invalidInput("\(place): the home province must be a 2025 province code (digits), got '\(province.prefix(20))'")
        }
        if name.hasPrefix(Principal.tokenSourcePrefix) { throw GeoIncidentsError.invalidInput("\(place): the OA name may not start with '\(Principal.tokenSourcePrefix)'") }
    }
}
