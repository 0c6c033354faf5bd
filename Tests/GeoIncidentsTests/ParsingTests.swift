import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

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

    /// Plain lines take the reader's `memchr` fast path, the rest its state machine; chunk
    /// boundaries fall anywhere. Every chunk size must give the records a reference split gives.
    @Test("CSV: fast and careful paths agree at every chunk boundary", arguments: [1, 2, 3, 7, 64, 1 << 20])
    func csvChunks(_ chunkSize: Int) throws {
        var random = SeededRandom(seed: 7)
        var text = "id,name,note\n"
        var expected: [[String]] = [["id", "name", "note"]]
        var expectedLines: [Int] = [1]
        var line = 2
        for row in 0..<300 {
            switch random.next() % 6 {
            case 0:
                text += "\n"  // blank line
                line += 1
                continue
            case 1:
                text += "\(row),\"a, \"\"b\"\"\",\"two\nlines\"\r\n"
                expected.append(["\(row)", "a, \"b\"", "two\nlines"])
                expectedLines.append(line)
                line += 2
            case 2:
                text += "\(row),crlf,x\r\n"
                expected.append(["\(row)", "crlf", "x"])
                expectedLines.append(line)
                line += 1
            default:
                let name = String(repeating: "n", count: Int(random.next() % 9))
                text += "\(row),\(name),Khánh Hải\n"
                expected.append(["\(row)", name, "Khánh Hải"])
                expectedLines.append(line)
                line += 1
            }
        }
        text += "last,no,newline"
        expected.append(["last", "no", "newline"])
        expectedLines.append(line)
        let path = try TestSupport.write(text, name: "chunks-\(chunkSize).csv")
        let reader = try CSVReader(path: path, chunkSize: chunkSize)
        var rows: [[String]] = []
        var lines: [Int] = []
        while try reader.next() {
            #expect(reader.problem == nil)
            rows.append((0..<reader.fieldCount).map(reader.string))
            lines.append(reader.line)
        }
        #expect(rows == expected)
        #expect(lines == expectedLines)
    }

    @Test("CSV: a stray quote after plain lines is still reported with its line")
    func csvStrayQuote() throws {
        let path = try TestSupport.write("a,b\n1,2\n3,x\"y\n4,5\n", name: "stray.csv")
        let reader = try CSVReader(path: path, chunkSize: 4)
        var problems: [Int: String] = [:]
        var count = 0
        while try reader.next() {
            count += 1
            if let problem = reader.problem { problems[reader.line] = problem }
        }
        #expect(count == 4)
        #expect(problems.keys.sorted() == [3])
        #expect(problems[3]?.contains("quote in an unquoted field") == true)
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

    @Test("decimals: the fast parser returns exactly what Double(text) returns")
    func decimals() {
        func same(_ text: String) -> Bool {
            let fast = DecimalText.parse(text), full = Double(text)
            return fast?.bitPattern == full?.bitPattern
        }
        let fixed = ["106.7109781", "-0.5", "-0", "0", "42", "007.25", "1.", ".5", "-", "", "+1", "1e3", "1.5E-3", "inf", "nan", "0x1p3",
                     " 1", "1 ", "1.2.3", "12a", "999999999999999", "9999999999999999", "0.0000000000000000000001",
                     "1.00000000000000000000001", "90.000000000000001", "-180", "179.99999999999997"]
        for text in fixed { #expect(same(text), "\(text)") }
        // Random decimals around the fast path's limits: 1-18 digits, the point anywhere.
        var random = SeededRandom(seed: 7)
        var mismatches: [String] = []
        for _ in 0..<200_000 {
            let count = 1 + random.below(18)
            var digits = String((0..<count).map { _ in Character(String(random.below(10))) })
            let point = random.below(count + 1)
            if point > 0 && point < count { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: point)) }
            let text = (random.below(2) == 0 ? "-" : "") + digits
            if !same(text) { mismatches.append(text) }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(5))")
    }
}

@Suite("Timestamps written as text")
struct TimestampTextTests {
    /// The text the store has always written: field by field, years outside 0…9999 as they come.
    static func reference(_ t: Timestamp) -> String {
        let s = t.secondsSinceEpoch
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let secondsOfDay = s - days * 86_400
        let (y, m, d) = Timestamp.civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = y >= 0 && y < 10_000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))Z"
    }

    @Test("iso8601 writes what the field-by-field text wrote, from year −9999 to 99999")
    func sameText() {
        var random = SystemRandomNumberGenerator()
        let edges: [Int64] = [0, -1, 1, 86_399, 86_400, -86_400, -62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800, 1_751_328_000]
        let samples = edges + (0..<20_000).map { _ in Int64.random(in: -377_705_116_800...3_093_527_980_800, using: &random) }
        for s in samples {
            let t = Timestamp(secondsSinceEpoch: s)
            #expect(t.iso8601 == Self.reference(t), "\(s)")
        }
    }
}
