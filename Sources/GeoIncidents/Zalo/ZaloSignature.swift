/// Zalo's webhook signature: header `X-ZEvent-Signature: mac=<hex>`, where hex is the
/// lower-case SHA-256 of `app_id + raw body + timestamp + OA secret key` (the body's own
/// `app_id` and `timestamp` members, the body's exact bytes). Not an HMAC: this is Zalo's
/// documented scheme, checked as chatwoot's Zalo channel does, in constant time.
public enum ZaloSignature {
    /// The header value Zalo sends for `body` (as the test suite's fake Zalo signs).
    public static func header(appID: String, body: [UInt8], timestamp: String, secretKey: String) -> String {
        "mac=" + SHA256.hex(bytes: Array(appID.utf8) + body + Array(timestamp.utf8) + Array(secretKey.utf8))
    }

    /// Whether `header` is the signature of `body` (compared in constant time; the `mac=`
    /// prefix and hex case are as Zalo writes them).
    public static func isValid(_ header: String?, appID: String, body: [UInt8], timestamp: String, secretKey: String) -> Bool {
        guard let header, header.utf8.count == 68, !secretKey.isEmpty else { return false }
        let expected = Array(Self.header(appID: appID, body: body, timestamp: timestamp, secretKey: secretKey).utf8)
        let given = Array(header.lowercased().utf8)
        guard given.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(given, expected) { difference |= a ^ b }
        return difference == 0
    }
}
