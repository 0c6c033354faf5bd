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
    @Flag(help: "Also, on a store of the bench tips: the whole rebuild, then new tips one at a time as intake stores and groups them.") var store = false
    @Option(help: "New tips grouped one at a time (with --store).") var inserts = 200

    func run() throws {
        try reportingErrors {
            try bench.checkFiles()
            let data = try BenchIncidents(tipsPath: bench.tipsPath)
            if let peerCSV { try data.csv().write(toFile: peerCSV, atomically: true, encoding: .utf8) }
            var grouping: [Double] = [], whole: [Double] = []
            var result: IncidentGrouper?
            for _ in 0..<max(1, runs) {
                result = nil    // the previous run's incidents are freed before the clock starts
                let started = Date()
                // Fingerprints (folding each text) and the metric projection are part of grouping.
                var tips = data.rows.map { r in
                    IncidentGrouper.Tip(id: r.id, time: Double(r.time), x: r.lon, y: r.lat, accuracy: 10, method: .gps, commune: "", category: r.category,
                                        sender: r.id, fingerprint: r.text.map(MessageFingerprint.init))
                }
                try IncidentGrouper.project(&tips, crs: "EPSG:32648")
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
            if store { try storePass() }
        }
    }

    /// The store: import the bench tips (untimed), rebuild (timed: reading, grouping,
    /// writing), then `inserts` new tips near old ones, each stored and grouped in one commit, beside as many stored alone.
    func storePass() throws {
        let database = try bench.freshDatabase()
        let regions = RegionStore(database: database)
        var options = TipImportOptions()
        options.source = "bench"
        _ = try TipImporter(database: database, options: options, buildingIndex: { try regions.boundaryIndex(snapToleranceMeters: 0) }).run(path: bench.tipsPath)
        let incidents = IncidentStore(database: database)
        var started = Date()
        let report = try incidents.rebuild()
        let rebuild = Date().timeIntervalSince(started)
        print(String(format: "  store: rebuild of %@ stored tips %.2f s (grouping %.2f s of it) into %@ incidents", Console.grouped(report.tips), rebuild,
                     report.groupingSeconds, Console.grouped(report.incidents)))
        let index = try regions.boundaryIndex(snapToleranceMeters: 0)
        let store = TipStore(database: database)
        let points = try bench.benchData.tipCoordinates()
        var random = SeededRandom(seed: 7)
        var grouped: [Double] = [], storing: [Double] = []
        func tip(_ k: Int, _ location: Coordinate) -> NewTip {
            NewTip(externalID: "insert-\(k)", source: "bench-insert", reportedAt: Timestamp(secondsSinceEpoch: 1_751_000_000 + Int64(k) * 60),
                   category: .criminal, channel: .zaloGroup, description: "Lúc 21 giờ \(k % 60) phút có nhóm thanh niên tụ tập mang hung khí tại điểm \(k), đề nghị kiểm tra",
                   location: location)
        }
        // Alternately: a tip stored alone (one durable commit, the floor), and a tip stored
        // and grouped as intake does (one commit for both); each near an old tip.
        for k in 0..<max(1, inserts) {
            let near = points[random.below(points.count)]
            let location = Coordinate(x: near.x + 0.0005, y: near.y)
            let assignment = try index.assign(location)
            started = Date()
            _ = try store.submit(tip(2 * k, location), assignment: assignment)
            storing.append(Date().timeIntervalSince(started))
            try incidents.catchUp()    // untimed: the stored-alone tip joins too, as the next intake would group it
            started = Date()
            let (result, ok) = try incidents.submit(tip(2 * k + 1, location), assignment: assignment)
            grouped.append(Date().timeIntervalSince(started))
            guard result.created, ok else { throw ValidationError("insert \(k) was not stored and grouped at once") }
        }
        func figures(_ times: [Double]) -> String {
            let sorted = times.sorted()
            return String(format: "median %.2f ms, p99 %.2f ms", 1000 * BenchTiming.median(times), 1000 * sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))])
        }
        print("  store: \(grouped.count) new tips stored and grouped in one commit (intake): \(figures(grouped))")
        print("  store: \(storing.count) new tips stored alone (one durable commit, the floor): \(figures(storing)); grouping adds "
              + String(format: "%.2f ms", 1000 * (BenchTiming.median(grouped) - BenchTiming.median(storing))))
    }
}
