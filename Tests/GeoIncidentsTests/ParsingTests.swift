import Testing
@testable import GeoIncidents

@Suite("Parsing")
struct ParsingTests {
    @Test("ISO 8601 date-times", arguments: [
        ("2025-07-01T08:30:00Z", "2025-07-01T08:30:00Z"),
        ("2025-07-01T08:30:00+07:00", "2025-07-01T01:30:00Z"),
        ("2025-07-01 08:30", "2025-07-01T01:30:00Z"),
        ("2025-07-01T08:30:00.123-05:00", "2025-07-01T13:30:00Z"),
        ("2025-07-01", "2025-06-30T17:00:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ])
    func timestamps(_ input: String, _ expected: String) {
        #expect(Timestamp.parse(input)?.iso8601 == expected)
    }

    @Test("not dates", arguments: ["2025-02-30", "2025-13-01", "yesterday", "2025-07-01T25:00", "2025-07-01T08:30:00+07:00junk", ""])
    func notTimestamps(_ input: String) {
        #expect(Timestamp.parse(input) == nil)
    }

    @Test("categories and channels from codes and labels")
    func vocabulary() {
        #expect(TipCategory.parseUserText("Tội phạm hình sự") == .criminal)
        #expect(TipCategory.parseUserText("an ninh chinh tri") == .politicalSecurity)
        #expect(TipCategory.parseUserText("Social evils") == .socialEvil)
        #expect(TipCategory.parseUserText("admin-procedure") == .adminProcedure)
        #expect(TipCategory.parseUserText("arson") == nil)
        #expect(TipChannel.parseUserText("Nhóm Zalo") == .zaloGroup)
        #expect(TipChannel.parseUserText("in person") == .inPerson)
    }

    @Test("CSV: quotes, doubled quotes, line breaks in quotes, CRLF, BOM")
    func csv() throws {
        let path = try TestSupport.write("\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",z\r\n\r\n3,,\n", name: "q.csv")
        let reader = try CSVReader(path: path)
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.next() {
            rows.append((0..<reader.fieldCount).map(reader.string))
            lines.append(reader.line)
        }
        #expect(rows == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", "z"], ["3", "", ""]])
        #expect(lines == [1, 2, 3, 6])
    }

    @Test("NFC storage and canonical integer ids")
    func normalisation() {
        let decomposed = "Kha\u{301}nh Ha\u{309}i"
        #expect(TextFolding.nfc(decomposed) == "Khánh Hải")
        #expect(TextFolding.nfc(decomposed).unicodeScalars.count == 9)
        #expect(TipWriter.canonicalInteger("42") == 42)
        #expect(TipWriter.canonicalInteger("042") == nil)
        #expect(TipWriter.canonicalInteger("0") == 0)
        #expect(TipWriter.canonicalInteger("4e2") == nil)
    }
}
