import Dispatch
import GeoIncidents
import Logging
import Synchronization

/// Keeps the in-memory ``TipPageSnapshot`` of the current data version for tip pages.
///
/// A request asks for the snapshot of the version it serves; a snapshot of another version
/// is never used, so nothing stale is ever served. When the version has moved, one
/// background build starts and requests use SQL pages until it is ready. A build that finds
/// only new tips (`meta.tips_rewritten` unchanged) extends the last snapshot with them
/// instead of reading everything again. Builds are paced:
/// after a build that took T seconds the next starts no sooner than 4·T later, so a stream
/// of writes costs at most about a fifth of one core in rebuilds.
final class TipSnapshots: Sendable {
    /// The most tips kept in memory (about 0.4 KB each); 0 turns snapshots off.
    let maximumTips: Int
    private let database: GeoDatabase
    private let logger: Logger
    private struct State {
        var snapshot: TipPageSnapshot?
        var building = false
        /// Uptime (ns) before which no new build starts.
        var notBefore: UInt64 = 0
        /// A version found too large or unsuitable: not retried.
        var refusedVersion: Int64?
    }
    private let state = Mutex(State())
    private let served = Atomic<Int>(0)

    /// Pages answered from a snapshot so far.
    var pagesServed: Int { served.load(ordering: .relaxed) }

    init(database: GeoDatabase, maximumTips: Int, logger: Logger) {
        self.database = database
        self.maximumTips = maximumTips
        self.logger = logger
    }

    /// The snapshot of `version` when it is ready, else nil (and a build may start).
    private func snapshot(version: Int64) -> TipPageSnapshot? {
        guard maximumTips > 0 else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        // Two plain lock calls: a tuple result would make the runtime look its type up per call.
        if let snapshot = state.withLock({ $0.snapshot }), snapshot.dataVersion == version { return snapshot }
        let start = state.withLock { s in
            guard !s.building, s.refusedVersion != version, now >= s.notBefore else { return false }
            s.building = true
            return true
        }
        if start { DispatchQueue.global(qos: .utility).async { self.build(requested: version) } }
        return nil
    }

    /// One page from the snapshot of `version` (see ``TipPageSnapshot/page(_:afterID:limit:reserve:write:)``),
    /// or nil when that snapshot is not ready or cannot answer the filter: then ask SQL.
    func page(version: Int64, _ filter: TipFilter, afterID: Int64?, limit: Int, reserve: (Int) -> Void,
              write: (UnsafeBufferPointer<UInt8>) -> Void) throws -> TipPageSnapshot.PageSummary? {
        guard let snapshot = snapshot(version: version),
              let summary = try snapshot.page(filter, afterID: afterID, limit: limit, reserve: reserve, write: write) else { return nil }
        served.add(1, ordering: .relaxed)
        return summary
    }

    /// Builds the snapshot of the current version now, on this thread (tests, warm-up).
    @discardableResult
    func buildNow() -> TipPageSnapshot? {
        build(requested: nil, background: false)
        return state.withLock { $0.snapshot }
    }

    private func build(requested: Int64?, background: Bool = true) {
        let started = DispatchTime.now().uptimeNanoseconds
        let built: TipPageSnapshot?
        var refused = false
        do {
            // Catch up by reading only the newer tips when nothing stored was changed since.
            if let base = state.withLock({ $0.snapshot }), let caughtUp = try base.extended(database, maximumTips: maximumTips) {
                built = caughtUp
            } else {
                built = try TipPageSnapshot.read(database, maximumTips: maximumTips)
            }
            refused = built == nil
        } catch {
            // A passing error (the database busy, say): paced like any build, then retried.
            logger.warning("tip snapshot not built", metadata: ["error": "\(error)"])
            built = nil
        }
        let finished = DispatchTime.now().uptimeNanoseconds
        state.withLock { s in
            if background { s.building = false }
            s.notBefore = finished + 4 * (finished - started)
            // Two builds may overlap (buildNow and a background one): keep the newer data.
            if let built, built.dataVersion >= (s.snapshot?.dataVersion ?? .min) { s.snapshot = built }
            if refused, let requested { s.refusedVersion = requested }
        }
        if let built {
            logger.info("tip snapshot ready", metadata: [
                "version": "\(built.dataVersion)", "tips": "\(built.count)", "megabytes": "\(built.byteCount >> 20)",
                "seconds": "\(Double(finished - started) / 1e9)",
            ])
        }
    }
}
