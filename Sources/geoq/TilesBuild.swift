import ArgumentParser
import Foundation
import GeoIncidents

extension Geoq {
    /// `geoq tiles …`: offline tile packages.
    struct Tiles: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Offline vector tile packages (MBTiles 1.3) for commune posts with weak internet.",
            subcommands: [TilesBuild.self]
        )
    }
}

/// `geoq tiles build`.
struct TilesBuild: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build (or resume) an MBTiles package of a commune or province: communes, tips, incidents, hotspots, clusters, cameras.",
        discussion: """
            Tiles are Mapbox Vector Tiles 2.1, gzip-compressed, in TMS rows as MBTiles 1.3 requires; empty tiles are
            not stored. --access public (the default) follows the public map: tip counts with small counts left out,
            no incidents, clusters or cameras. --access force puts tip positions, incidents, clusters and cameras in the file: give it
            only to the force. An interrupted build resumes where it stopped.
            """
    )

    enum Access: String, ExpressibleByArgument { case `public`, force }

    @OptionGroup var db: DatabaseOptions
    @Option(help: "commune:CODE or province:CODE.") var scope: String
    @Option(help: "Zoom range MIN-MAX.") var zoom: String = "8-16"
    @Option(help: "Output file (.mbtiles).") var out: String
    @Option(help: "public or force (see above).") var access: Access = .public

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let parts = scope.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let level = AdminLevel(rawValue: parts[0]), level != .neighbourhood else {
                throw ValidationError("--scope must be commune:CODE or province:CODE, got '\(scope)'")
            }
            guard let region = try RegionStore(database: database).region(level: level, code: parts[1]), let box = region.boundingBox else {
                throw ValidationError("--scope \(scope): no current \(level.rawValue) has code \(parts[1])")
            }
            let range = zoom.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard range.count == 2, let minZoom = range[0], let maxZoom = range[1] else { throw ValidationError("--zoom must be MIN-MAX, e.g. 8-16") }
            let name = ((out as NSString).lastPathComponent as NSString).deletingPathExtension
            var options = TilePackage.Options(name: name, bounds: BoundingBox(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3]),
                                              minZoom: minZoom, maxZoom: maxZoom,
                                              access: access == .force ? .full : TileAccess(readsTips: false, suppressBelow: 3))
            options.description = "\(region.name) (\(region.code)), zoom \(minZoom)-\(maxZoom), \(access.rawValue) access"
            options.communes = level == .commune ? [region.code] : try RegionStore(database: database).list(level: .commune, parentCode: region.code).map(\.code)
            try FileManager.default.createDirectory(atPath: (out as NSString).deletingLastPathComponent.isEmpty ? "." : (out as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            if access == .force {    // the incidents layer: the newest tips grouped first
                try IncidentStore.catchUpOrNote(database, reading: "the incidents layer holds")
            }
            let service = TileService(database: database)
            let start = Date()
            let report = try TilePackage.build(options, service: service, path: out) { done, total in
                let width = 30, filled = total > 0 ? width * done / total : width
                Console.progress("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total) tiles")
            }
            Console.endProgress()
            print(String(format: "%@: %d tiles written, %d resumed from an earlier run, %d empty (of %d) in %.1f s",
                         out, report.written, report.resumed, report.empty, report.total, Date().timeIntervalSince(start)))
            print("\(TilePackage.stylePath(for: out)): its MapLibre style (QGIS: Layer Properties → Style → Load Style)")
            if access == .force { Console.error("note: \(out) holds tip positions, clusters and cameras: for the force only") }
        }
    }
}
