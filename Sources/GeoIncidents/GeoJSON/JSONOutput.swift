/// A growing UTF-8 byte buffer for the JSON writers: appending to `[UInt8]` costs a fraction
/// of appending small pieces to a `String` (no grapheme bookkeeping, no capacity checks on
/// the string's storage), which matters for pages of thousands of features.
struct JSONOutput {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 4_096) { bytes.reserveCapacity(capacity) }

    /// Room for `capacity` bytes in all.
    mutating func reserveCapacity(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    static func += (out: inout JSONOutput, text: String) {
        var text = text
        text.withUTF8 { out.bytes.append(contentsOf: $0) }
    }

    static func += (out: inout JSONOutput, other: JSONOutput) {
        out.bytes.append(contentsOf: other.bytes)
    }

    /// Appends ASCII or UTF-8 bytes as they are.
    mutating func append(raw: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: raw) }

    /// Appends UTF-8 text as a JSON string literal, quotes included, escaping what JSON needs.
    mutating func appendString(utf8 text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for (i, byte) in text.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i]))
            switch byte {
            case UInt8(ascii: "\""): self += "\\\""
            case UInt8(ascii: "\\"): self += "\\\\"
            case UInt8(ascii: "\n"): self += "\\n"
            case UInt8(ascii: "\r"): self += "\\r"
            case UInt8(ascii: "\t"): self += "\\t"
            default:
                let hex = String(byte, radix: 16)
                self += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            start = i + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func append(_ scalar: Unicode.Scalar) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    /// Replaces everything from byte `start` on with `bytes`.
    mutating func replaceTail(from start: Int, with bytes: [UInt8]) {
        self.bytes.replaceSubrange(start..., with: bytes)
    }

    /// The text (the bytes are valid UTF-8 by construction).
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
