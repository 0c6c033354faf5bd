import ArgumentParser
import Foundation
import GeoIncidents

/// The grid options shared by the hotspot commands.
struct GridOptions: ParsableArguments {
    @Option(help: "Cell size in metres (square side; hexagons have the same area).") var cell: Double = 250
    @Option(help: "Cell shape: square or hex.") var shape: GridShape = .square
    @Option(help: "Cells: study-area (every cell in the scope's communes, zeros included) or nonempty.") var cells: CellSetKind = .studyArea
    @Option(help: "Projected CRS, e.g. EPSG:32648, EPSG:32649 or a VN-2000 code such as EPSG:3405 (default: the UTM zone of the tips).") var crs: String?

    func apply(to p: inout HotspotParameters) {
        p.cellSize = cell
        p.shape = shape
        p.cells = cells
        p.crs = crs
    }
}

/// `--scope`: unit codes or a bbox, on top of the tip filters.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Scope: a province, commune or neighbourhood code, or minLon,minLat,maxLon,maxLat (repeatable).")
    var scope: [String] = []

    /// The tip filter of `filters` with this scope added.
    func filter(_ filters: TipFilterOptions, database: GeoDatabase) throws -> TipFilter {
        var filter = try filters.analysisFilter(database: database)
        try apply(to: &filter, database: database)
        return filter
    }

    /// Adds the scope to `filter`, looking codes up in the boundary layer.
    func apply(to filter: inout TipFilter, database: GeoDatabase) throws {
        let regions = RegionStore(database: database)
        for item in scope {
            let parts = item.split(separator: ",")
            if parts.count == 4 {
                let numbers = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard numbers.count == 4 else { throw ValidationError("--scope \(item): a bbox needs four numbers minLon,minLat,maxLon,maxLat") }
                filter.boundingBox = BoundingBox(minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3])
                continue
            }
            let levels = try [AdminLevel.province, .commune, .neighbourhood].filter { try regions.region(level: $0, code: item) != nil }
            guard let level = levels.first else {
                throw ValidationError("--scope \(item): no province, commune or neighbourhood has this code (try `geoq regions find`)")
            }
            guard levels.count == 1 else {
                throw ValidationError("--scope \(item): the code names a \(levels.map(\.rawValue).joined(separator: " and a ")); use --province, --commune or --neighbourhood")
            }
            switch level {
            case .province: filter.provinceCodes.append(item)
            case .commune: filter.communeCodes.append(item)
            case .neighbourhood: filter.neighbourhoodCodes.append(item)
            }
        }
        do { try filter.validate() } catch let error as GeoIncidentsError { throw ValidationError(error.message) }
    }
}

/// What every grid-based hotspot command needs: database, grid, scope, filters and the
/// significance settings; `resolve()` turns them into the library's query.
struct HotspotQueryOptions: ParsableArguments {
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var grid: GridOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var filters: TipFilterOptions
    @Option(help: "Significance level (after FDR).") var alpha: Double = 0.05
    @Flag(help: "Do not correct p-values for multiple testing (Benjamini-Hochberg).") var noFDR = false

    /// The open database, the tip filter (scope included) and the grid parameters.
    func resolve() throws -> (GeoDatabase, TipFilter, HotspotParameters) {
        let database = try db.open()
        let filter = try scope.filter(filters, database: database)
        var parameters = HotspotParameters()
        grid.apply(to: &parameters)
        parameters.alpha = alpha
        parameters.fdr = !noFDR
        return (database, filter, parameters)
    }
}
