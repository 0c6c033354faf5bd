import Dispatch

/// Orders points along a space-filling curve, so that work over them walks space coherently.
enum SpatialOrder {
    /// The indices of `points` sorted by a coarse Z-order (Morton) key: 2¹⁶ × 2¹⁶ cells over
    /// the world, about 600 m, enough for cache locality; interleaving bits costs a few
    /// nanoseconds where a Hilbert key costs sixteen rounds. LSD radix sort in two passes.
    static func zOrder(_ points: [Coordinate]) -> [Int32] {
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
                        keys.pointer[i] = interleave(UInt32(x >> 8)) | interleave(UInt32(y >> 8)) << 1
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

extension SpatialOrder {
    /// Spreads the low 16 bits of `v` to the even bit positions.
    @inline(__always)
    static func interleave(_ v: UInt32) -> UInt32 {
        var x = v & 0xFFFF
        x = (x | (x << 8)) & 0x00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F
        x = (x | (x << 2)) & 0x3333_3333
        x = (x | (x << 1)) & 0x5555_5555
        return x
    }
}
