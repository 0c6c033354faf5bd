import Foundation
public import GeoIncidents

/// A deterministic synthetic province for demos and tests: "Tỉnh Mẫu" (code 99) on the
/// southern central coast, with 20 communes and 122 neighbourhoods.
///
/// The units are cut from a jittered 16 × 9 lattice (see `DemoRegion.Lattice`): each
/// commune is a block of 3 × 2 cells and each cell a neighbourhood, so neighbourhoods tile
/// their commune and communes tile the province exactly. Two irregularities make it a fair
/// test of boundary handling:
/// - an **enclave**: a 300 m square inside a neighbourhood of 99008 belongs to 99009
///   (neighbourhood 9900907), leaving a hole in 99008 and in its host neighbourhood;
/// - an **island** off the coast belongs to 99010 (neighbourhood 9901007), so 99010 and
///   the province are multipolygons.
///
/// Every run gives the same coordinates (rounded to 1e-7°) and the same files, byte for byte.
public enum DemoRegion {
    /// One administrative unit of the demo province.
    public struct Unit: Sendable, Hashable {
        /// Code: "99" (province), "99001"… (communes), "9900101"… (neighbourhoods).
        public let code: String
        /// Vietnamese name, NFC.
        public let name: String
        /// "Tỉnh", "Phường", "Xã", "Khu phố" or "Thôn".
        public let kind: String
        /// The code of the enclosing unit; `nil` for the province.
        public let parentCode: String?
        /// Synthetic population.
        public let population: Int
        /// The area, exterior rings counter-clockwise and holes clockwise.
        public let area: MultiPolygon
    }

    /// The three levels of the demo province.
    public struct Layers: Sendable, Hashable {
        /// The province: one unit.
        public let province: [Unit]
        /// The 20 communes, by code.
        public let communes: [Unit]
        /// The 122 neighbourhoods, by code.
        public let neighbourhoods: [Unit]
    }

    /// The seed of all demo data.
    static let seed: UInt64 = 20_250_701
    static let provinceCode = "99"
    /// Commune names, row-major from the north-west; the first ten are wards (Phường).
    static let communeNames = [
        "Khánh Hải", "Phước Dinh", "Văn Hải", "Đô Vinh", "Bảo An",
        "Phước Mỹ", "Mỹ Hải", "Đông Hải", "Thành Hải", "Tấn Tài",
        "Kinh Dinh", "Đạo Long", "Phủ Hà", "Mỹ Bình", "Mỹ Đông",
        "Phước Hải", "An Hải", "Nhơn Hải", "Thanh Hải", "Vĩnh Hải",
    ]
    /// Communes across and down; each is `blockColumns` × `blockRows` cells.
    static let communeColumns = 5, blockColumns = 3, blockRows = 2
    /// The enclave: the host cell (of 99008, next to 99009) and its owner.
    static let enclaveCell = LatticeIndex(column: 8, row: 2), enclaveOwner = "99009"
    /// Half the side of the enclave square, in degrees (≈ 150 m).
    static let enclaveHalfSide = 0.00135
    /// The island's owner, and its outline relative to its centre (degrees, counter-clockwise, ≈ 600 m across).
    static let islandOwner = "99010"
    static let islandOutline: [(Double, Double)] = [
        (0.0029, 0.0003), (0.0021, 0.0020), (0.0004, 0.0027), (-0.0015, 0.0024), (-0.0027, 0.0009),
        (-0.0026, -0.0010), (-0.0012, -0.0025), (0.0006, -0.0028), (0.0022, -0.0017),
    ]

    /// Builds the demo province. Deterministic: every call returns equal layers.
    public static func generate() -> Layers {
        var random = SeededRandom(seed: seed)
        let lattice = Lattice(random: &random)
        let centre = lattice.cellCentre(column: enclaveCell.column, row: enclaveCell.row)
        let enclave = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1), (-1, -1)].map { dx, dy in
            Lattice.rounded(centre.x + dx * enclaveHalfSide, centre.y + dy * enclaveHalfSide)
        }
        let coast = lattice.points[3][Lattice.columns - 1]
        let island = (islandOutline + [islandOutline[0]]).map { dx, dy in
            Lattice.rounded(coast.x + 0.0085 + dx, coast.y + dy)
        }

        var communes: [Unit] = [], neighbourhoods: [Unit] = []
        for (index, name) in communeNames.enumerated() {
            let code = provinceCode + pad(index + 1, 3)
            let isWard = index < 10
            let columns = (index % communeColumns) * blockColumns, rows = (index / communeColumns) * blockRows
            var block = [lattice.blockRing(columns: columns..<columns + blockColumns, rows: rows..<rows + blockRows)]
            var cells: [(name: String, rings: [[Coordinate]])] = []
            for r in rows..<rows + blockRows {
                for c in columns..<columns + blockColumns {
                    var rings = [lattice.blockRing(columns: c..<c + 1, rows: r..<r + 1)]
                    if LatticeIndex(column: c, row: r) == enclaveCell {
                        rings.append(enclave.reversed())
                        block.append(enclave.reversed())
                    }
                    cells.append(("\(cells.count + 1)", rings))
                }
            }
            var polygons = [block]
            if code == enclaveOwner { cells.append(("Lẻ", [enclave])); polygons.append([enclave]) }
            if code == islandOwner { cells.append(("Đảo", [island])); polygons.append([island]) }

            let total = isWard ? 15_000 + random.below(25_001) : 8_000 + random.below(12_001)
            let weights = cells.indices.map { $0 < blockColumns * blockRows ? 0.6 + 0.8 * random.unit() : 0.04 }
            let populations = split(total, weights)
            for (k, cell) in cells.enumerated() {
                neighbourhoods.append(Unit(
                    code: code + pad(k + 1, 2), name: TextFolding.nfc((isWard ? "Khu phố " : "Thôn ") + cell.name),
                    kind: isWard ? "Khu phố" : "Thôn", parentCode: code, population: populations[k],
                    area: MultiPolygon(polygons: [Polygon(uncheckedRings: cell.rings)])))
            }
            communes.append(Unit(
                code: code, name: TextFolding.nfc(name), kind: isWard ? "Phường" : "Xã", parentCode: provinceCode,
                population: total, area: MultiPolygon(polygons: polygons.map(Polygon.init(uncheckedRings:)))))
        }
        let mainland = lattice.blockRing(columns: 0..<Lattice.columns - 1, rows: 0..<Lattice.rows - 1)
        let province = Unit(
            code: provinceCode, name: TextFolding.nfc("Tỉnh Mẫu"), kind: TextFolding.nfc("Tỉnh"), parentCode: nil,
            population: communes.reduce(0) { $0 + $1.population },
            area: MultiPolygon(polygons: [Polygon(uncheckedRings: [mainland]), Polygon(uncheckedRings: [island])]))
        return Layers(province: [province], communes: communes, neighbourhoods: neighbourhoods)
    }

    /// Writes `province.geojson`, `communes.geojson` and `neighbourhoods.geojson` into
    /// `directory` (created if missing), with properties `code`, `name`, `kind`,
    /// `parent_code` and `population`. The files are the same, byte for byte, on every run.
    public static func write(to directory: String) throws {
        let layers = generate()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GeoIncidentsError(.io, "\(directory): cannot create the directory: \(error.localizedDescription)")
        }
        for (file, units) in [("province", layers.province), ("communes", layers.communes), ("neighbourhoods", layers.neighbourhoods)] {
            let path = (directory as NSString).appendingPathComponent("\(file).geojson")
            do {
                try Data(featureCollection(units).utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw GeoIncidentsError(.io, "\(path): cannot write: \(error.localizedDescription)")
            }
        }
    }

    /// The units as GeoJSON text.
    static func featureCollection(_ units: [Unit]) -> String {
        GeoJSONWriter.featureCollection(units.map { unit in
            GeoJSONWriter.feature(geometry: .multiPolygon(unit.area), properties: [
                ("code", .string(unit.code)),
                ("name", .string(unit.name)),
                ("kind", .string(unit.kind)),
                ("parent_code", unit.parentCode.map(JSONValue.string) ?? .null),
                ("population", .number(Double(unit.population))),
            ])
        })
    }

    /// `total` split in proportion to `weights`, rounding down; the remainder goes to the first share.
    private static func split(_ total: Int, _ weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        var shares = weights.map { Int((Double(total) * $0 / sum).rounded(.down)) }
        shares[0] += total - shares.reduce(0, +)
        return shares
    }

    /// `value` with leading zeros to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
