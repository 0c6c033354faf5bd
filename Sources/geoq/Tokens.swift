import ArgumentParser
import Foundation
import GeoIncidents

extension Role: ExpressibleByArgument {}

extension Geoq {
    /// `geoq tokens …`: API tokens for MapServer.
    struct Tokens: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke MapServer API tokens (only their SHA-256 is stored).",
            subcommands: [TokensCreate.self, TokensList.self, TokensRevoke.self]
        )
    }
}

/// `geoq tokens create`.
struct TokensCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print its secret once.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Role: public, analyst, commander or intake.") var role: Role
    @Option(help: "Limit the token to this commune (repeatable).") var commune: [String] = []
    @Option(help: "A label to recognise the token by (who holds it).") var label: String?
    @Option(help: "Expiry (ISO 8601 date or date-time).") var expires: String?

    func run() throws {
        try reportingErrors {
            var expiry: Timestamp?
            if let expires {
                guard let t = Timestamp.parse(expires) else { throw ValidationError("--expires: '\(expires)' is not an ISO 8601 date or date-time") }
                expiry = t
            }
            let (secret, token) = try TokenStore(database: try db.open()).create(role: role, communes: commune, label: label, expires: expiry)
            Console.error("token \(token.id) (\(token.role.rawValue)\(token.communes.isEmpty ? "" : ", communes " + token.communes.joined(separator: ","))) created; the secret is shown only now:")
            if token.role == .intake { Console.error("tips it submits are stored under source \(token.source) (bound to the token)") }
            print(secret)
        }
    }
}

/// `geoq tokens list`.
struct TokensList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never their secrets).")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        try reportingErrors {
            var table = TableWriter(header: ["id", "role", "communes", "label", "created", "expires", "state"], numericColumns: [0])
            for t in try TokenStore(database: try db.open()).list() {
                let state = t.revokedAt != nil ? "revoked" : t.isActive() ? "active" : "expired"
                table.add([String(t.id), t.role.rawValue, t.communes.joined(separator: " "), t.label ?? "", t.createdAt.iso8601, t.expiresAt?.iso8601 ?? "", state])
            }
            print(try table.render(output.format))
        }
    }
}

/// `geoq tokens revoke`.
struct TokensRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token at once (MapServer notices within 10 s).")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The token id (see `geoq tokens list`).") var id: Int64

    func run() throws {
        try reportingErrors {
            try TokenStore(database: try db.open()).revoke(id: id)
            print("token \(id) revoked")
        }
    }
}
