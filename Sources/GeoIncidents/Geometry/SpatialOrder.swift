import Dispatch

/// Orders points along the Hilbert curve, so that work over them walks space coherently.
enum SpatialOrder {
    /// The indices of `points` sorted by a coarse Hilbert key (2¹⁶ × 2¹⁶ cells over the
    /// world, about 600 m: enough for cache locality), by an LSD radix sort in two passes.
    static func hilbert(_ points: [Coordinate]) -> [Int32] {
        let n = points.count
        var keys = [UInt32](repeating: 0, count: n)
        let workers = max(1, min(4, n / 50_000))
        let chunk = (n + workers - 1) / workers
        keys.withUnsafeMutableBufferPointer { buffer in
            let keys = SendablePointer(buffer.baseAddress!)
            points.withUnsafeBufferPointer { points in
                let points = SendablePointer(UnsafeMutablePointer(mutating: points.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    for i in (worker * chunk)..<min(n, (worker + 1) * chunk) {
                        let p = points.pointer[i]
                        guard p.x.isFinite, p.y.isFinite else {
                            keys.pointer[i] = .max
                            continue
                        }
                        let (x, y) = HilbertKey.cell(p)
                        keys.pointer[i] = UInt32(HilbertKey.key(x: x >> 8, y: y >> 8, order: 16))
                    }
                }
            }
        }
        var order = [Int32](repeating: 0, count: n)
        var orderOut = order
        var keysOut = keys
        for i in 0..<n { order[i] = Int32(i) }
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<2 {
            let shift = UInt32(pass * 16)
            for k in counts.indices { counts[k] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
            var total = 0
            for k in counts.indices {
                let c = counts[k]
                counts[k] = total
                total += c
            }
            for i in 0..<n {
                let bucket = Int((keys[i] >> shift) & 0xFFFF)
                keysOut[counts[bucket]] = keys[i]
                orderOut[counts[bucket]] = order[i]
                counts[bucket] += 1
            }
            swap(&keys, &keysOut)
            swap(&order, &orderOut)
        }
        return order
    }
}

/// A raw pointer handed to `concurrentPerform` workers that touch disjoint elements.
/// `@unchecked Sendable`: each worker writes only its own index range, and the memory
/// outlives the parallel loop.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
