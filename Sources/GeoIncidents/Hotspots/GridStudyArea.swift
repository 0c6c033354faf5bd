/// The study area of a grid: the polygons of its scope (lon/lat rings), read when first
/// needed, and the grid cells whose centres lie inside them. The cells are rasterized, or
/// taken from the database's ``StudyAreaCellStore`` when the same boundaries were rasterized
/// on the same grid before (then the polygons are not read at all).
final class GridStudyArea {
    private let read: () throws -> (rings: [[[Coordinate]]], regionsVersion: Int64?)
    private var memo: (rings: [[[Coordinate]]], regionsVersion: Int64?)?
    private let stored: (store: StudyAreaCellStore, scope: String, dataVersion: Int64)?

    /// A study area of these polygons, rasterized each time.
    init(rings: [[[Coordinate]]]) {
        (read, stored) = ({ (rings, nil) }, nil)
    }

    /// The study area of `scope` in `database` at `dataVersion`, whose polygons `read` gives
    /// with the `meta.regions_version` they were read at; its cells are kept in and taken
    /// from the database.
    init(scope: TipFilter, database: GeoDatabase, dataVersion: Int64, read: @escaping () throws -> (rings: [[[Coordinate]]], regionsVersion: Int64?)) {
        self.read = read
        stored = (StudyAreaCellStore(database: database), Self.key(scope), dataVersion)
    }

    /// The polygons (lon/lat rings), read once.
    func rings() throws -> [[[Coordinate]]] { try stamped().rings }

    private func stamped() throws -> (rings: [[[Coordinate]]], regionsVersion: Int64?) {
        if let memo { return memo }
        let read = try read()
        memo = read
        return read
    }

    /// The cells of `geometry` in `crs` whose centres lie inside the area, in the order the
    /// rasterizer finds them. Throws when the area is empty, cannot be projected to `crs` or
    /// would make more than `maximumCells` cells.
    func cells(crs: String, geometry: GridGeometry, maximumCells: Int, projectors: ProjectorPool) throws -> [CellID] {
        let key = stored.map { SHA256.hex("\(Self.keyFormat)|\(geometry.shape.rawValue)|\(geometry.cellSize.bitPattern)|\(Projector.projRelease)|\(crs)|\($0.scope)") }
        // Cells a little past the estimate are normal (cell centres on the boundary); the
        // estimate itself is checked against the limit below, as for cells rasterized here.
        let cellLimit = maximumCells < Int.max / 2 ? 2 * maximumCells : Int.max
        if let stored, let key, let entry = stored.store.load(key: key, dataVersion: stored.dataVersion, limit: cellLimit) {
            try Self.check(squareMetres: entry.squareMetres, geometry: geometry, maximumCells: maximumCells)
            return entry.cells
        }
        let (rings, regionsVersion) = try stamped()
        guard !rings.isEmpty else {
            throw GeoIncidentsError.invalidInput("cells over the study area need a boundary layer for the scope: import regions, or use the non-empty cells only")
        }
        let projected = try ParallelProjection.forward(rings, pool: projectors)
        guard projected.allSatisfy({ $0.allSatisfy { $0.allSatisfy { $0.x.isFinite && $0.y.isFinite } } }) else {
            throw GeoIncidentsError.invalidInput("the study area cannot be projected to \(crs.prefix(120)): choose another CRS")
        }
        let squareMetres = projected.reduce(0.0) { $0 + GridRasterizer.area($1) }
        let estimate = try Self.check(squareMetres: squareMetres, geometry: geometry, maximumCells: maximumCells)
        var cells: [CellID] = []
        cells.reserveCapacity(Int(estimate * 1.05) + 16)
        for rings in projected {
            GridRasterizer.cells(in: rings, geometry: geometry) { cells.append($0) }
        }
        if let stored, let key, let regionsVersion {
            stored.store.save(.init(cells: cells, squareMetres: squareMetres), key: key, dataVersion: stored.dataVersion, regionsVersion: regionsVersion)
        }
        return cells
    }

    /// The estimated number of cells of an area of `squareMetres`; throws past `maximumCells`.
    @discardableResult
    static func check(squareMetres: Double, geometry: GridGeometry, maximumCells: Int) throws -> Double {
        let estimate = squareMetres / geometry.cellArea
        guard estimate <= Double(maximumCells) else {
            // Not Int(estimate): an area past Int's range (or NaN, from coordinates whose
            // products overflow) would trap.
            let about = estimate.isFinite ? GeoJSONWriter.number(estimate.rounded(.down)) : "too many"
            throw GeoIncidentsError.invalidInput("a cell size of \(GeoJSONWriter.number(geometry.cellSize)) m makes about \(about) cells over the scope (limit \(maximumCells)): use larger cells or a smaller scope")
        }
        return estimate
    }

    /// Moves when the rasterizer or the stored form changes: cells kept by an older build
    /// are then never read.
    static let keyFormat = "cells-2"

    /// The scope's units and box, one way of writing each (codes sorted, each with its
    /// length, so no two scopes write alike; the box's bits). The store's key hashes it with
    /// the grid, so it stays short whatever the scope.
    static func key(_ scope: TipFilter) -> String {
        var text = ""
        for (name, codes) in [("p", scope.provinceCodes), ("c", scope.communeCodes), ("n", scope.neighbourhoodCodes)] {
            text += "\(name)\(codes.count)"
            for code in codes.sorted() { text += ":\(code.utf8.count):\(code)" }
        }
        if let box = scope.boundingBox { text += "b" + [box.minX, box.minY, box.maxX, box.maxY].map { String($0.bitPattern) }.joined(separator: ",") }
        return text
    }
}
