/// Study areas' grid cells kept in the database (`study_area_cells`, migration 020), so that a
/// grid over the study area does not read, project and rasterize the boundary layer every
/// time: that was 0.3 s of every 250 m grid over the 3,321 communes (issue 20).
///
/// An entry holds the cells of one scope on one grid (shape, cell size, CRS), in the order the
/// rasterizer found them, as runs along rows, with the area they were estimated from. It is
/// stamped with the `regions_version` the boundaries were read at (in the same transaction)
/// and written only while that is still current and the database is still at the data
/// version the caller started from; it is read only at that data version and while
/// `regions_version` is unchanged. So cells never outlive, nor predate, the boundaries they
/// came from. The store keeps the last ``capacity`` entries of
/// the current boundaries. A database that cannot be written (read-only) is only read.
struct StudyAreaCellStore {
    let database: GeoDatabase
    /// Entries kept: scopes × grids in use.
    static let capacity = 16

    /// Cells of a study area and its area in square metres (the cell-count estimate's base).
    struct Entry: Equatable {
        var cells: [CellID]
        var squareMetres: Double
    }

    /// The entry under `key`, when it was made from the boundaries current at `dataVersion`
    /// and the database is still there, with at most `limit` cells; nil otherwise (or when it
    /// cannot be read).
    func load(key: String, dataVersion: Int64, limit: Int) -> Entry? {
        try? database.reader.sync { connection -> Entry? in
            let statement = try connection.prepare("""
                SELECT square_metres, runs FROM study_area_cells
                WHERE key = ? AND regions_version = (SELECT value FROM meta WHERE key = 'regions_version')
                  AND (SELECT value FROM meta WHERE key = 'data_version') = ?
                """)
            try statement.bind([.text(key), .int(dataVersion)])
            var entry: Entry?
            try statement.forEachRow { row in
                if let cells = row.withBlob(1, { Self.decode($0, limit: limit) }) { entry = Entry(cells: cells, squareMetres: row.double(0)) }
            }
            return entry
        }
    }

    /// Keeps `entry` under `key`, made from the boundaries at `regionsVersion`, when those are
    /// still current and the database is still at `dataVersion`; drops entries of other
    /// boundaries and all but the newest ``capacity``. Best effort and never waiting: when
    /// another connection holds the write lock (an import), or the database is read-only,
    /// nothing is kept.
    func save(_ entry: Entry, key: String, dataVersion: Int64, regionsVersion: Int64) {
        let runs = Self.encode(entry.cells)
        try? database.writer.sync { connection in
            try connection.withoutWaiting {
                try connection.transaction {
                    try connection.run("""
                        INSERT OR REPLACE INTO study_area_cells (key, regions_version, square_metres, runs)
                        SELECT ?, value, ?, ? FROM meta WHERE key = 'regions_version' AND value = ?
                          AND (SELECT value FROM meta WHERE key = 'data_version') = ?
                        """, [.text(key), .double(entry.squareMetres), .blob(runs), .int(regionsVersion), .int(dataVersion)])
                    try connection.run("DELETE FROM study_area_cells WHERE regions_version <> (SELECT value FROM meta WHERE key = 'regions_version')")
                    try connection.run("DELETE FROM study_area_cells WHERE rowid NOT IN (SELECT rowid FROM study_area_cells ORDER BY rowid DESC LIMIT \(Self.capacity))")
                }
            }
        }
    }

    /// `cells` as runs of consecutive columns along a row: (row, first column, length), each an
    /// Int32, little-endian. Decoding gives back the same cells in the same order.
    static func encode(_ cells: [CellID]) -> [UInt8] {
        var out: [UInt8] = []
        var k = 0
        while k < cells.count {
            var length = 1
            while k + length < cells.count, length < Int(Int32.max), cells[k + length].iy == cells[k].iy,
                  Int(cells[k + length].ix) == Int(cells[k].ix) + length { length += 1 }
            for value in [cells[k].iy, cells[k].ix, Int32(length)] { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
            k += length
        }
        return out
    }

    /// The cells of runs written by ``encode(_:)``; nil when the bytes are not such runs or
    /// hold more than `limit` cells.
    static func decode(_ raw: UnsafeRawBufferPointer, limit: Int) -> [CellID]? {
        guard raw.count % 12 == 0 else { return nil }
        func value(_ offset: Int) -> Int32 { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)) }
        var total = 0
        for offset in stride(from: 0, to: raw.count, by: 12) {
            let (ix, length) = (value(offset + 4), value(offset + 8))
            guard length > 0, Int(ix) + Int(length) - 1 <= Int(Int32.max) else { return nil }
            total += Int(length)
        }
        guard total <= limit else { return nil }
        var cells: [CellID] = []
        cells.reserveCapacity(total)
        for offset in stride(from: 0, to: raw.count, by: 12) {
            let (iy, ix, length) = (value(offset), value(offset + 4), value(offset + 8))
            for column in 0..<length { cells.append(CellID(ix: ix + column, iy: iy)) }
        }
        return cells
    }
}
