import Crypto

/// SHA-256 hex digests, computed by swift-crypto's `Crypto.SHA256`: the peers' assignment
/// checksums (`sha256(int32 LE ids)[:16]`), Zalo webhook signatures, API token hashes (tokens are 256-bit random
/// secrets, so one SHA-256 suffices) and ETags.
///
/// Only these helpers are public, so that callers need not import Crypto; inside this
/// file the algorithm is spelled `Crypto.SHA256`.
public enum SHA256 {
    /// sha256(int32 little-endian array)[:16 hex], the peers' W1 checksum.
    public static func idChecksum(_ ids: [Int32]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids { withUnsafeBytes(of: id.littleEndian) { bytes += $0 } }
        return String(hex(Crypto.SHA256.hash(data: bytes)).prefix(16))
    }

    /// The digest of `text`'s UTF-8 bytes as lowercase hex.
    public static func hex(_ text: String) -> String {
        hex(Crypto.SHA256.hash(data: Array(text.utf8)))
    }

    /// The digest of `bytes` as lowercase hex.
    public static func hex(bytes: [UInt8]) -> String {
        hex(Crypto.SHA256.hash(data: bytes))
    }

    private static func hex(_ digest: Crypto.SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(Crypto.SHA256.Digest.byteCount * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
