import GeoIncidents
import HTTPTypes
import Hummingbird

/// An error a client can act on: an HTTP status, an OGC-style `code` and a description.
/// ``ErrorMiddleware`` writes every error as `{"code": …, "description": …}`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var description: String
    /// Seconds for a `Retry-After` header (503s).
    var retryAfter: Int? = nil
    /// The `Allow` header of a 405.
    var allow: String? = nil

    static func badRequest(_ description: String, code: String = "InvalidParameterValue") -> APIError {
        APIError(status: .badRequest, code: code, description: description)
    }

    static func notFound(_ description: String) -> APIError {
        APIError(status: .notFound, code: "NotFound", description: description)
    }

    static func forbidden(_ description: String) -> APIError {
        APIError(status: .forbidden, code: "Forbidden", description: description)
    }

    /// The caller may not do this: 401 without a token (one would help), else 403.
    static func denied(_ principal: Principal, unauthorized: String, forbidden: String) -> APIError {
        principal.role == .public ? APIError(status: .unauthorized, code: "Unauthorized", description: unauthorized) : .forbidden(forbidden)
    }

    static let unauthorized = APIError(status: .unauthorized, code: "Unauthorized",
                                       description: "the bearer token is unknown, revoked or expired")

    /// The HTTP form of a library error.
    init(_ error: GeoIncidentsError) {
        switch error.kind {
        case .invalidInput: self.init(status: .badRequest, code: "InvalidParameterValue", description: error.message)
        case .notFound: self.init(status: .notFound, code: "NotFound", description: error.message)
        case .conflict: self.init(status: .conflict, code: "Conflict", description: error.message)
        case .forbidden: self.init(status: .forbidden, code: "Forbidden", description: error.message)
        case .database, .projection, .io: self.init(status: .internalServerError, code: "ServerError", description: "the server could not complete the request")
        }
    }

    init(status: HTTPResponse.Status, code: String, description: String, retryAfter: Int? = nil, allow: String? = nil) {
        self.status = status
        self.code = code
        self.description = description
        self.retryAfter = retryAfter
        self.allow = allow
    }
}
