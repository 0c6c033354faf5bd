import Foundation

/// Projects many lon/lat points to metres on all cores, through a ``ProjectorPool``.
enum ParallelProjection {
    /// The projected points, in input order; points PROJ cannot project come back infinite.
    static func forward(_ points: [Coordinate], pool: ProjectorPool) throws -> [Coordinate] {
        var output = points
        guard !points.isEmpty else { return output }
        let failure = LockedError()
        output.withUnsafeMutableBufferPointer { buffer in
            let base = SendablePointer(buffer.baseAddress!)
            forEachChunk(count: points.count) { range in
                do {
                    try pool.withProjector { $0.forward(UnsafeMutableBufferPointer(start: base.pointer + range.lowerBound, count: range.count)) }
                } catch {
                    failure.record(error)
                }
            }
        }
        try failure.rethrow()
        return output
    }

    /// Many items' lines or rings projected in one batch on all cores, in the same shape.
    static func forward(_ items: [[[Coordinate]]], pool: ProjectorPool) throws -> [[[Coordinate]]] {
        var flat: [Coordinate] = []
        flat.reserveCapacity(items.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } })
        for item in items { for line in item { flat.append(contentsOf: line) } }
        let projected = try forward(flat, pool: pool)
        var offset = 0
        return items.map { item in
            item.map { line in
                defer { offset += line.count }
                return Array(projected[offset..<(offset + line.count)])
            }
        }
    }

    /// Runs `body` over `count` items split into one contiguous chunk per core, each of at
    /// least `minimumChunk` items (``WorkSplit``).
    static func forEachChunk(count: Int, minimumChunk: Int = 20_000, _ body: @Sendable (Range<Int>) -> Void) {
        _ = WorkSplit(minimum: minimumChunk).map(count) { _, range in if !range.isEmpty { body(range) } }
    }

    /// Unprojects metres to lon/lat (one thread; used for output geometry).
    static func inverse(_ points: inout [Coordinate], pool: ProjectorPool) throws {
        try pool.withProjector { $0.inverse(&points) }
    }
}

import Synchronization

/// The first error thrown by any worker of a parallel loop.
final class LockedError: Sendable {
    private let error = Mutex<(any Error)?>(nil)
    func record(_ e: any Error) { error.withLock { if $0 == nil { $0 = e } } }
    func rethrow() throws { if let e = error.withLock({ $0 }) { throw e } }
}
