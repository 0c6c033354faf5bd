import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

/// Study areas' cells kept in the database (migration 020): read back exactly, used only for
/// the boundaries and data they were made from.
@Suite("Study-area cells in the database")
struct StudyAreaCellStoreTests {
    @Test("runs give back the same cells in the same order, repeats included; bad runs are refused")
    func runs() {
        let cells = [CellID(ix: 3, iy: 7), CellID(ix: 4, iy: 7), CellID(ix: 5, iy: 7), CellID(ix: -2, iy: 8), CellID(ix: 4, iy: 7),
                     CellID(ix: Int32.max, iy: 1), CellID(ix: Int32.min, iy: Int32.min), CellID(ix: Int32.min + 1, iy: Int32.min)]
        let bytes = StudyAreaCellStore.encode(cells)
        #expect(bytes.count == 12 * 5, "five runs")
        #expect(bytes.withUnsafeBytes { StudyAreaCellStore.decode($0, limit: 100) } == cells)
        #expect(bytes.withUnsafeBytes { StudyAreaCellStore.decode($0, limit: 7) } == nil, "more cells than the limit")
        #expect([UInt8](repeating: 0, count: 12).withUnsafeBytes { StudyAreaCellStore.decode($0, limit: 100) } == nil, "a run of length 0")
        #expect(bytes.dropLast().withUnsafeBytes { StudyAreaCellStore.decode($0, limit: 100) } == nil, "torn")
        var past = StudyAreaCellStore.encode([CellID(ix: Int32.max, iy: 0)])
        past[8] = 2    // two columns from Int32.max
        #expect(past.withUnsafeBytes { StudyAreaCellStore.decode($0, limit: 100) } == nil)
        #expect(StudyAreaCellStore.encode([]).isEmpty && [UInt8]().withUnsafeBytes { StudyAreaCellStore.decode($0, limit: 0) } == [])
    }

    @Test("a study-area grid keeps its cells; later grids use them while boundaries and data are unchanged, and rasterize again after a boundary change")
    func keptAndUsed() throws {
        let database = try TestSupport.demoDatabase()
        let first = try HotspotService(database: database).grid(TipFilter(), parameters: HotspotParameters())
        #expect(try rows(database) == 1)
        #expect(try HotspotService(database: database).grid(TipFilter(), parameters: HotspotParameters()).cells == first.cells)

        // The stored cells are what a new grid takes: replace them by the cells with tips only.
        let withTips = first.cells.filter { $0.count > 0 }.map(\.id)
        try database.writer.sync { try $0.run("UPDATE study_area_cells SET runs = ?", [.blob(StudyAreaCellStore.encode(withTips))]) }
        let taken = try HotspotService(database: database).grid(TipFilter(), parameters: HotspotParameters())
        #expect(taken.cells.count == withTips.count && taken.cells.count < first.cells.count)

        // Any change to the boundary layer, even one that moves no data version, makes them stale.
        try database.writer.sync { try $0.run("UPDATE regions SET name = name || '' WHERE id = (SELECT min(id) FROM regions)") }
        let again = try HotspotService(database: database).grid(TipFilter(), parameters: HotspotParameters())
        #expect(again.cells == first.cells)
        #expect(try rows(database) == 1, "the stale entry was replaced")

        // Another grid or scope is another entry; a scope's codes in any order are one.
        var hex = HotspotParameters()
        hex.shape = .hex
        _ = try HotspotService(database: database).grid(TipFilter(), parameters: hex)
        var two = TipFilter()
        two.communeCodes = ["99001", "99002"]
        let forward = try HotspotService(database: database).grid(two, parameters: HotspotParameters())
        two.communeCodes = ["99002", "99001"]
        let backward = try HotspotService(database: database).grid(two, parameters: HotspotParameters())
        #expect(forward.cells == backward.cells)
        #expect(try rows(database) == 3)
    }

    @Test("cells are kept only for the boundaries still current and the data version the caller started from")
    func versions() throws {
        let database = try TestSupport.demoDatabase()
        let store = StudyAreaCellStore(database: database)
        let version = try database.dataVersion()
        let regions = try database.reader.sync { try $0.regionsVersion() }
        let entry = StudyAreaCellStore.Entry(cells: [CellID(ix: 1, iy: 2)], squareMetres: 62_500)
        store.save(entry, key: "k", dataVersion: version - 1, regionsVersion: regions)
        #expect(try rows(database) == 0, "the data moved on since the caller started")
        store.save(entry, key: "k", dataVersion: version, regionsVersion: regions - 1)
        #expect(try rows(database) == 0, "boundaries read before a change to regions")
        store.save(entry, key: "k", dataVersion: version, regionsVersion: regions)
        #expect(store.load(key: "k", dataVersion: version, limit: 10) == entry)
        #expect(store.load(key: "k", dataVersion: version + 1, limit: 10) == nil)
        #expect(store.load(key: "other", dataVersion: version, limit: 10) == nil)
        for k in 0..<(StudyAreaCellStore.capacity + 5) { store.save(entry, key: "k\(k)", dataVersion: version, regionsVersion: regions) }
        #expect(try rows(database) == StudyAreaCellStore.capacity)
        #expect(store.load(key: "k\(StudyAreaCellStore.capacity + 4)", dataVersion: version, limit: 10) == entry)
    }

    @Test("keeping cells never waits for another connection's write lock (an import); the grid is answered and nothing is kept")
    func neverWaits() throws {
        let database = try TestSupport.demoDatabase()
        let blocker = try Connection(path: database.path)
        try blocker.execute("BEGIN IMMEDIATE")
        let started = Date()
        let grid = try HotspotService(database: database).grid(TipFilter(), parameters: HotspotParameters())
        #expect(Date().timeIntervalSince(started) < Double(Connection.busyTimeoutMilliseconds) / 2_000, "no busy wait of \(Connection.busyTimeoutMilliseconds) ms")
        #expect(grid.cells.count > 0)
        try blocker.execute("ROLLBACK")
        #expect(try rows(database) == 0)
        // The connection waits again for everything else.
        #expect(try database.writer.sync { try $0.scalarInt("PRAGMA busy_timeout") } == Int64(Connection.busyTimeoutMilliseconds))
    }

    @Test("a long-lived service whose boundaries move under it (SQL by hand, no data version moved) keeps cells of the boundaries as they are now")
    func boundariesMovedByHand() throws {
        let database = try TestSupport.demoDatabase()
        let service = HotspotService(database: database)
        _ = try service.grid(TipFilter(), parameters: HotspotParameters())
        let version = try database.dataVersion()
        try database.writer.sync { try $0.run("UPDATE regions SET geom = ST_Translate(geom, 0.02, 0.01, 0) WHERE level = 'commune'") }
        #expect(try database.dataVersion() == version)
        var larger = HotspotParameters()
        larger.cellSize = 300
        let grid = try service.grid(TipFilter(), parameters: larger)
        let stored = try database.reader.sync { connection in
            var all: [[CellID]?] = []
            try connection.prepare("SELECT runs FROM study_area_cells").forEachRow { row in all.append(row.withBlob(0) { StudyAreaCellStore.decode($0, limit: 10_000_000) }) }
            return all
        }
        let current = Hotspots.rings(try RegionStore(database: database).studyArea(for: TipFilter()))
        let expected = try GridStudyArea(rings: current).cells(crs: grid.crs, geometry: GridGeometry(shape: .square, cellSize: 300), maximumCells: 10_000_000,
                                                                projectors: try ProjectionCache().pool(for: grid.crs))
        #expect(stored.count == 1 && stored.first! == expected, "the moved communes' cells, not those read before the move")
    }

    @Test("an area past Int's range, infinite or NaN is refused with a message, never a trap")
    func hugeAreas() throws {
        let geometry = GridGeometry(shape: .square, cellSize: 1)
        for area in [1e300, .infinity, .nan, 9.3e18] {
            #expect(throws: GeoIncidentsError.self) { try GridStudyArea.check(squareMetres: area, geometry: geometry, maximumCells: 50_000_000) }
        }
        #expect(try GridStudyArea.check(squareMetres: 62_500, geometry: GridGeometry(shape: .square, cellSize: 250), maximumCells: 1) == 1)
    }

    @Test("scope keys: codes in any order are one scope; codes that would join alike are not")
    func scopeKeys() {
        func key(_ communes: [String], _ neighbourhoods: [String] = []) -> String {
            var f = TipFilter()
            f.communeCodes = communes
            f.neighbourhoodCodes = neighbourhoods
            return GridStudyArea.key(f)
        }
        #expect(key(["a", "b"]) == key(["b", "a"]))
        #expect(key(["a", "b"]) != key(["a\u{1F}b"]) && key(["a:1:b"]) != key(["a", "b"]) && key(["ab"]) != key(["a", "b"]))
        #expect(key(["a"]) != key([], ["a"]))
    }

    private func rows(_ database: GeoDatabase) throws -> Int64 {
        try database.reader.sync { try $0.scalarInt("SELECT count(*) FROM study_area_cells") ?? -1 }
    }
}
