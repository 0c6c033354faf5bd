import Foundation
import TextLocator

/// The official code lists the text locator reads (2025 units, the legacy 63-province units
/// and the legacy → 2025 ward mapping; MIT, from `vietnamadminunits`, shipped in
/// `regions/vn-admin-codes`), kept in the store's `code_list_*` tables so that every process
/// that opens the database locates text the same way without finding files.
public struct CodeLists: Sendable {
    let database: GeoDatabase

    /// Code lists of `database`.
    public init(database: GeoDatabase) { self.database = database }

    /// Each table with the file it is installed from and the columns it keeps.
    static let tables: [(table: String, file: String, columns: [String])] = [
        ("code_list_units_2025", Gazetteer.codeListFiles[0], ["province_code", "province", "ward_code", "ward", "ward_type"]),
        ("code_list_legacy_units", Gazetteer.codeListFiles[1],
         ["province_code", "province", "district_code", "district", "district_type", "ward_code", "ward", "ward_type"]),
        ("code_list_ward_mapping", Gazetteer.codeListFiles[2], ["legacy_ward_code", "new_ward_code", "legacy_ward_split", "is_default_new_ward"]),
    ]

    /// Where the shipped code lists are found, first match wins: `explicit`, `$GEOQ_CODES`,
    /// `./regions/vn-admin-codes`, and `regions/vn-admin-codes` in the checkout an executable
    /// under `.build/` was built from.
    public static func directory(explicit: String? = nil) -> String? {
        directory(explicit: explicit, environment: ProcessInfo.processInfo.environment)
    }

    static func directory(explicit: String?, environment: [String: String]) -> String? {
        if let explicit { return explicit }
        if let fromEnvironment = environment["GEOQ_CODES"], !fromEnvironment.isEmpty { return fromEnvironment }
        var candidates = [FileManager.default.currentDirectoryPath + "/regions/vn-admin-codes"]
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(url.appendingPathComponent("regions/vn-admin-codes").path)
            url.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + Gazetteer.codeListFiles[0]) }
    }

    /// Replaces the stored code lists with the files in `directory`, after checking that they
    /// parse into a gazetteer (a bad file names its line and changes nothing). Returns the
    /// number of 2025 communes, legacy wards and mapping rows installed.
    @discardableResult
    public func install(from directory: String) throws -> (communes: Int, legacyWards: Int, mappings: Int) {
        var tables: [CSVTable] = []
        do {
            for entry in Self.tables { tables.append(try CSVTable(contentsOf: (directory as NSString).appendingPathComponent(entry.file))) }
            let gazetteer = try Gazetteer(units2025: tables[0], legacyUnits: tables[1], mapping: tables[2])
            try database.writer.sync { connection in
                try connection.transaction {
                    for (entry, table) in zip(Self.tables, tables) {
                        let indexes = try entry.columns.map(table.column)
                        try connection.run("DELETE FROM \(entry.table)")
                        let insert = try connection.prepare("INSERT OR REPLACE INTO \(entry.table) (\(entry.columns.joined(separator: ", "))) VALUES (\(entry.columns.map { _ in "?" }.joined(separator: ", ")))")
                        for row in table.rows {
                            insert.reset()
                            try insert.bind(indexes.map { .text(row.fields[$0]) })
                            _ = try insert.step()
                        }
                    }
                    try connection.bumpGazetteerVersion()
                    try connection.bumpDataVersion()
                }
            }
            return (gazetteer.communes.count, gazetteer.legacyWards.count, gazetteer.wardMappings.count)
        } catch let error as TextLocatorError {
            throw GeoIncidentsError.invalidInput("code lists: \(error)")
        }
    }

    /// Whether code lists are installed.
    public func isInstalled() throws -> Bool {
        try database.read { try $0.scalarInt("SELECT count(*) FROM code_list_units_2025") ?? 0 } > 0
    }

    /// Installs the code lists from `directory` (or the first place ``directory(explicit:)``
    /// finds) unless some are installed already. Returns what was installed and from where,
    /// nil when nothing was to do; throws when none can be found.
    public func installIfMissing(directory explicit: String? = nil) throws -> (directory: String, communes: Int, legacyWards: Int, mappings: Int)? {
        if try isInstalled(), explicit == nil { return nil }
        guard let directory = Self.directory(explicit: explicit) else {
            throw GeoIncidentsError.invalidInput("the official code lists (regions/vn-admin-codes) were not found: give their directory with --codes or GEOQ_CODES, so that legacy unit names can be located")
        }
        let counts = try install(from: directory)
        return (directory, counts.communes, counts.legacyWards, counts.mappings)
    }

    /// The stored code lists as the three tables ``Gazetteer/init(units2025:legacyUnits:mapping:)``
    /// reads, or nil when none are installed.
    func tables() throws -> (units2025: CSVTable, legacyUnits: CSVTable, mapping: CSVTable)? {
        let read: [CSVTable] = try database.read { connection in
            try Self.tables.map { entry in
                var rows: [(line: Int, fields: [String])] = []
                let statement = try connection.prepare("SELECT \(entry.columns.joined(separator: ", ")) FROM \(entry.table) ORDER BY rowid")
                try statement.forEachRow { row in
                    rows.append((rows.count + 2, (0..<Int32(entry.columns.count)).map { row.text($0) }))
                }
                return CSVTable(source: "\(entry.table) (from \(entry.file))", header: entry.columns, rows: rows)
            }
        }
        guard !read[0].rows.isEmpty else { return nil }
        return (read[0], read[1], read[2])
    }
}
