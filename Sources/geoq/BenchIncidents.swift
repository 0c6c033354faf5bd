import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq bench incidents`: grouping the bench tips with injected forwarded copies into
/// incidents from scratch (fingerprints, projection, the one-pass grouper), checked against
/// the injected truth; the PostGIS peer is `scripts/bench-incidents-peer` on the CSV written
/// with `--peer-csv`.
struct BenchIncidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract: "Time grouping the bench tips (with injected forwarded copies) into incidents, and check the copies found.")

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Timed repetitions (median reported).") var runs = 3
    @Option(help: "Write the tips with their copies as CSV for the PostGIS peer.") var peerCSV: String?

    func run() throws {
        try reportingErrors {
            try bench.checkFiles()
            let data = try BenchIncidents(tipsPath: bench.tipsPath)
            if let peerCSV { try data.csv().write(toFile: peerCSV, atomically: true, encoding: .utf8) }
            var grouping: [Double] = [], whole: [Double] = []
            var result: IncidentGrouper?
            for _ in 0..<max(1, runs) {
                let started = Date()
                // Fingerprints (folding each text) and the metric projection are part of grouping.
                var tips = data.rows.map { r in
                    IncidentGrouper.Tip(id: r.id, time: Double(r.time), x: r.lon, y: r.lat, accuracy: 10, method: .gps, commune: "", category: r.category,
                                        sender: r.id, fingerprint: r.text.map(MessageFingerprint.init))
                }
                try IncidentTipReader.projectForBench(&tips, crs: "EPSG:32648")
                let clock = Date()
                result = IncidentGrouper.group(tips)
                grouping.append(Date().timeIntervalSince(clock))
                whole.append(Date().timeIntervalSince(started))
            }
            guard let result else { return }
            // The copies found against the injected truth.
            var copyOf: [Int64: Int64] = [:]
            for r in data.rows { if let o = r.copyOf { copyOf[r.id] = o } }
            var incidentOf: [Int64: Int] = [:]
            for (tip, a) in zip(result.tips, result.assignments) { incidentOf[tip.id] = a.incident }
            let found = copyOf.filter { incidentOf[$0.key] == incidentOf[$0.value] }.count
            let copyLinks = zip(result.tips, result.assignments).filter { $0.1.link == .copy }
            let wrong = copyLinks.filter { copyOf[$0.0.id] == nil }.count
            print("incidents \(bench.size): \(Console.grouped(data.originals)) bench tips + \(Console.grouped(data.copies)) injected copies = \(Console.grouped(data.rows.count)) tips")
            print("  grouping alone: " + grouping.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s", BenchTiming.median(grouping)))
            print("  with fingerprints and projection: " + whole.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s; peak RSS %d MB", BenchTiming.median(whole), BenchTiming.peakRSSMegabytes()))
            print("  \(Console.grouped(result.incidents.count)) incidents; copies found \(Console.grouped(found)) of \(Console.grouped(copyOf.count)) injected, \(wrong) copy links to non-copies; \(Console.grouped(result.assignments.filter { $0.link == .corroboration }.count)) corroborations")
        }
    }
}
