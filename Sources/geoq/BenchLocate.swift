import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo
import TextLocator

/// `geoq bench locate`: the text locator (issue 17) on the labelled tip texts: texts per
/// second on one thread, accuracy, precision of `located` and false locations on place-free
/// texts; with `--peer-python`, the peer (vietnamadminunits, scripts/locate-peer.py) on the
/// same texts in the same run, alternately, and the ratio.
struct BenchLocate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Time and score the text locator on the labelled tip texts, optionally against vietnamadminunits in the same run.")

    @Option(help: "Labelled texts: id,text,province,expected_status,expected_communes.") var labelled = "Tests/TextLocatorTests/Fixtures/labelled-tips.csv"
    @Option(help: "Directory of the code lists.") var codes = "regions/vn-admin-codes"
    @Option(help: "Passes over the labelled set per timed round.") var passes = 20
    @Option(help: "Timed rounds (median reported).") var rounds = 3
    @Option(help: "A Python with vietnamadminunits 1.0.4 (e.g. /tmp/locpeer/bin/python): also time and score the peer.") var peerPython: String?

    func validate() throws {
        guard (1...1_000).contains(passes), (1...20).contains(rounds) else { throw ValidationError("--passes must be 1 to 1,000 and --rounds 1 to 20") }
    }

    func run() throws {
        try reportingErrors {
            let table = try guarded { try CSVTable(contentsOf: labelled) }
            let columns = try guarded { try ["id", "text", "province", "expected_status", "expected_communes"].map(table.column) }
            let rows = table.rows.map { $0.fields }
            let loadStart = Date()
            let locator = try guarded { Locator(gazetteer: try Gazetteer.load(directory: codes)) }
            let loadSeconds = Date().timeIntervalSince(loadStart)
            var oursRates: [Double] = [], peerRates: [Double] = []
            var answers: [LocateResult] = []
            var peerAnswers: [String: (status: String, commune: String)] = [:]
            for _ in 0..<rounds {
                let start = Date()
                for pass in 0..<passes {
                    for row in rows {
                        let r = (try? locator.locate(row[columns[1]], provinceHint: row[columns[2]])) ?? .notFound()
                        if pass == 0, answers.count < rows.count { answers.append(r) }
                    }
                }
                oursRates.append(Double(rows.count * passes) / Date().timeIntervalSince(start))
                if let peerPython {
                    let (rate, peer) = try Self.runPeer(python: peerPython, labelled: labelled)
                    peerRates.append(rate)
                    peerAnswers = peer
                }
            }
            print("labelled set: \(labelled) (\(rows.count) texts); gazetteer loaded in \(String(format: "%.2f", loadSeconds)) s; ours timed on \(passes) passes per round, one thread")
            var table2 = TableWriter(header: ["who", "texts_per_s", "accuracy", "precision", "false_location_rate", "located", "ambiguous", "place_free_located"],
                                     numericColumns: [1, 2, 3, 4, 5, 6])
            let ours = Self.score(rows, columns) { k in (answers[k].status.rawValue, answers[k].communeCode ?? "", Set(answers[k].candidates)) }
            table2.add(["ours", String(format: "%.0f", BenchTiming.median(oursRates))] + ours)
            if !peerRates.isEmpty {
                let peer = Self.score(rows, columns) { k in
                    let a = peerAnswers[rows[k][columns[0]]] ?? ("not_found", "")
                    return (a.status, a.commune, [])
                }
                table2.add(["vietnamadminunits 1.0.4", String(format: "%.1f", BenchTiming.median(peerRates))] + peer)
            }
            print(try table2.render(.table))
            if !peerRates.isEmpty {
                let ratios = zip(oursRates, peerRates).map { $0 / $1 }
                print("same-run ratio (ours / peer, per round): " + ratios.map { String(format: "%.0f×", $0) }.joined(separator: ", "))
            }
        }
    }

    /// accuracy, precision, false-location rate, located, ambiguous, place-free located (as in
    /// scripts/bench-locate-peer).
    static func score(_ rows: [[String]], _ columns: [Int], answer: (Int) -> (status: String, commune: String, candidates: Set<String>)) -> [String] {
        var right = 0, located = 0, locatedRight = 0, placeFree = 0, falseLocated = 0, ambiguous = 0
        for (k, row) in rows.enumerated() {
            let truth = Set(row[columns[4]].split(separator: ";").map(String.init))
            let a = answer(k)
            let ok = row[columns[3]] == "not_found" ? a.status == "not_found"
                : (a.status == "located" && truth.contains(a.commune)) || (a.status == "ambiguous" && truth.isSubset(of: a.candidates))
            if ok { right += 1 }
            if a.status == "ambiguous" { ambiguous += 1 }
            if a.status == "located" { located += 1; if truth.contains(a.commune) { locatedRight += 1 } }
            if row[columns[0]].hasPrefix("place_free") { placeFree += 1; if a.status == "located" { falseLocated += 1 } }
        }
        return [String(format: "%.4f", Double(right) / Double(max(rows.count, 1))), String(format: "%.4f", Double(locatedRight) / Double(max(located, 1))),
                String(format: "%.4f", Double(falseLocated) / Double(max(placeFree, 1))), String(located), String(ambiguous), "\(falseLocated)/\(placeFree)"]
    }

    /// Runs scripts/locate-peer.py once: its texts/s and its answers by id.
    static func runPeer(python: String, labelled: String) throws -> (Double, [String: (status: String, commune: String)]) {
        let out = NSTemporaryDirectory() + "geoq-locate-peer-\(ProcessInfo.processInfo.processIdentifier).csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["scripts/locate-peer.py", labelled, out]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let rate = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ValidationError("the peer (\(python) scripts/locate-peer.py) failed with status \(process.terminationStatus): is vietnamadminunits installed in that Python?")
        }
        let table = try CSVTable(contentsOf: out)
        let (id, status, commune) = (try table.column("id"), try table.column("status"), try table.column("commune"))
        return (rate, Dictionary(table.rows.map { ($0.fields[id], ($0.fields[status], $0.fields[commune])) }, uniquingKeysWith: { a, _ in a }))
    }
}
