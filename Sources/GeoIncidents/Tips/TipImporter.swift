import Foundation

/// What a tips import did.
public struct TipImportReport: Sendable {
    /// Data rows (or features) read.
    public var rowsRead = 0
    /// Tips stored.
    public var inserted = 0
    /// Rows already stored (same source and external id).
    public var duplicates = 0
    /// Rows rejected; their reasons are in `problems` (the first 1,000).
    public var rejected = 0
    /// `file:line: reason` for rejected rows.
    public var problems: [String] = []
    /// How the stored tips were assigned.
    public var methods: [AssignmentMethod: Int] = [:]
    /// Whether the import stopped early because it was cancelled (all committed batches stay).
    public var cancelled = false
}

/// Imports tips from CSV, GeoJSON or NDJSON in constant memory: rows are read, assigned
/// and written in batches, each batch in its own transaction. Bad rows are reported with
/// their line and skipped; good rows are kept. A cancellation stops after the current
/// batch, leaving every committed batch in place.
public struct TipImporter: Sendable {
    let database: GeoDatabase
    let index: BoundaryIndex
    let options: TipImportOptions

    /// An importer writing to `database`, assigning with `index`.
    public init(database: GeoDatabase, index: BoundaryIndex, options: TipImportOptions) {
        self.database = database
        self.index = index
        self.options = options
    }

    /// Imports `path`. `progress` is called after each batch; `isCancelled` is polled
    /// between batches.
    public func run(path: String, progress: (TipImportReport) -> Void = { _ in },
                    isCancelled: () -> Bool = { false }) throws -> TipImportReport {
        guard options.batchSize > 0 else { throw GeoIncidentsError.invalidInput("batch size must be positive") }
        let format = options.format ?? TipFileFormat.guess(path: path)
        let defaultSource = options.source ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let parser = TipRowParser(options: options, defaultSource: defaultSource)
        let store = TipStore(database: database)
        var report = TipImportReport()
        var batch: [NewTip] = []
        batch.reserveCapacity(options.batchSize)

        func flush() throws {
            guard !batch.isEmpty else { return }
            let assignments = try index.assign(batch.map(\.location))
            let result = try store.insert(batch, assignments: assignments)
            report.inserted += result.inserted
            report.duplicates += result.duplicates
            for (id, a) in zip(result.ids, assignments) where id != nil { report.methods[a.method, default: 0] += 1 }
            batch.removeAll(keepingCapacity: true)
            progress(report)
        }

        func accept(_ line: Int, _ result: Result<NewTip, RowProblem>) throws -> Bool {
            report.rowsRead += 1
            switch result {
            case .success(let tip): batch.append(tip)
            case .failure(let problem):
                report.rejected += 1
                if report.problems.count < 1_000 { report.problems.append("\(path):\(line): \(problem.message)") }
            }
            if batch.count >= options.batchSize {
                try flush()
                if isCancelled() {
                    report.cancelled = true
                    return false
                }
            }
            return true
        }

        let bulk = try useBulkIndexing(path: path)
        if bulk { try database.writer.sync { try TipIndexes.drop($0) } }
        do {
            switch format {
            case .csv: try readCSV(path: path, parser: parser, accept: accept)
            case .geojson, .ndjson: try readFeatures(path: path, parser: parser, accept: accept)
            }
            if !report.cancelled { try flush() }
        } catch {
            if bulk { try? database.writer.sync { try TipIndexes.ensure($0) } }
            throw error
        }
        if bulk { try database.writer.sync { try TipIndexes.ensure($0) } }
        return report
    }

    /// Whether this import should drop and rebuild the secondary indexes.
    private func useBulkIndexing(path: String) throws -> Bool {
        switch options.bulkIndexing {
        case .always: return true
        case .never: return false
        case .automatic:
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            let estimatedRows = bytes / 80
            guard estimatedRows >= 100_000 else { return false }
            return estimatedRows >= (try TipStore(database: database).count())
        }
    }

    private func readCSV(path: String, parser: TipRowParser, accept: (Int, Result<NewTip, RowProblem>) throws -> Bool) throws {
        let reader = try CSVReader(path: path)
        guard try reader.next() else { throw GeoIncidentsError.invalidInput("\(path): the file is empty (expected a header row)") }
        let header = (0..<reader.fieldCount).map { reader.string($0).lowercased() }
        var columnOf: [TipField: Int] = [:]
        for field in TipField.allCases {
            if let explicit = options.fieldColumns[field] {
                guard let column = header.firstIndex(of: explicit.lowercased()) else {
                    throw GeoIncidentsError.invalidInput("\(path):1: --field \(field.rawValue)=\(explicit): no column '\(explicit)' in the header (\(header.joined(separator: ",")))")
                }
                columnOf[field] = column
            } else if let column = field.defaultColumns.lazy.compactMap({ header.firstIndex(of: $0) }).first {
                columnOf[field] = column
            }
        }
        for required in [TipField.lon, .lat, .reportedAt] where columnOf[required] == nil {
            throw GeoIncidentsError.invalidInput("\(path):1: no \(required.rawValue) column in the header (\(header.joined(separator: ","))); map one with --field \(required.rawValue)=COLUMN")
        }
        if columnOf[.category] == nil && options.category == nil {
            throw GeoIncidentsError.invalidInput("\(path):1: no category column in the header; map one with --field category=COLUMN or give --category")
        }
        while try reader.next() {
            if let problem = reader.problem {
                if try !accept(reader.line, .failure(RowProblem(field: nil, reason: "malformed CSV: \(problem)"))) { return }
                continue
            }
            if reader.fieldCount != header.count {
                let reason = "has \(reader.fieldCount) fields, the header has \(header.count)"
                if try !accept(reader.line, .failure(RowProblem(field: nil, reason: reason))) { return }
                continue
            }
            let result = parser.parse { field in
                guard let column = columnOf[field], !reader.isEmpty(column) else { return nil }
                let text = reader.string(column)
                return text.isEmpty ? nil : text
            }
            if try !accept(reader.line, result) { return }
        }
    }

    private func readFeatures(path: String, parser: TipRowParser, accept: (Int, Result<NewTip, RowProblem>) throws -> Bool) throws {
        var stop = false
        try FeatureStream(path: path).forEach { item in
            if stop { return }
            let result: Result<NewTip, RowProblem>
            do {
                let feature = try GeoJSONFeature.decode(item.data)
                guard case .point(let point)? = feature.geometry else {
                    let type = feature.geometry?.typeName ?? "null"
                    stop = try !accept(item.line, .failure(RowProblem(field: "geometry", reason: "feature \(item.index): geometry is \(type), expected a Point")))
                    return
                }
                result = parser.parse { field in
                    switch field {
                    case .lon: return String(point.x)
                    case .lat: return String(point.y)
                    case .id:
                        let column = options.fieldColumns[.id] ?? "id"
                        return (feature.properties[column] ?? feature.id)?.text.flatMap { $0.isEmpty ? nil : $0 }
                    default:
                        let names = options.fieldColumns[field].map { [$0] } ?? field.defaultColumns
                        for name in names { if let text = feature.properties[name]?.text, !text.isEmpty { return text } }
                        return nil
                    }
                }
            } catch let error as GeoIncidentsError {
                result = .failure(RowProblem(field: nil, reason: "feature \(item.index): \(error.message)"))
            }
            stop = try !accept(item.line, result)
        }
    }
}
