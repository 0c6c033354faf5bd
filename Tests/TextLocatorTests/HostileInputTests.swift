import Foundation
import Testing
@testable import TextLocator

@Suite struct HostileInputTests {
    let locator = Shared.locator

    @Test func oneMegabyteIsBoundedAndTruncated() throws {
        let text = String(repeating: "phường phường xã xã Tân ", count: 45_000) + " phường Phúc Xá, quận Ba Đình"
        #expect(text.utf8.count > 1_000_000)
        // Bounded by construction (Locator.scanLimit); its time is measured by
        // `geoq locate --texts … --timing`, not here (timed unit tests flake on a busy machine).
        let r = try locator.locate(text)
        #expect(r.truncated)
        #expect(r.status == .notFound)      // the place lies past the scan limit, and says so
    }

    @Test func manyMentionsAreBounded() throws {
        let text = String(repeating: "xã Tân Hòa, phường 1, quận 3, ", count: 40_000)
        // At most Locator.mentionLimit mentions are scored, and the result says it stopped.
        let r = try locator.locate(text)
        #expect(r.truncated)
    }

    @Test func nfdInputLocatesLikeNFC() throws {
        let nfc = "Phường Phúc Xá, Quận Ba Đình"
        let r = try locator.locate(nfc.decomposedStringWithCanonicalMapping)
        #expect(r.communeCode == "00097")
        #expect(r.matchedText == "Phường Phúc Xá".decomposedStringWithCanonicalMapping)
    }

    @Test func emojiAndInvalidUTF8() throws {
        let r = try locator.locate("🔥🔥 Cháy ở 👉P.Phúc Xá👈 Q.Ba Đình 🚒")
        #expect(r.communeCode == "00097")
        let bytes: [UInt8] = [0x70, 0x68, 0xC6, 0xB0, 0xFF, 0xFE, 0xE1, 0xBB]     // "phư" + garbage
        let broken = String(decoding: bytes, as: UTF8.self)
        #expect(try locator.locate(broken).status == .notFound)
        let controls = String(repeating: "\u{0}\u{202E}\u{FEFF}", count: 100)
        #expect(try locator.locate(controls).status == .notFound)
    }

    @Test func badCSVNamesFileAndLine() {
        #expect(throws: TextLocatorError.badCSV(file: "t.csv", line: 3, message: "a quoted field is never closed")) {
            try CSVTable(text: "a,b\n1,2\n\"3,4\n", source: "t.csv")
        }
        #expect(throws: TextLocatorError.badCSV(file: "t.csv", line: 2, message: "3 fields, the header has 2")) {
            try CSVTable(text: "a,b\n1,2,3\n", source: "t.csv")
        }
        let ok = try? CSVTable(text: "a,b\r\n\"x, \"\"y\"\"\",2\r\n", source: "t.csv")
        #expect(ok?.rows.first?.fields == ["x, \"y\"", "2"])
    }

    @Test func missingCodeListIsAClearError() {
        #expect(throws: TextLocatorError.self) { try Gazetteer.load(directory: "/nonexistent") }
    }

    @Test func gazetteerCounts() {
        let g = Shared.gazetteer
        #expect(g.provinces.count == 34)
        #expect(g.communes.count == 3_321)
        #expect(g.legacyProvinces.count == 63)
        #expect(g.legacyWards.count == 10_035)
        #expect(g.wardMappings.count == 10_597)
        #expect(Set(g.wardMappings.filter(\.isSplit).map(\.legacyWardCode)).count >= 400)
    }
}
