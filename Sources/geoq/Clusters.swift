import ArgumentParser
import Foundation
import GeoIncidents

/// `geoq clusters`: DBSCAN clusters of tips, and which of them are border clusters.
struct Clusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "DBSCAN clusters of tips in metres, with border clusters: those spanning two communes or near a shared border.",
        discussion: """
            A tip is core when at least --min-points tips (itself included) lie within --eps metres; clusters are
            connected core tips plus the tips within eps of them. A border cluster spans two or more communes, or
            its hull lies within --border-distance metres of a border shared by two communes (see
            `geoq regions borders`). Each cluster reports its hull, centroid, first and last report, categories,
            hour-of-day × weekday profile (Vietnam time), the units it touches with their shares, and the nearest
            shared border. Hulls are drawn through tip positions: keep the output inside the force.
            """
    )

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "DBSCAN radius in metres.") var eps: Double = 100
    @Option(help: "DBSCAN density: tips within eps (the tip itself included) for a core tip.") var minPoints: Int = 8
    @Option(help: "Metres from a shared border within which a cluster is a border cluster.") var borderDistance: Double = 300
    @Flag(help: "Only border clusters.") var borderOnly = false
    @Option(help: "Hull and commune span from: members (all tips of the cluster) or core (core tips only: deterministic).")
    var hullTips: ClusterParameters.HullTips = .members
    @Option(help: "Projected CRS in metres (default: the UTM zone of the tips).") var crs: String?
    @Option(help: "Rows to print (default: 20 for the table, all otherwise).") var limit: Int?

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let filter = try scope.filter(filters, database: database)
            var parameters = ClusterParameters(epsMeters: eps, minPoints: minPoints, borderDistanceMeters: borderDistance, crs: crs)
            parameters.hullTips = hullTips
            let result = try ClusterService(database: database).clusters(filter, parameters: parameters)
            let names = try UnitNames(regions: RegionStore(database: database))
            let chosen = borderOnly ? result.borderClusters : result.clusters
            Console.error("\(Console.grouped(result.tipCount)) tips: \(result.clusters.count) clusters (\(result.borderClusters.count) border), "
                          + "\(Console.grouped(result.noiseCount)) noise, \(Console.grouped(result.coreCount)) core; eps \(eps) m, min \(minPoints), \(result.crs)"
                          + (result.borderCount == 0 ? "\nnote: no shared borders in the boundary layer: border clusters are only those spanning communes" : "")
                          + (LocationRadius.note(leftOut: result.leftOutCoarse, scaleMeters: eps, scale: "eps").map { "\nnote: " + $0 } ?? ""))
            let shown = Array(chosen.prefix(limit ?? (output.format == .table ? 20 : chosen.count)))
            switch output.format {
            case .geojson:
                print(result.featureCollection(shown, names: names), terminator: "")
            case .json:
                let clusters: [JSONValue] = shown.map { cluster in
                    var object = Dictionary(uniqueKeysWithValues: result.properties(cluster, names: names))
                    object["hull"] = .array(cluster.hull.map { .array([.number($0.x), .number($0.y)]) })
                    return .object(object)
                }
                print(GeoJSONWriter.json(.object(["metadata": .object(Dictionary(uniqueKeysWithValues: result.summary)), "clusters": .array(clusters)])))
            case .table, .csv:
                let header = ["key", "size", "core", "area_m2", "first", "last", "top_category", "peak_hours", "communes", "border", "nearest_border", "distance_m"]
                var table = TableWriter(header: header, numericColumns: [0, 1, 2, 3, 11])
                for c in shown {
                    let top = zip(TipCategory.allCases, c.categoryCounts).max { $0.1 < $1.1 }.map { $0.0.rawValue } ?? ""
                    let communes = c.communes.prefix(3).map { "\(names.communes[$0.code] ?? $0.code) \(Int(($0.share * 100).rounded()))%" }.joined(separator: "; ")
                    let border = c.spansCommunes ? (c.nearBorder ? "spans+near" : "spans") : (c.nearBorder ? "near" : "")
                    let nearest = c.nearestBorder.map { "\(names.communes[$0.codeA] ?? $0.codeA) | \(names.communes[$0.codeB] ?? $0.codeB)" } ?? ""
                    table.add([String(c.key), String(c.size), String(c.coreCount), String(Int(c.areaSquareMeters.rounded())),
                               String(c.firstReport.iso8601.prefix(10)), String(c.lastReport.iso8601.prefix(10)), top,
                               c.peakHours().map { "\($0)h" }.joined(separator: " "), communes, border, nearest,
                               c.nearestBorder.map { String(format: "%.0f", $0.distanceMeters) } ?? ""])
                }
                print(try table.render(output.format))
            }
        }
    }
}

extension ClusterParameters.HullTips: ExpressibleByArgument {}
