import Foundation
public import GeoIncidents

/// The peers' benchmark data set, made by `python ../shared/bench/gen_data.py --out FOLDER`:
/// communes, neighbourhoods and tips of one size (10k, 100k or 1M), for `geoq bench` and the
/// tests that run on the large sizes when the data is there.
public struct BenchData: Sendable {
    /// The folder the generator wrote.
    public var folder: String
    /// The tip file's size: "10k", "100k" or "1M".
    public var size: String

    /// The data set of `size` in `folder`.
    public init(folder: String, size: String) {
        (self.folder, self.size) = (folder, size)
    }

    /// The tips: `id,lon,lat,…` in id order.
    public var tipsPath: String { "\(folder)/tips_\(size).csv" }

    /// The files a bench needs that are not there (full paths), in a fixed order.
    public var missingFiles: [String] {
        ["communes.geojson", "neighbourhoods.geojson", "tips_\(size).csv"].map { "\(folder)/\($0)" }
            .filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// The tips' positions in file (= id) order; lines that do not parse are skipped.
    public func tipCoordinates() throws -> [Coordinate] {
        let text = try String(contentsOfFile: tipsPath, encoding: .utf8)
        var points: [Coordinate] = []
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if first { first = false; continue }
            let fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, let lon = Double(fields[1]), let lat = Double(fields[2]) else { continue }
            points.append(Coordinate(x: lon, y: lat))
        }
        return points
    }

    /// A new database at `path` (any old one and its WAL removed) with the data set's
    /// communes and neighbourhoods imported, and the seconds the import took. With
    /// `reuseRegions`, a regions-only copy left beside `path` by an earlier call
    /// (`path.regions`) is copied instead, and the seconds are nil.
    public func makeDatabase(at path: String, reuseRegions: Bool = false) throws -> (database: GeoDatabase, secondsImportingRegions: Double?) {
        for suffix in ["", "-wal", "-shm", ".columns"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let snapshot = path + ".regions"
        if reuseRegions, FileManager.default.fileExists(atPath: snapshot) {
            try FileManager.default.copyItem(atPath: snapshot, toPath: path)
            return (try GeoDatabase.open(path: path), nil)
        }
        let database = try GeoDatabase.open(path: path)
        let regions = RegionStore(database: database)
        let started = Date()
        _ = try regions.importFile("\(folder)/communes.geojson", options: RegionImportOptions(level: .commune, parentField: "province_id"))
        _ = try regions.importFile("\(folder)/neighbourhoods.geojson", options: RegionImportOptions(level: .neighbourhood, parentField: "commune_id"))
        let seconds = Date().timeIntervalSince(started)
        try database.checkpoint()
        try? FileManager.default.removeItem(atPath: snapshot)
        try FileManager.default.copyItem(atPath: path, toPath: snapshot)
        return (database, seconds)
    }
}
