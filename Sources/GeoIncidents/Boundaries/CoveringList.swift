/// One unit that covers a point, and how (interior or boundary).
struct CoveringUnit {
    var index: Int32
    var location: PointLocation
}

/// The units covering a point, in a reusable raw buffer owned by one worker of the match
/// loop. Appending and clearing touch no reference count and make no copy-on-write check:
/// with Swift arrays, passing and iterating the list cost a retain and a release per point
/// and layer, about a sixth of W1's time (measured with perf).
///
/// The owner calls ``deallocate()`` once when done; copies share the same storage and must
/// not outlive it.
struct CoveringList {
    private(set) var base: UnsafeMutablePointer<CoveringUnit>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the storage; the list must not be used afterwards.
    func deallocate() { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    @inline(__always)
    subscript(i: Int) -> CoveringUnit { base[i] }

    @inline(__always)
    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ unit: CoveringUnit) {
        if count == capacity { grow() }
        base[count] = unit
        count += 1
    }

    /// Whether unit `index` is listed as covering the point on its boundary.
    func isOnBoundary(of index: Int32) -> Bool {
        for i in 0..<count where base[i].index == index && base[i].location == .boundary { return true }
        return false
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<CoveringUnit>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
