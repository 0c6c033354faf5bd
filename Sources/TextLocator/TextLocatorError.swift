/// Errors of the text locator: bad code lists and bad arguments, with a message a user can act on.
public enum TextLocatorError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A CSV file could not be read or parsed: `file:line: message`.
    case badCSV(file: String, line: Int, message: String)
    /// A file is missing or unreadable.
    case unreadable(file: String, message: String)
    /// A province hint that is not a 2025 province code.
    case unknownProvince(String)

    public var description: String {
        switch self {
        case let .badCSV(file, line, message): return "\(file):\(line): \(message)"
        case let .unreadable(file, message): return "\(file): \(message)"
        case let .unknownProvince(code):
            return "province hint \"\(code.prefix(40))\" is not a 2025 province code (two digits, e.g. 01 or 79)"
        }
    }
}
