import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq bench hotspots`: W2 of ../shared/bench — 250 m grid counts plus Gi* over the
/// non-empty cells, checked against the peers' top-10 and totals.
struct BenchHotspots: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Time grid counts + Gi* (W2) on the bench tips and check them against the peers' results."
    )

    @OptionGroup var bench: BenchDataOptions
    @Option(help: "Timed repetitions (median reported).") var runs = 5
    @Option(help: "The peers' results folder (default: the newest ../shared/bench/results).") var results: String?
    @Option(help: "Python of the peers' venv: when it exists, the numpy and esda peers run in this same run for the ratios.")
    var peerPython = "/tmp/peervenv/bin/python"
    @Flag(help: "Skip running the peers; compare with their recorded times only.") var noPeers = false

    func run() throws {
        try reportingErrors {
            let points = try bench.benchData.tipCoordinates()
            var parameters = HotspotParameters()
            parameters.cells = .nonempty
            parameters.crs = "EPSG:32648"
            parameters.cellSize = 250
            var times: [Double] = []
            var grid: HotspotGrid?
            // PROJ set-up (proj.db) happens once, outside the timings, as the peers' Transformer.
            let projections = ProjectionCache()
            _ = try Hotspots.grid(points: Array(points.prefix(50_000)), parameters: parameters, projections: projections)
            for _ in 0..<max(1, runs) {
                let start = Date()
                grid = try Hotspots.grid(points: points, parameters: parameters, projections: projections)
                times.append(Date().timeIntervalSince(start))
            }
            guard let grid else { return }
            let m = BenchTiming.median(times)
            let zs = grid.cells.compactMap(\.z)
            let zSum = zs.reduce(0, +)
            print("W2 grid + Gi* \(bench.size): \(Console.grouped(points.count)) tips, 250 m, EPSG:32648, non-empty cells")
            print("  runs: " + times.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: " s; median %.3f s", m))
            print("  cells \(grid.cells.count), links \(grid.links), z max \(String(format: "%.6f", zs.max() ?? 0)), z sum \(String(format: "%.6f", zSum))")
            let folder = try results ?? PeerResults.newestFolder()
            let peers = try PeerResults(folder: folder)
            var failures = 0
            if let numpy = peers.line(tool: "numpy", workload: "w2_gistar", size: bench.size) {
                let cells = numpy.extra["cells"] as? Int, links = numpy.extra["links"] as? Int
                let peerSum = numpy.extra["z_sum"] as? Double
                print("  peers: cells \(cells.map(String.init) ?? "?"), links \(links.map(String.init) ?? "?"), z sum \(peerSum.map { String(format: "%.6f", $0) } ?? "?")")
                if cells != grid.cells.count || links != grid.links { failures += 1; print("  MISMATCH in cells or links") }
                if let peerSum, abs(peerSum - zSum) > 1e-6 * max(1, abs(peerSum)) { failures += 1; print("  MISMATCH in z sum") }
                let esda = peers.line(tool: "esda", workload: "w2_gistar", size: bench.size)?.seconds
                print(String(format: "  vs recorded numpy (%.3f s): %.2fx", numpy.seconds, numpy.seconds / m) + (esda.map { String(format: "; vs recorded esda (%.3f s): %.1fx", $0, $0 / m) } ?? ""))
            }
            if !noPeers, FileManager.default.isExecutableFile(atPath: peerPython) {
                let live = try PeerRun.w2(python: peerPython, data: bench.data, size: bench.size)
                if let numpy = live["numpy"], let esda = live["esda"] {
                    print(String(format: "  same run: numpy %.3f s, esda %.3f s → GeoIncidents %.2fx numpy, %.1fx esda", numpy, esda, numpy / m, esda / m))
                }
            }
            print("  peak RSS \(BenchTiming.peakRSSMegabytes()) MB (includes the CSV text read for the benchmark)")
            let reference = try peers.top10(size: bench.size)
            print("  rank      ix      iy  count            z   peer z     |Δz|")
            for (rank, cell) in grid.cells.prefix(10).enumerated() {
                let peer = rank < reference.count ? reference[rank] : nil
                let delta = peer.map { abs($0.z - (cell.z ?? .nan)) } ?? .nan
                let same = peer.map { $0.ix == cell.id.ix && $0.iy == cell.id.iy && $0.count == cell.count && delta <= 1e-6 } ?? false
                if !same { failures += 1 }
                print(String(format: "  %4d  %6d  %6d  %5d  %11.6f  %11.6f  %.1e%@", rank + 1, cell.id.ix, cell.id.iy, cell.count, cell.z ?? .nan, peer?.z ?? .nan, delta, same ? "" : "  MISMATCH"))
            }
            print(failures == 0 ? "  top-10, cells, links and z sum match the peers (|Δz| ≤ 1e-6)" : "  \(failures) mismatches")
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

/// The peers' recorded results: `peers-<date>.tsv` and `artefacts-<date>/`.
struct PeerResults {
    struct Line { var seconds: Double; var extra: [String: Any] }
    struct TopCell { var ix: Int32; var iy: Int32; var count: Int; var z: Double }

    let folder: String
    private let lines: [String: Line]

    static func newestFolder() throws -> String {
        let base = "../shared/bench/results"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        guard let newest = names.filter({ $0.hasPrefix("artefacts-") }).sorted().last else {
            throw ValidationError("no peer results in \(base): pass --results")
        }
        return "\(base)/\(newest)"
    }

    init(folder: String) throws {
        self.folder = folder
        let date = (folder as NSString).lastPathComponent.replacingOccurrences(of: "artefacts-", with: "")
        let tsv = ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("peers-\(date).tsv")
        var lines: [String: Line] = [:]
        if let text = try? String(contentsOfFile: tsv, encoding: .utf8) {
            for row in text.split(separator: "\n") {
                let f = row.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
                guard f.count == 5, let seconds = Double(f[3]) else { continue }
                let extra = (try? JSONSerialization.jsonObject(with: Data(f[4].utf8))) as? [String: Any] ?? [:]
                lines["\(f[0])|\(f[1])|\(f[2])"] = Line(seconds: seconds, extra: extra)
            }
        }
        self.lines = lines
    }

    func line(tool: String, workload: String, size: String) -> Line? { lines["\(tool)|\(workload)|\(size)"] }

    func top10(size: String) throws -> [TopCell] {
        let path = "\(folder)/w2_top10_numpy_\(size).json"
        guard let data = FileManager.default.contents(atPath: path),
              let rows = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw ValidationError("\(path): missing or not a JSON array")
        }
        return rows.compactMap { row in
            guard let ix = row["ix"] as? Int, let iy = row["iy"] as? Int, let count = row["count"] as? Int, let z = row["z"] as? Double else { return nil }
            return TopCell(ix: Int32(ix), iy: Int32(iy), count: count, z: z)
        }
    }
}

/// Runs the peers' W2 script (numpy and esda) on the same data, for same-run ratios.
enum PeerRun {
    static func w2(python: String, data: String, size: String) throws -> [String: Double] {
        let script = "../shared/bench/peers/py_grid.py"
        guard FileManager.default.fileExists(atPath: script) else { throw ValidationError("\(script) not found: run from the repository root") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--data", data, "--size", size]
        var environment = ProcessInfo.processInfo.environment
        for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] { environment[name] = "1" }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        Console.error("running the numpy and esda peers (\(script), single-threaded as recorded) …")
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var times: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let f = line.split(separator: "\t")
            if f.count >= 4, f[1] == "w2_gistar", let seconds = Double(f[3]) { times[String(f[0])] = seconds }
        }
        return times
    }
}
