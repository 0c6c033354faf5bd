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
    let parser: TipParser
    /// Makes the placer for rows located by text, on the first such row.
    let makePlacer: @Sendable () throws -> TipPlacer
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
        var placer: TipPlacer?

        func ship(final: Bool = false) throws {
            pending.append(batch)
            batch = ParsedBatch()
            batch.tips.reserveCapacity(options.batchSize)
            let mustWait = final || pending.count >= pendingLimit
            guard let index = mustWait ? try index.wait() : try index.ifReady() else { return }
            for var waiting in pending where !stopped {
                waiting.assignments = try index.assign(waiting.tips.map(\.location))
                waiting.tips += waiting.placed.map(\.tip)
                waiting.assignments += waiting.placed.map(\.assignment)
                waiting.placed = []
                waiting.hilbertKeys = waiting.tips.map { HilbertKey.key($0.location) }
                if !channel.send(waiting) { stopped = true }
            }
            pending.removeAll()
        }

        func reject(_ line: Int, _ problem: TipFieldProblem) {
            batch.rejected += 1
            if problemsKept < problemLimit {
                batch.problems.append("\(path):\(line): \(problem.message)")
                problemsKept += 1
            }
        }

        func accept(_ line: Int, _ result: Result<TipDraft, TipFieldProblem>) throws -> Bool {
            batch.rowsRead += 1
            switch result {
            case .success(let draft):
                if let tip = draft.gpsTip {
                    batch.tips.append(tip)
                } else {
                    if placer == nil { placer = try makePlacer() }
                    do {
                        switch try placer!.place(draft) {
                        case .located(let tip, let assignment): batch.placed.append((tip, assignment))
                        case .unresolved(let kept): batch.unresolved.append(kept)
                        }
                    } catch let problem as TipFieldProblem {
                        reject(line, problem)
                    }
                }
            case .failure(let problem): reject(line, problem)
            }
            if batch.count >= options.batchSize { try ship() }
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

    private func readCSV(accept: (Int, Result<TipDraft, TipFieldProblem>) throws -> Bool) throws {
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
        let required: [TipField] = columnOf[.locationText] == nil ? [.lon, .lat, .reportedAt] : [.reportedAt]
        for required in required where columnOf[required] == nil {
            throw GeoIncidentsError.invalidInput("\(path):1: no \(required.rawValue) column in the header (\(header.joined(separator: ","))); map a column to \(required.rawValue)")
        }
        if columnOf[.category] == nil && options.category == nil {
            throw GeoIncidentsError.invalidInput("\(path):1: no category column in the header; map a column to category or give one category for the whole file")
        }
        let columns = TipField.allCases.map { columnOf[$0] ?? -1 }
        while try reader.next() {
            if let problem = reader.problem {
                if try !accept(reader.line, .failure(TipFieldProblem(field: nil, reason: "malformed CSV: \(problem)"))) { return }
                continue
            }
            if reader.fieldCount != header.count {
                let reason = "has \(reader.fieldCount) fields, the header has \(header.count)"
                if try !accept(reader.line, .failure(TipFieldProblem(field: nil, reason: reason))) { return }
                continue
            }
            let result = parser.parse { field in
                let column = columns[field.ordinal]
                guard column >= 0, !reader.isEmpty(column) else { return nil }
                let text = reader.string(column)
                return text.isEmpty ? nil : .text(text)
            }
            if try !accept(reader.line, result) { return }
        }
    }

    private func readFeatures(accept: (Int, Result<TipDraft, TipFieldProblem>) throws -> Bool) throws {
        var stop = false
        try FeatureStream(path: path).forEach { item in
            if stop { return }
            let result: Result<TipDraft, TipFieldProblem>
            do {
                let feature = try GeoJSONFeature.decode(item.data)
                var point: Coordinate?
                switch feature.geometry {
                case .point(let p)?: point = p
                case nil: point = nil    // a tip located by its location_text
                case let other?:
                    stop = try !accept(item.line, .failure(TipFieldProblem(field: "geometry", reason: "feature \(item.index): geometry is \(other.typeName), expected a Point")))
                    return
                }
                result = parser.parse { field in
                    switch field {
                    case .lon: return point.map { .number($0.x) }
                    case .lat: return point.map { .number($0.y) }
                    case .id:
                        let column = options.fieldColumns[.id] ?? "id"
                        return (feature.properties[column] ?? feature.id)?.text.flatMap { $0.isEmpty ? nil : .text($0) }
                    default:
                        let names = options.fieldColumns[field].map { [$0] } ?? field.defaultColumns
                        for name in names { if let text = feature.properties[name]?.text, !text.isEmpty { return .text(text) } }
                        return nil
                    }
                }
            } catch let error as GeoIncidentsError {
                result = .failure(TipFieldProblem(field: nil, reason: "feature \(item.index): \(error.message)"))
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
        case .tipsterNote: 13
        case .locationText: 14
        case .province: 15
        }
    }
}
