import Foundation

extension Gazetteer {
    /// The three code-list files, as shipped in `regions/vn-admin-codes`.
    public static let codeListFiles = ["units_2025.csv", "units_legacy_63provinces.csv", "ward_mapping_legacy_to_2025.csv"]

    /// Loads the 2025 units, the legacy units and the legacy → 2025 mapping from the code lists
    /// in `directory` (see `regions/vn-admin-codes/README.md`). Neighbourhoods and places are
    /// left empty for the caller to add.
    public static func load(directory: String) throws -> Gazetteer {
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        return try Gazetteer(
            units2025: CSVTable(contentsOf: path(codeListFiles[0])),
            legacyUnits: CSVTable(contentsOf: path(codeListFiles[1])),
            mapping: CSVTable(contentsOf: path(codeListFiles[2])))
    }

    /// Builds a gazetteer from the three parsed code lists (columns as in the shipped files).
    public init(units2025: CSVTable, legacyUnits: CSVTable, mapping: CSVTable) throws {
        self.init()
        func type(_ label: String, _ table: CSVTable, _ line: Int) throws -> UnitType {
            guard let t = UnitType(label: label) else {
                throw TextLocatorError.badCSV(file: table.source, line: line, message: "unknown unit type \"\(label.prefix(40))\"")
            }
            return t
        }
        func provinceType(_ fullName: String) -> UnitType { fullName.hasPrefix("Thành phố") ? .thanhPho : .tinh }
        func code(_ value: String, digits: Int, _ table: CSVTable, _ line: Int, _ column: String) throws -> String {
            guard value.count == digits, value.utf8.allSatisfy({ $0.isASCIIDigit }) else {
                throw TextLocatorError.badCSV(file: table.source, line: line, message: "\(column) \"\(value.prefix(40))\" is not a \(digits)-digit code")
            }
            return value
        }

        do {
            let t = units2025
            let (pc, pn, wc, wn, wt) = try (t.column("province_code"), t.column("province"), t.column("ward_code"), t.column("ward"), t.column("ward_type"))
            var seen = Set<String>()
            for (line, f) in t.rows {
                let p = try code(f[pc], digits: 2, t, line, "province_code")
                if seen.insert(p).inserted {
                    let pt = provinceType(f[pn])
                    provinces.append(Province(code: p, name: pt.strippingPrefix(of: f[pn]), type: pt))
                }
                let ty = try type(f[wt], t, line)
                communes.append(Commune(code: try code(f[wc], digits: 5, t, line, "ward_code"), provinceCode: p, name: ty.strippingPrefix(of: f[wn]), type: ty))
            }
        }
        do {
            let t = legacyUnits
            let cols = try ["province_code", "province", "district_code", "district", "district_type", "ward_code", "ward", "ward_type"].map(t.column)
            var seenP = Set<String>(), seenD = Set<String>()
            for (line, f) in t.rows {
                let p = try code(f[cols[0]], digits: 2, t, line, "province_code")
                if seenP.insert(p).inserted {
                    let pt = provinceType(f[cols[1]])
                    legacyProvinces.append(LegacyProvince(code: p, name: pt.strippingPrefix(of: f[cols[1]]), type: pt))
                }
                let d = try code(f[cols[2]], digits: 3, t, line, "district_code")
                if seenD.insert(d).inserted {
                    let dt = try type(f[cols[4]], t, line)
                    legacyDistricts.append(LegacyDistrict(code: d, provinceCode: p, name: dt.strippingPrefix(of: f[cols[3]]), type: dt))
                }
                if f[cols[5]].isEmpty { continue }    // island districts without wards
                let wt = try type(f[cols[7]], t, line)
                legacyWards.append(LegacyWard(code: try code(f[cols[5]], digits: 5, t, line, "ward_code"), districtCode: d, provinceCode: p,
                                              name: wt.strippingPrefix(of: f[cols[6]]), type: wt))
            }
        }
        do {
            let t = mapping
            let cols = try ["legacy_ward_code", "new_ward_code", "legacy_ward_split", "is_default_new_ward"].map(t.column)
            func bool(_ s: String, _ line: Int) throws -> Bool {
                switch s.lowercased() {
                case "true", "1": return true
                case "false", "0", "": return false
                default: throw TextLocatorError.badCSV(file: t.source, line: line, message: "\"\(s.prefix(20))\" is not True or False")
                }
            }
            for (line, f) in t.rows {
                wardMappings.append(WardMapping(
                    legacyWardCode: try code(f[cols[0]], digits: 5, t, line, "legacy_ward_code"),
                    communeCode: try code(f[cols[1]], digits: 5, t, line, "new_ward_code"),
                    isSplit: try bool(f[cols[2]], line), isDefault: try bool(f[cols[3]], line)))
            }
        }
    }
}
