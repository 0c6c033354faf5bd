/// The boundary segments of many units (planar coordinates, e.g. metres) in a uniform grid
/// of buckets about four average segment lengths wide: "which boundaries come near here"
/// for contiguity and shared borders. A segment is filed in every bucket its bounding box,
/// grown by `reach`, overlaps, so segments within `2·reach` of each other share a bucket and
/// every segment within `reach` of a point is in that point's bucket.
struct BoundarySegmentGrid {
    struct Segment {
        var unit: Int32
        var a: Coordinate
        var b: Coordinate
    }

    let segments: [Segment]
    /// Non-empty buckets: their ids ascending, where each one's segments start in
    /// `bucketMembers`, and the segment indices (compressed rows, built by a radix sort:
    /// a dictionary of arrays cost 0.3 s for the bench's 3,300 communes).
    private let bucketIDs: [Int]
    private let bucketStarts: [Int32]
    private let bucketMembers: [Int32]
    private let box: BoundingBox
    private let columns: Int, rows: Int
    private let cellW: Double, cellH: Double

    /// `units[u]` holds unit u's rings (closed).
    init(units: [[[Coordinate]]], reach: Double) {
        var segments: [Segment] = []
        var box = BoundingBox.empty
        for (u, rings) in units.enumerated() {
            for ring in rings where ring.count > 1 {
                for k in 0..<(ring.count - 1) where ring[k] != ring[k + 1] {
                    segments.append(Segment(unit: Int32(u), a: ring[k], b: ring[k + 1]))
                    box.expand(ring[k])
                }
            }
        }
        self.segments = segments
        self.box = box
        guard !segments.isEmpty else {
            (columns, rows, cellW, cellH) = (1, 1, 1, 1)
            (bucketIDs, bucketStarts, bucketMembers) = ([], [0], [])
            return
        }
        var total = 0.0
        for s in segments { total += abs(s.b.x - s.a.x) + abs(s.b.y - s.a.y) }
        let width = max(4 * total / Double(segments.count), 2 * reach, 1e-9 * max(box.maxX - box.minX, box.maxY - box.minY, 1))
        let columns = max(1, min(1 << 14, Int(((box.maxX - box.minX) / width).rounded(.up)) + 1))
        let rows = max(1, min(1 << 14, Int(((box.maxY - box.minY) / width).rounded(.up)) + 1))
        (self.columns, self.rows) = (columns, rows)
        cellW = max((box.maxX - box.minX) / Double(columns), 1e-300)
        cellH = max((box.maxY - box.minY) / Double(rows), 1e-300)
        // (bucket << 32 | segment) pairs, sorted: runs of one bucket hold its segments in order.
        var pairs: [UInt64] = []
        pairs.reserveCapacity(segments.count * 2)
        for (index, s) in segments.enumerated() {
            let (c0, r0) = (Self.clamp(min(s.a.x, s.b.x) - reach, box.minX, cellW, columns), Self.clamp(min(s.a.y, s.b.y) - reach, box.minY, cellH, rows))
            let (c1, r1) = (Self.clamp(max(s.a.x, s.b.x) + reach, box.minX, cellW, columns), Self.clamp(max(s.a.y, s.b.y) + reach, box.minY, cellH, rows))
            for r in r0...r1 { for c in c0...c1 { pairs.append(UInt64(r * columns + c) << 32 | UInt64(index)) } }
        }
        let sorted = RadixSort.sort(pairs).sorted
        var ids: [Int] = [], starts: [Int32] = []
        for (k, pair) in sorted.enumerated() where k == 0 || pair >> 32 != sorted[k - 1] >> 32 {
            ids.append(Int(pair >> 32))
            starts.append(Int32(k))
        }
        starts.append(Int32(sorted.count))
        (bucketIDs, bucketStarts) = (ids, starts)
        bucketMembers = sorted.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// The segments of bucket `id` (empty when none).
    private func bucket(_ id: Int) -> ArraySlice<Int32> {
        var low = 0, high = bucketIDs.count
        while low < high {
            let mid = (low + high) / 2
            if bucketIDs[mid] < id { low = mid + 1 } else { high = mid }
        }
        guard low < bucketIDs.count, bucketIDs[low] == id else { return [] }
        return bucketMembers[Int(bucketStarts[low])..<Int(bucketStarts[low + 1])]
    }

    /// Every non-empty bucket's segments.
    var allBuckets: [ArraySlice<Int32>] {
        bucketIDs.indices.map { bucketMembers[Int(bucketStarts[$0])..<Int(bucketStarts[$0 + 1])] }
    }

    /// The bucket column (or row) of `v`, clamped to the grid in floating point first: a flat
    /// extent (cell size 1e-300) or an infinite point would overflow `Int` and trap.
    private static func clamp(_ v: Double, _ origin: Double, _ size: Double, _ count: Int) -> Int {
        let q = (v - origin) / size
        guard q > 0 else { return 0 }  // also NaN
        return q >= Double(count - 1) ? count - 1 : Int(q)
    }

    /// The segments filed in the bucket holding `p`.
    func candidates(near p: Coordinate) -> ArraySlice<Int32> {
        let c = Self.clamp(p.x, box.minX, cellW, columns), r = Self.clamp(p.y, box.minY, cellH, rows)
        return bucket(r * columns + c)
    }

    /// The segments filed in the buckets `box` overlaps, each once: every segment within
    /// `reach` of any point of the box is among them.
    func candidates(in box: BoundingBox) -> [Int32] {
        let (c0, r0) = (Self.clamp(box.minX, self.box.minX, cellW, columns), Self.clamp(box.minY, self.box.minY, cellH, rows))
        let (c1, r1) = (Self.clamp(box.maxX, self.box.minX, cellW, columns), Self.clamp(box.maxY, self.box.minY, cellH, rows))
        if c0 == c1 && r0 == r1 { return Array(bucket(r0 * columns + c0)) }
        var result: [Int32] = []
        for r in r0...r1 {
            for c in c0...c1 { result.append(contentsOf: bucket(r * columns + c)) }
        }
        // Each segment once: sort and drop repeats (cheaper than a set for these sizes).
        result.sort()
        var unique = 0
        for k in result.indices where k == 0 || result[k] != result[k - 1] {
            result[unique] = result[k]
            unique += 1
        }
        result.removeLast(result.count - unique)
        return result
    }
}
