/// Stable least-significant-digit radix sort by 64-bit keys: O(n), where a comparison sort
/// of a million cells costs several times more. Bytes on which all keys agree are skipped,
/// so compact keys take few passes; keys travel with their indices, so passes read
/// sequentially.
enum RadixSort {
    /// The permutation that orders `keys` ascending (equal keys keep their input order), and
    /// the keys in that order. Each pass runs on all cores (`split`): every worker counts the
    /// digits of its run of the keys, and writes its keys of each digit after those of the
    /// workers before it, so the order is the same however the keys are split.
    static func sort(_ keys: [UInt64], split: WorkSplit = WorkSplit(minimum: 1 << 18)) -> (order: [Int32], sorted: [UInt64]) {
        let n = keys.count
        var order = (0..<Int32(n)).map { $0 }
        var sorted = keys
        guard n > 1 else { return (order, sorted) }
        var orAll: UInt64 = 0, andAll: UInt64 = ~0
        for k in keys { orAll |= k; andAll &= k }
        let varying = orAll ^ andAll
        // All keys equal: already in order (and `high - low` below would underflow).
        guard varying != 0 else { return (order, sorted) }
        let keyScratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let indexScratch = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
        // Digits of up to 13 bits (a 64 KiB histogram stays in L2), as few passes as the
        // varying bits need: a 25-bit cell key takes two.
        let low = UInt64(varying.trailingZeroBitCount), high = UInt64(64 - varying.leadingZeroBitCount)
        let bits = high - low
        let passes = (bits + 12) / 13
        let width = passes == 0 ? 1 : (bits + passes - 1) / passes
        let mask = (UInt64(1) << width) - 1
        let buckets = Int(mask) + 1
        let workers = split.workers(n)
        // Worker w's count (then next slot) of digit d at w * buckets + d.
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers * buckets)
        defer { keyScratch.deallocate(); indexScratch.deallocate(); counts.deallocate() }
        let slots = SendablePointer(counts.baseAddress!)
        sorted.withUnsafeMutableBufferPointer { sortedKeys in
            order.withUnsafeMutableBufferPointer { order in
                var sourceKeys = SendablePointer(sortedKeys.baseAddress!), targetKeys = SendablePointer(keyScratch.baseAddress!)
                var source = SendablePointer(order.baseAddress!), target = SendablePointer(indexScratch.baseAddress!)
                for pass in 0..<passes {
                    let shift = low + pass * width
                    let (keysIn, indicesIn, keysOut, indicesOut) = (sourceKeys, source, targetKeys, target)
                    _ = split.map(n) { w, run in
                        let mine = slots.pointer + w * buckets
                        mine.initialize(repeating: 0, count: buckets)
                        for i in run { mine[Int((keysIn.pointer[i] >> shift) & mask)] += 1 }
                    }
                    var next = 0
                    for digit in 0..<buckets {
                        for w in 0..<workers {
                            let count = counts[w * buckets + digit]
                            counts[w * buckets + digit] = next
                            next += count
                        }
                    }
                    _ = split.map(n) { w, run in
                        let mine = slots.pointer + w * buckets
                        for i in run {
                            let key = keysIn.pointer[i]
                            let digit = Int((key >> shift) & mask)
                            let slot = mine[digit]
                            keysOut.pointer[slot] = key
                            indicesOut.pointer[slot] = indicesIn.pointer[i]
                            mine[digit] = slot + 1
                        }
                    }
                    swap(&source, &target)
                    swap(&sourceKeys, &targetKeys)
                }
                if source.pointer != order.baseAddress {
                    order.baseAddress!.update(from: source.pointer, count: n)
                    sortedKeys.baseAddress!.update(from: sourceKeys.pointer, count: n)
                }
            }
        }
        return (order, sorted)
    }

    /// The permutation that orders `keys` ascending; equal keys keep their input order.
    static func order(_ keys: [UInt64]) -> [Int32] { sort(keys).order }

    /// A key that orders doubles ascending (NaN last); `~key` orders them descending.
    @inline(__always)
    static func ascendingKey(_ value: Double) -> UInt64 {
        if value.isNaN { return UInt64.max }
        let bits = value.bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
}
