import Foundation

/// Reads a tips file (CSV, GeoJSON or NDJSON), parses each row, and hands full batches,
/// already assigned to their units, to a ``TipBatchChannel``. Runs on its own thread while
/// the importer writes the previous batch.
///
/// The boundary index may still be under construction when reading starts: parsed batches
/// then wait, up to `pendingLimit` of them, and are assigned as soon as the index arrives.
struct TipFileReader: Sendable {
    let path: String
    let format: TipFileFormat
    let parser: TipRowParser
    let options: TipImportOptions
    let index: IndexHandOver
    let problemLimit: Int
    /// Parsed batches that may wait for the boundary index. One: the writer, not the reader,
    /// bounds an import once the index is there, and a reader parsing further ahead only
    /// takes a core from the index build (1M bench tips: index 0.74-0.86 s with one batch
    /// ahead, 1.00-1.24 s with eight).
    var pendingLimit = 1

    /// Reads the whole file into `channel`, then finishes it (with the error, if one stops it).
    func run(into channel: TipBatchChannel) {
        var batch = ParsedBatch()
        var pending: [ParsedBatch] = []
        var problemsKept = 0
        var stopped = false

        func ship(final: Bool = false) throws {
            pending.append(batch)
            batch = ParsedBatch()
            batch.tips.reserveCapacity(options.batchSize)
            let mustWait = final || pending.count >= pendingLimit
            guard let index = mustWait ? try index.wait() : try index.ifReady() else { return }
            for var waiting in pending where !stopped {
                let locations = waiting.tips.map(\.location)
                waiting.assignments = try index.assign(locations)
                waiting.hilbertKeys = locations.map(HilbertKey.key)
                if !channel.send(waiting) { stopped = true }
            }
            pending.removeAll()
        }

        func accept(_ line: Int, _ result: Result<NewTip, RowProblem>) throws -> Bool {
            batch.rowsRead += 1
            switch result {
            case .success(let tip): batch.tips.append(tip)
            case .failure(let problem):
                batch.rejected += 1
                if problemsKept < problemLimit {
                    batch.problems.append("\(path):\(line): \(problem.message)")
                    problemsKept += 1
                }
            }
            if batch.tips.count >= options.batchSize { try ship() }
            return !stopped
        }

        do {
            switch format {
            case .csv: try readCSV(accept: accept)
            case .geojson, .ndjson: try readFeatures(accept: accept)
            }
            if !stopped && (batch.rowsRead > 0 || !pending.isEmpty) { try ship(final: true) }
            channel.finish(nil)
        } catch let error as GeoIncidentsError {
            channel.finish(error)
        } catch {
            channel.finish(GeoIncidentsError.io("\(path): \(error)"))
        }
    }

    private func readCSV(accept: (Int, Result<NewTip, RowProblem>) throws -> Bool) throws {
        let reader = try CSVReader(path: path)
        guard try reader.next() else { throw GeoIncidentsError.invalidInput("\(path): the file is empty (expected a header row)") }
        let header = (0..<reader.fieldCount).map { reader.string($0).lowercased() }
        var columnOf: [TipField: Int] = [:]
        for field in TipField.allCases {
            if let explicit = options.fieldColumns[field] {
                guard let column = header.firstIndex(of: explicit.lowercased()) else {
                    throw GeoIncidentsError.invalidInput("\(path):1: field mapping \(field.rawValue)=\(explicit): no column '\(explicit)' in the header (\(header.joined(separator: ",")))")
                }
                columnOf[field] = column
            } else if let column = field.defaultColumns.lazy.compactMap({ header.firstIndex(of: $0) }).first {
                columnOf[field] = column
            }
        }
        for required in [TipField.lon, .lat, .reportedAt] where columnOf[required] == nil {
            throw GeoIncidentsError.invalidInput("\(path):1: no \(required.rawValue) column in the header (\(header.joined(separator: ","))); map a column to \(required.rawValue)")
        }
        if columnOf[.category] == nil && options.category == nil {
            throw GeoIncidentsError.invalidInput("\(path):1: no category column in the header; map a column to category or give one category for the whole file")
        }
        let columns = TipField.allCases.map { columnOf[$0] ?? -1 }
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
                let column = columns[field.ordinal]
                guard column >= 0, !reader.isEmpty(column) else { return nil }
                let text = reader.string(column)
                return text.isEmpty ? nil : text
            }
            if try !accept(reader.line, result) { return }
        }
    }

    private func readFeatures(accept: (Int, Result<NewTip, RowProblem>) throws -> Bool) throws {
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

extension TipField {
    /// Position in `allCases`, for array lookups in the per-row loop (a switch, not a search).
    var ordinal: Int {
        switch self {
        case .id: 0
        case .lon: 1
        case .lat: 2
        case .reportedAt: 3
        case .receivedAt: 4
        case .category: 5
        case .channel: 6
        case .source: 7
        case .description: 8
        case .accuracy: 9
        case .tipsterName: 10
        case .tipsterPhone: 11
        case .tipsterZalo: 12
        }
    }
}
