/// The raw result of assigning one point: unit indices into the layers, no strings, so the
/// hot loop allocates nothing. ``BoundaryIndex`` turns it into an ``Assignment``.
struct UnitMatch: Sendable {
    var commune: Int32 = -1
    var neighbourhood: Int32 = -1
    var method: AssignmentMethod = .unassigned
    /// Metres to the nearest commune boundary; NaN when not measured or too far.
    var distance: Double = .nan
}

/// Matches written by parallel workers, each to its own disjoint range of indices.
/// `@unchecked Sendable`: workers never write the same index, and the buffer is read only
/// after `concurrentPerform` has returned.
final class MatchBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UnitMatch>
    let count: Int

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: UnitMatch(), count: count)
    }

    deinit { pointer.deallocate() }

    var matches: UnsafeBufferPointer<UnitMatch> { UnsafeBufferPointer(start: pointer, count: count) }
}
