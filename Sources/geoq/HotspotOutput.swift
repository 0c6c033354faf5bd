import ArgumentParser
import Foundation
import GeoIncidents

/// Renders hotspot grids as table, CSV, JSON or GeoJSON.
enum HotspotOutput {
    /// One paragraph for stderr: what was computed over what.
    static func summary(_ grid: HotspotGrid) -> String {
        let p = grid.parameters
        var lines = ["\(p.method.rawValue) on \(GeoJSONWriter.number(p.cellSize)) m \(p.shape.rawValue) cells in \(grid.crs): \(Console.grouped(grid.cells.count)) cells (\(p.cells.rawValue)), \(Console.grouped(grid.cellsWithTips)) with tips, \(Console.grouped(grid.tipsMatched)) tips"]
        if p.method == .gistar {
            lines.append("significant at alpha \(GeoJSONWriter.number(p.alpha))\(p.fdr ? " after FDR" : ""): \(grid.hotCells) hot, \(grid.coldCells) cold cells")
        }
        lines += grid.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Writes `cells` of `grid` to standard output in `format`; CSV is streamed as its rows are
    /// made (a 289k-cell grid is never held as a table, a string and a print buffer at once).
    static func write(_ grid: HotspotGrid, format: OutputFormat, cells: some Collection<HotspotCell>) throws {
        guard format == .csv else {
            print(try render(grid, format: format, cells: cells), terminator: format == .geojson ? "" : "\n")
            return
        }
        let cells = Array(cells), centres = try grid.centres(cells)
        try CSVStream.write(header: header(grid), count: cells.count, fill: { i, row in
            Self.fill(&row, rank: i + 1, cell: cells[i], centre: centres[i], method: grid.parameters.method)
        }, to: Console.output)
        print("")
    }

    /// `cells` of `grid` in `format`, as text.
    static func render(_ grid: HotspotGrid, format: OutputFormat, cells: some Collection<HotspotCell>) throws -> String {
        if format == .geojson { return try grid.featureCollection(cells) }
        let header = header(grid)
        var table = TableWriter(header: header, numericColumns: Set(0..<header.count))
        table.reserve(cells.count)
        for (rank, (cell, centre)) in zip(cells, try grid.centres(cells)).enumerated() {
            table.addRow { Self.fill(&$0, rank: rank + 1, cell: cell, centre: centre, method: grid.parameters.method) }
        }
        return try table.render(format)
    }

    /// The listing's columns for `grid`'s method.
    private static func header(_ grid: HotspotGrid) -> [String] {
        var header = ["rank", "ix", "iy", "count"]
        switch grid.parameters.method {
        case .gistar: header += ["z", "p", "p_fdr", "bin"]
        case .kde: header += ["density_km2"]
        case .count: break
        }
        return header + ["lon", "lat"]
    }

    /// One cell's row: its rank, id, count, the method's figures and its centre.
    private static func fill(_ row: inout TableWriter.RowWriter, rank: Int, cell: HotspotCell, centre: Coordinate, method: HotspotMethod) {
        row.integer(Int64(rank))
        row.integer(Int64(cell.id.ix))
        row.integer(Int64(cell.id.iy))
        row.integer(Int64(cell.count))
        switch method {
        case .gistar:
            row.fixed(cell.z ?? .nan, 6)
            row.general(cell.p ?? .nan, 3)
            if let adjusted = cell.pAdjusted { row.general(adjusted, 3) } else { row.empty() }
            row.integer(Int64(cell.bin))
        case .kde: row.fixed(cell.density ?? .nan, 4)
        case .count: break
        }
        row.fixed(centre.x, 6)
        row.fixed(centre.y, 6)
    }
}
