import Testing
@testable import GeoIncidents

/// SHA-256 digests must not change: stored API tokens are looked up by `sha256(secret)`, and
/// the W1 checksums are compared with the peers'. Vectors from FIPS 180-4 and Python's hashlib.
@Suite("SHA-256 digests")
struct DigestTests {
    @Test("hex digests of known messages", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("Tổ dân phố 3 — " + String(repeating: "x", count: 100), "dd46c6f639c045223057c3577e73911c10f31127f0ff3a9d839a896354beaab7"),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test("a token stored before the change still authenticates (its hash is byte-identical)")
    func storedTokenStillWorks() throws {
        let database = try TestSupport.freshDatabase()
        let secret = "gi_" + String(repeating: "0123456789abcdef", count: 4)
        let storedHash = "3263a28e6105b11752ece37532ab102899d20753c8f4d78c38210f918bed0f71"
        try database.writer.sync { connection in
            try connection.run("INSERT INTO api_tokens (token_hash, role, created_at) VALUES (?, 'analyst', '2025-01-01T00:00:00Z')", [.text(storedHash)])
        }
        #expect(try TokenStore(database: database).authenticate(secret: secret)?.role == .analyst)
    }

    @Test("the W1 id checksum: sha256 of int32 little-endian ids, first 16 hex digits")
    func idChecksum() {
        #expect(SHA256.idChecksum([1, 2, -1, 26734]) == "f63f84fc848cf6cc")
        #expect(SHA256.idChecksum([]) == "e3b0c44298fc1c14")
    }
}
