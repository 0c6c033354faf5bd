import Foundation

/// Reads an RFC 7946 FeatureCollection of areas and stores it as one level of regions, all
/// or nothing: every problem is collected, and if any feature is rejected the transaction
/// is rolled back and the error lists them all.
struct RegionImporter {
    let database: GeoDatabase
    let options: RegionImportOptions

    struct ParsedUnit {
        let featureIndex: Int
        let line: Int
        let code: String
        let name: String
        let kind: String?
        let parentCode: String?
        let population: Int?
        let area: MultiPolygon
        var label: String { "feature \(featureIndex) (code \(code))" }
    }

    func run(path: String) throws -> RegionImportReport {
        var units: [ParsedUnit] = []
        var rejected: [String] = []
        var firstIndexOfCode: [String: Int] = [:]
        try FeatureStream(path: path).forEach { item in
            do {
                let unit = try parse(item)
                if let first = firstIndexOfCode[unit.code] {
                    rejected.append("\(path):\(item.line): \(unit.label): the code is already used by feature \(first)")
                } else {
                    firstIndexOfCode[unit.code] = unit.featureIndex
                    units.append(unit)
                }
            } catch let error as GeoIncidentsError {
                rejected.append("\(path):\(item.line): \(error.message)")
            }
        }
        if !rejected.isEmpty { throw importFailure(path: path, rejected) }
        if units.isEmpty { throw GeoIncidentsError.invalidInput("\(path): the file holds no features") }
        return try database.writer.sync { connection in
            try connection.transaction { try store(units, path: path, connection: connection) }
        }
    }

    private func importFailure(path: String, _ rejected: [String]) -> GeoIncidentsError {
        let shown = rejected.prefix(50).joined(separator: "\n  ")
        let more = rejected.count > 50 ? "\n  … and \(rejected.count - 50) more" : ""
        return .invalidInput("\(path): \(rejected.count) feature(s) rejected; nothing was imported:\n  \(shown)\(more)")
    }

    private func property(_ properties: [String: JSONValue], _ names: [String]) -> JSONValue? {
        for name in names { if let value = properties[name], value != .null { return value } }
        return nil
    }

    private func parse(_ item: FeatureStream.Item) throws -> ParsedUnit {
        let feature: GeoJSONFeature
        do {
            feature = try GeoJSONFeature.decode(item.data)
        } catch let error as GeoIncidentsError {
            throw GeoIncidentsError.invalidInput("feature \(item.index): \(error.message)")
        }
        var codeValue = property(feature.properties, options.codeCandidates)
        if codeValue == nil && options.codeField == nil { codeValue = feature.id }
        guard let code = codeValue?.text?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
            throw GeoIncidentsError.invalidInput("feature \(item.index): no code: none of the properties \(options.codeCandidates.joined(separator: ", ")) is set (say which property holds the code)")
        }
        guard let name = property(feature.properties, options.nameCandidates)?.text, !name.isEmpty else {
            throw GeoIncidentsError.invalidInput("feature \(item.index) (code \(code)): no name: none of the properties \(options.nameCandidates.joined(separator: ", ")) is set (say which property holds the name)")
        }
        guard let geometry = feature.geometry else {
            throw GeoIncidentsError.invalidInput("feature \(item.index) (code \(code)): geometry is null")
        }
        guard let area = geometry.multiPolygon else {
            throw GeoIncidentsError.invalidInput("feature \(item.index) (code \(code)): geometry type \(geometry.typeName) is not a Polygon or MultiPolygon")
        }
        for polygon in area.polygons {
            for ring in polygon.rings {
                for c in ring {
                    if let problem = c.lonLatProblem { throw GeoIncidentsError.invalidInput("feature \(item.index) (code \(code)): \(problem)") }
                }
            }
        }
        let population = property(feature.properties, ["population", "dan_so"])?.number.flatMap { $0.isFinite ? Int($0) : nil }
        return ParsedUnit(
            featureIndex: item.index, line: item.line, code: TextFolding.nfc(code), name: TextFolding.nfc(name),
            kind: property(feature.properties, options.kindCandidates)?.text.map(TextFolding.nfc),
            parentCode: property(feature.properties, options.parentCandidates)?.text,
            population: population, area: area)
    }

    private func store(_ units: [ParsedUnit], path: String, connection: Connection) throws -> RegionImportReport {
        var report = RegionImportReport()
        let level = options.level.rawValue
        let existing = try connection.prepare("SELECT id FROM regions WHERE level = ? AND code = ? AND valid_to IS NULL")
        let close = try connection.prepare("UPDATE regions SET valid_to = ? WHERE id = ?")
        let delete = try connection.prepare("DELETE FROM regions WHERE id = ?")
        let insert = try connection.prepare("""
            INSERT INTO regions (level, code, name, name_folded, kind, parent_code, population, valid_from, source, geom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let validity = try connection.prepare("SELECT ST_IsValid(geom), ST_IsValidReason(geom) FROM regions WHERE id = ?")
        let repair = try connection.prepare("""
            UPDATE regions SET geom = CastToMultiPolygon(CollectionExtract(ST_MakeValid(geom), 3)) WHERE id = ?
            """)
        let checkRepaired = try connection.prepare("SELECT geom IS NOT NULL AND ST_IsValid(geom) = 1 AND ST_Area(geom) > 0 FROM regions WHERE id = ?")
        var rejected: [String] = []
        for unit in units {
            try existing.bind([.text(level), .text(unit.code)])
            let previous = try existing.step() ? existing.int64(0) : nil
            existing.reset()
            if let previous {
                if let validFrom = options.validFrom {
                    try close.bind([.text(validFrom), .int(previous)])
                } else {
                    try delete.bind([.int(previous)])
                }
                try (options.validFrom != nil ? close : delete).step()
                report.replaced += 1
            } else {
                report.inserted += 1
            }
            try insert.bind([
                .text(level), .text(unit.code), .text(unit.name), .text(TextFolding.searchKey(unit.name)),
                unit.kind.map(SQLValue.text) ?? .null, unit.parentCode.map(SQLValue.text) ?? .null,
                unit.population.map { .int(Int64($0)) } ?? .null, options.validFrom.map(SQLValue.text) ?? .null,
                .text((path as NSString).lastPathComponent), .blob(SpatiaLiteBlob.multiPolygon(unit.area)),
            ])
            try insert.step()
            let id = connection.lastInsertedRowID
            try validity.bind([.int(id)])
            _ = try validity.step()
            let valid = validity.int(0) == 1
            let reason = validity.optionalText(1) ?? "unknown reason"
            validity.reset()
            if !valid {
                try repair.bind([.int(id)])
                try repair.step()
                try checkRepaired.bind([.int(id)])
                let repaired = try checkRepaired.step() && checkRepaired.int(0) == 1
                checkRepaired.reset()
                if repaired {
                    report.repaired.append("\(path):\(unit.line): \(unit.label): repaired (\(reason))")
                } else {
                    rejected.append("\(path):\(unit.line): \(unit.label): invalid geometry that cannot be repaired (\(reason))")
                }
            }
        }
        if !rejected.isEmpty { throw importFailure(path: path, rejected) }
        if let parentLevel = options.level.parent {
            let orphans = try connection.scalarInt("""
                SELECT count(*) FROM regions r WHERE r.level = ? AND r.valid_to IS NULL AND r.parent_code IS NOT NULL
                AND EXISTS (SELECT 1 FROM regions p WHERE p.level = ? AND p.valid_to IS NULL)
                AND NOT EXISTS (SELECT 1 FROM regions p WHERE p.level = ? AND p.code = r.parent_code AND p.valid_to IS NULL)
                """, [.text(level), .text(parentLevel.rawValue), .text(parentLevel.rawValue)]) ?? 0
            if orphans > 0 {
                report.warnings.append("\(orphans) \(level) unit(s) name a parent \(parentLevel.rawValue) code that is not imported")
            }
        }
        try connection.bumpDataVersion()
        return report
    }
}
