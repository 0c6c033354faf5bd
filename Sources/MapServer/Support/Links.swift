import GeoIncidents
import Hummingbird

/// Absolute links for OGC API documents, from the request's `Host` (and
/// `X-Forwarded-Proto` behind a proxy).
struct Links {
    let base: String

    init(_ request: Request) {
        let host = request.head.authority ?? "localhost"
        let scheme = request.headers[.init("X-Forwarded-Proto")!] == "https" ? "https" : "http"
        base = "\(scheme)://\(host)"
    }

    func link(_ path: String, rel: String, type: String, title: String? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["href": .string(base + path), "rel": .string(rel), "type": .string(type)]
        if let title { object["title"] = .string(title) }
        return .object(object)
    }
}
