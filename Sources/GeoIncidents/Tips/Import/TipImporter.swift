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
    /// How the stored tips were located (GPS, or a place, neighbourhood or commune named in
    /// their location_text).
    public var locating: [LocatingMethod: Int] = [:]
    /// Rows whose location_text decides no place (ambiguous or unlocated), kept for an
    /// officer (`geoq tips unresolved`).
    public var unresolved = 0
    /// Whether the import stopped early because it was cancelled (all committed batches stay).
    public var cancelled = false
    /// Seconds the writer spent writing batches, and waiting for the reader to deliver them.
    public var secondsWriting = 0.0
    /// CPU seconds of the writing thread within `secondsWriting` (the rest is waiting for the
    /// disk, or for a CPU on a busy or shared machine).
    public var cpuSecondsWriting = 0.0
    public var secondsWaiting = 0.0
    /// Seconds spent building the boundary index (while the reader already parsed rows).
    public var secondsBuildingIndex = 0.0
    /// Seconds spent after a bulk load appending the sorted keys to `tip_communes` and
    /// `tip_cells`.
    public var secondsAppendingKeys = 0.0
}

/// Imports tips from CSV, GeoJSON or NDJSON in constant memory: rows are read, assigned
/// and written in batches, each batch in its own transaction. Bad rows are reported with
/// their line and skipped; good rows are kept. A cancellation stops after the current
/// batch, leaving every committed batch in place.
public struct TipImporter: Sendable {
    let database: GeoDatabase
    let makeIndex: @Sendable () throws -> BoundaryIndex
    let options: TipImportOptions

    /// An importer writing to `database`, assigning with `index`.
    public init(database: GeoDatabase, index: BoundaryIndex, options: TipImportOptions) {
        self.init(database: database, options: options, buildingIndex: { index })
    }

    /// An importer that builds its boundary index with `buildIndex` while the file is
    /// already being read and parsed (the two overlap on separate threads).
    public init(database: GeoDatabase, options: TipImportOptions, buildingIndex buildIndex: @escaping @Sendable () throws -> BoundaryIndex) {
        self.database = database
        self.makeIndex = buildIndex
        self.options = options
    }

    /// Imports `path`. Reading, parsing and assignment run on a second thread while this
    /// one writes the previous batch. `progress` is called after each committed batch;
    /// `isCancelled` is polled between batches.
    public func run(path: String, progress: (TipImportReport) -> Void = { _ in },
                    isCancelled: () -> Bool = { false }) throws -> TipImportReport {
        guard options.batchSize > 0 else { throw GeoIncidentsError.invalidInput("batch size must be positive") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw GeoIncidentsError.io("\(path): cannot open for reading (missing or not readable)")
        }
        let format = options.format ?? TipFileFormat.guess(path: path)
        let defaultSource = options.source ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let index = IndexHandOver()
        let reader = TipFileReader(path: path, format: format, parser: TipParser(rules: options.parsingRules(defaultSource: defaultSource)),
                                   makePlacer: { [database] in try TipPlacer(database: database) },
                                   options: options, index: index, problemLimit: 1_000)
        let store = TipStore(database: database)
        let bulk = try useBulkIndexing(path: path)
        /// Set once the index is built, in bulk mode: its batches leave their tips out of the
        /// shadow tables, and it appends their keys at the end.
        var bulkLoad: BulkLoad?
        let channel = TipBatchChannel()
        Thread.detachNewThread { reader.run(into: channel) }
        var report = TipImportReport()
        do {
            defer { channel.cancelAndWait() }
            let indexStart = Date()
            let built = Result { try makeIndex() }.mapError { $0 as? GeoIncidentsError ?? GeoIncidentsError.io("\($0)") }
            index.fulfil(built)
            _ = try built.get()
            report.secondsBuildingIndex = Date().timeIntervalSince(indexStart)
            // Nothing is touched before the index exists: a store without communes, or a
            // Ctrl-C during the build, leaves the database as it was.
            if isCancelled() {
                report.cancelled = true
                return report
            }
            if bulk { bulkLoad = try database.writer.sync { try BulkLoad.begin($0) } }
            var clock = Date()
            while let batch = try channel.receive() {
                report.secondsWaiting += Date().timeIntervalSince(clock)
                clock = Date()
                let cpu = Self.threadCPUSeconds()
                let result = try store.insert(batch.tips, assignments: batch.assignments, hilbertKeys: batch.hilbertKeys, bulkLoad: bulkLoad)
                report.cpuSecondsWriting += Self.threadCPUSeconds() - cpu
                report.secondsWriting += Date().timeIntervalSince(clock)
                clock = Date()
                report.rowsRead += batch.rowsRead
                report.rejected += batch.rejected
                report.problems += batch.problems
                report.inserted += result.inserted
                report.duplicates += result.duplicates
                for (row, id) in result.ids.enumerated() where id != nil {
                    report.methods[batch.assignments[row].method, default: 0] += 1
                    report.locating[batch.tips[row].locatingMethod, default: 0] += 1
                }
                let kept = try UnresolvedTipStore(database: database).keep(batch.unresolved)
                report.unresolved += kept.count { $0 != nil }
                report.duplicates += kept.count { $0 == nil }
                bulkLoad?.keys.add(batch, ids: result.ids)
                progress(report)
                if isCancelled() {
                    report.cancelled = true
                    break
                }
            }
        } catch {
            // If even this fails, the load's row in tip_bulk_loads makes the next open heal the tables.
            if let bulkLoad { try? database.writer.sync { try bulkLoad.finish($0) } }
            throw error
        }
        if let bulkLoad {
            let start = Date()
            try database.writer.sync { try bulkLoad.finish($0) }
            report.secondsAppendingKeys = Date().timeIntervalSince(start)
        }
        return report
    }

    /// CPU time of the calling thread (the writer's `sync` runs its work on the caller).
    private static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Whether this import should load in bulk: leave its tips out of the shadow tables batch
    /// by batch and append their keys sorted at the end (``BulkLoad``).
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
}
