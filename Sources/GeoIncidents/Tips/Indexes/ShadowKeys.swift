import Dispatch

/// The shadow-table keys of the tips a bulk load stores (``TipCommunes``, ``TipCells``),
/// kept on a queue of their own and put in table order there.
///
/// Ordering them is work for the end of a load, when the writer's thread (an import's
/// critical path) is the only one busy: the Hilbert sort runs first, then the grouping by
/// commune runs while the writer appends `tip_cells`. Doing the grouping during the load
/// instead only took CPU from the writer on a machine whose two cores were already busy.
final class ShadowKeys: @unchecked Sendable {
    private let queue = DispatchQueue(label: "GeoIncidents.shadow-keys")
    // Everything below is touched only on `queue`.
    private var communeKeys: [(code: String, row: TipCommunes.Row)] = []
    private var cells: [TipCells.Key] = []
    private var groups: TipCommunes.Groups?

    /// Adds the keys of the rows of `batch` that were stored (`ids[row]`; nil: a duplicate).
    func add(_ batch: ParsedBatch, ids: [Int64?]) {
        queue.async { [self] in
            for (row, id) in ids.enumerated() {
                guard let id else { continue }
                let tip = batch.tips[row]
                if let code = batch.assignments[row].communeCode {
                    communeKeys.append((code, TipCommunes.Row(seconds: tip.reportedAt.secondsSinceEpoch, tipID: id)))
                }
                cells.append(TipCells.Key(hilbert: batch.hilbertKeys[row], tipID: id, position: tip.location))
            }
        }
    }

    /// Waits for the batches added, and returns `tip_cells`' keys in table order (by Hilbert
    /// key, then id). Starts grouping `tip_communes`' rows, which ``communeGroups()`` returns.
    func cellsInOrder() -> [TipCells.Key] {
        let sorted = queue.sync { () -> [TipCells.Key] in
            // Hilbert keys are non-negative, so their bit patterns sort as the numbers do. A
            // stable radix sort keeps the ids of equal keys in storing order, which is id order.
            let order = RadixSort.order(cells.map { UInt64(bitPattern: $0.hilbert) })
            defer { cells = [] }
            return order.map { cells[Int($0)] }
        }
        queue.async { [self] in groupCommunes() }
        return sorted
    }

    /// Waits for the batches added, and returns `tip_communes`' rows in table order: codes by
    /// their bytes (as SQLite orders text), each commune's rows by time, then id.
    func communeGroups() -> TipCommunes.Groups {
        queue.sync {
            groupCommunes()
            defer { groups = nil }
            return groups!
        }
    }

    /// On `queue`: groups the rows gathered so far, once (a stable counting sort by code,
    /// then a sort per commune, linear for an import in time order: Swift's sort finds the
    /// single run).
    private func groupCommunes() {
        guard groups == nil else { return }
        var slotOf: [String: Int32] = [:]
        var codes: [String] = []
        var slots = [Int32](repeating: 0, count: communeKeys.count)
        for (k, key) in communeKeys.enumerated() {
            if let slot = slotOf[key.code] {
                slots[k] = slot
            } else {
                slotOf[key.code] = Int32(codes.count)
                slots[k] = Int32(codes.count)
                codes.append(key.code)
            }
        }
        let byteOrder = codes.indices.sorted { codes[$0].utf8.lexicographicallyPrecedes(codes[$1].utf8) }
        var rankOfSlot = [Int](repeating: 0, count: codes.count)
        for (rank, slot) in byteOrder.enumerated() { rankOfSlot[slot] = rank }
        var starts = [Int](repeating: 0, count: codes.count + 1)
        for slot in slots { starts[rankOfSlot[Int(slot)] + 1] += 1 }
        for r in 0..<codes.count { starts[r + 1] += starts[r] }
        var fill = starts
        var rows = [TipCommunes.Row](repeating: TipCommunes.Row(seconds: 0, tipID: 0), count: communeKeys.count)
        for (k, key) in communeKeys.enumerated() {
            let rank = rankOfSlot[Int(slots[k])]
            rows[fill[rank]] = key.row
            fill[rank] += 1
        }
        for r in 0..<codes.count {
            rows[starts[r]..<starts[r + 1]].sort { ($0.seconds, $0.tipID) < ($1.seconds, $1.tipID) }
        }
        communeKeys = []
        groups = TipCommunes.Groups(codes: byteOrder.map { codes[$0] }, starts: starts, rows: rows)
    }
}
