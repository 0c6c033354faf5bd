import ArgumentParser
import Foundation
import GeoIncidents

extension Geoq {
    /// `geoq cameras …`: the camera registry.
    struct Cameras: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The camera registry: import, list, add, remove, and suggest sites for new cameras.",
            subcommands: [CamerasImport.self, CamerasList.self, CamerasAdd.self, CamerasRemove.self, CamerasSuggest.self]
        )
    }
}

extension CameraStatus: ExpressibleByArgument {}
extension CameraKind: ExpressibleByArgument {}

/// `geoq cameras import FILE`.
struct CamerasImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import cameras from CSV or GeoJSON points (id, lon, lat, heading, field_of_view, range_m, status, kind, owner, installed).",
        discussion: """
            Heading is in degrees clockwise from north, field of view in degrees, range in metres. A camera without
            heading or field of view is taken as omnidirectional (flagged as assumed). Rows with out-of-range values
            are rejected with their line and reason; the valid ones are stored, and an id already registered is
            replaced. Exit code 2 when rows were rejected.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "CSV or GeoJSON file.") var file: String
    @Option(help: "Range in metres for cameras without one (e.g. OpenStreetMap points).") var defaultRange: Double?

    func run() throws {
        try reportingErrors {
            let report = try CameraStore(database: try db.open()).importFile(file, defaultRange: defaultRange)
            print("\(file): \(report.added) cameras added, \(report.replaced) replaced, \(report.rejected.count) rejected; "
                  + "\(report.assumedDirection) without heading or field of view (taken as omnidirectional)")
            for problem in report.rejected.prefix(20) { Console.error("rejected: \(problem)") }
            if report.rejected.count > 20 { Console.error("… \(report.rejected.count - 20) more rejected rows") }
            if !report.rejected.isEmpty { throw ExitCode(2) }
        }
    }
}

/// `geoq cameras list`.
struct CamerasList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List registered cameras.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @Flag(help: "Active cameras only.") var active = false

    func run() throws {
        try reportingErrors {
            let cameras = try CameraStore(database: try db.open()).list(activeOnly: active)
            if output.format == .geojson || output.format == .json {
                print(GeoJSONWriter.featureCollection(cameras.map { c in
                    GeoJSONWriter.feature(id: .string(c.code), geometry: .point(c.position), properties: CameraFeatures.properties(c))
                }), terminator: "")
                return
            }
            var table = TableWriter(header: ["id", "lon", "lat", "heading", "fov", "range_m", "status", "kind", "commune", "owner"], numericColumns: [1, 2, 3, 4, 5])
            for c in cameras {
                table.add([c.code, String(format: "%.6f", c.position.x), String(format: "%.6f", c.position.y),
                           c.headingDegrees.map { String(format: "%.1f", $0) } ?? "", c.fieldOfViewDegrees.map { String(format: "%.1f", $0) } ?? (c.directionAssumed ? "360 (assumed)" : ""),
                           String(format: "%.0f", c.rangeMeters), c.status.rawValue, c.kind.rawValue, c.communeCode ?? "", c.owner ?? ""])
            }
            print(try table.render(output.format))
        }
    }
}

/// `geoq cameras add`.
struct CamerasAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register (or replace) one camera.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Camera id.") var id: String
    @Option(help: "Longitude.") var lon: Double
    @Option(help: "Latitude.") var lat: Double
    @Option(help: "Heading, degrees clockwise from north (omit for all round).") var heading: Double?
    @Option(help: "Field of view in degrees (omit for all round).") var fov: Double?
    @Option(help: "Range in metres.") var range: Double
    @Option(help: "active or offline.") var status: CameraStatus = .active
    @Option(help: "cctv, traffic, alpr or other.") var kind: CameraKind = .cctv
    @Option(help: "Who runs it.") var owner: String?

    func run() throws {
        try reportingErrors {
            try CameraStore(database: try db.open()).add(Camera(code: id, position: Coordinate(x: lon, y: lat), headingDegrees: heading, fieldOfViewDegrees: fov,
                                                                rangeMeters: range, status: status, kind: kind, owner: owner))
            print("camera \(id) registered")
        }
    }
}

/// `geoq cameras remove`.
struct CamerasRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a camera from the registry.")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Camera id.") var id: String

    func run() throws {
        try reportingErrors {
            try CameraStore(database: try db.open()).remove(code: id)
            print("camera \(id) removed")
        }
    }
}

extension SitingParameters.Candidates: ExpressibleByArgument {}

/// `geoq cameras suggest`.
struct CamerasSuggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Suggest sites for new cameras: greedy maximal coverage of the tips no active camera sees, weighted by recency.",
        discussion: """
            Existing active cameras stay; each suggestion is the candidate view adding the most recency-weighted
            unseen tips (half-life --half-life days back from the latest tip), with its marginal gain. Greedy is
            within 1 - 1/e of the best possible choice; see docs/cameras.md for how close it gets in practice.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Cameras to place.") var count: Int = 5
    @Option(help: "Range of the new cameras, metres.") var range: Double = 100
    @Option(help: "Field of view, degrees (360 = all round; otherwise 8 headings are tried per site).") var fov: Double = 360
    @Option(help: "Candidate sites: grid (lattice of range/2), tips, or hotspots (hot cell centres).") var candidates: SitingParameters.Candidates = .grid
    @Option(help: "Recency half-life in days.") var halfLife: Double = 90
    @Option(help: "Projected CRS in metres (default: the UTM zone of the tips).") var crs: String?

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let filter = try scope.filter(filters, database: database)
            var parameters = SitingParameters(count: count, rangeMeters: range, fieldOfViewDegrees: fov, candidates: candidates)
            parameters.halfLifeDays = halfLife
            parameters.crs = crs
            let siting = try CameraService(database: database).suggestCameras(filter, parameters: parameters)
            Console.error("\(Console.grouped(siting.tips)) tips, \(Console.grouped(siting.alreadySeen)) already seen; \(Console.grouped(siting.candidateViews)) candidate views; \(siting.crs)"
                          + (LocationRadius.note(leftOut: siting.leftOutCoarse, scaleMeters: CameraService.tipScaleMeters, scale: "camera scale").map { "\nnote: " + $0 } ?? ""))
            if output.format == .geojson || output.format == .json {
                print(CameraFeatures.suggestionCollection(siting), terminator: "")
                return
            }
            var table = TableWriter(header: ["rank", "lon", "lat", "heading", "tips", "gain", "cumulative_%"], numericColumns: [0, 1, 2, 3, 4, 5, 6])
            for (rank, s) in siting.suggestions.enumerated() {
                table.add([String(rank + 1), String(format: "%.6f", s.position.x), String(format: "%.6f", s.position.y), s.headingDegrees.map { String(format: "%.0f", $0) } ?? "all round",
                           String(s.tips), String(format: "%.2f", s.gain), String(format: "%.1f", s.cumulativeShare * 100)])
            }
            print(try table.render(output.format))
        }
    }
}
