/// The one error type of the GeoIncidents library.
///
/// Every case carries a message a user can act on: which file, line, feature or field
/// is wrong and why. Database errors keep the SQLite result code and the SQL, but never
/// the bound values (they may hold a tipster's data).
public struct GeoIncidentsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is; lets callers (CLI, HTTP) pick an exit code or status.
    public enum Kind: String, Sendable, Equatable {
        /// The caller's input is wrong (a file, a row, an option value).
        case invalidInput
        /// Something asked for does not exist.
        case notFound
        /// The request conflicts with stored data (a duplicate, a state transition).
        case conflict
        /// The data lies outside what the caller may change (a token's communes).
        case forbidden
        /// SQLite or SpatiaLite failed.
        case database
        /// PROJ failed.
        case projection
        /// The file system failed.
        case io
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// The full, user-facing message.
    public let message: String
    /// The SQLite extended result code, for database errors.
    public let resultCode: Int32?

    /// Creates an error of the given kind.
    public init(_ kind: Kind, _ message: String, resultCode: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.resultCode = resultCode
    }

    public var description: String { message }

    static func invalidInput(_ message: String) -> GeoIncidentsError { .init(.invalidInput, message) }
    static func notFound(_ message: String) -> GeoIncidentsError { .init(.notFound, message) }
    static func io(_ message: String) -> GeoIncidentsError { .init(.io, message) }
}
