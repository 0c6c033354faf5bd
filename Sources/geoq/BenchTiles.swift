import ArgumentParser
import Foundation
import GeoIncidents
import GeoIncidentsDemo

/// `geoq bench tiles`: vector tile speed on a bench database (the 1M tips of `geoq bench import`).
struct BenchTiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "Time uncached z14 tiles of the densest area and a province package (z8-z14) on a bench database.",
        discussion: "Build the database first with `geoq bench import --size 1M --database PATH` (it keeps the tips)."
    )

    @Option(help: "Bench database with tips and communes.") var database = "/tmp/geoq-bench.sqlite"
    @Option(help: "Longitude of the densest area (default: the peers' top Gi* cell at 1M).") var lon = 106.25448
    @Option(help: "Latitude of the densest area.") var lat = 17.91406
    @Option(help: "Timed repetitions.") var runs = 7
    @Flag(help: "Skip building the province package.") var noPackage = false

    func run() throws {
        try reportingErrors {
            let db = try GeoDatabase.open(path: database, readers: 2)
            let service = TileService(database: db)
            let tile = try TileID.covering(BoundingBox(minX: lon, minY: lat, maxX: lon, maxY: lat), zoom: 14)[0]
            var box = TipFilter()
            box.boundingBox = tile.bounds
            print("z14 tile \(tile) at \(lon), \(lat): \(Console.grouped(try TipStore(database: db).count(box))) tips in it")
            let z15 = try TileID.covering(BoundingBox(minX: lon, minY: lat, maxX: lon, maxY: lat), zoom: 15)[0]
            var inZ15 = TipFilter()
            inZ15.boundingBox = z15.bounds
            let cases: [(String, TileLayer, TileAccess, TileID)] = [
                ("z14 tips, counts (analyst)", .tips, .full, tile), ("z14 tips, counts (public)", .tips, TileAccess(readsTips: false, suppressBelow: 3), tile),
                ("z14 communes", .communes, .full, tile), ("z14 hotspots (grid cached)", .hotspots, .full, tile),
                ("z14 clusters (analyses cached)", .clusters, .full, tile), ("z14 cameras", .cameras, .full, tile),
                ("z15 tips, points (analyst, \(try TipStore(database: db).count(inZ15)) tips)", .tips, .full, z15),
            ]
            for (label, layer, access, tileID) in cases {
                _ = try service.tile(layer, tileID, access: access)  // warm SQLite pages and the analysis caches
                var times: [Double] = []
                var size = 0
                for _ in 0..<max(1, runs) {
                    let start = Date()
                    size = try service.tile(layer, tileID, access: access).count
                    times.append(Date().timeIntervalSince(start))
                }
                print("  " + label.padding(toLength: 44, withPad: " ", startingAt: 0)
                      + String(format: "median %6.1f ms, max %6.1f ms, %d bytes", BenchTiming.median(times) * 1000, (times.max() ?? 0) * 1000, size))
            }
            var total: [Double] = []
            for _ in 0..<max(1, runs) {
                let start = Date()
                for layer in TileLayer.allCases { _ = try service.tile(layer, tile, access: .full) }
                total.append(Date().timeIntervalSince(start))
            }
            print(String(format: "  z14, all five layers (analyst): median %.1f ms", BenchTiming.median(total) * 1000))
            guard !noPackage else { return }
            // The package of the province holding the densest area.
            let index = try RegionStore(database: db).boundaryIndex()
            guard let commune = try index.assign(Coordinate(x: lon, y: lat)).communeCode,
                  let province = try RegionStore(database: db).region(level: .commune, code: commune)?.parentCode,
                  let bounds = try RegionStore(database: db).list(level: .commune).filter({ $0.parentCode == province }).compactMap(\.boundingBox).reduce(nil as BoundingBox?, { box, b in
                      var merged = box ?? BoundingBox.empty
                      merged.expand(BoundingBox(minX: b[0], minY: b[1], maxX: b[2], maxY: b[3]))
                      return merged
                  }) else {
                throw ValidationError("no commune or province at \(lon), \(lat)")
            }
            let path = NSTemporaryDirectory() + "geoq-bench-tiles.mbtiles"
            try? FileManager.default.removeItem(atPath: path)
            let start = Date()
            let report = try TilePackage.build(TilePackage.Options(name: "bench", bounds: bounds, minZoom: 8, maxZoom: 14, access: TileAccess(readsTips: false, suppressBelow: 3)),
                                               service: service, path: path)
            let seconds = Date().timeIntervalSince(start)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            print(String(format: "province %@ package z8-z14 (public): %d tiles written, %d empty, in %.1f s; %.1f MB", province, report.written, report.empty, seconds, Double(bytes) / 1e6))
        }
    }
}
