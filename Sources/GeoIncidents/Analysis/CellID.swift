/// A grid cell's stable id: `(ix, iy)` as ``GridGeometry`` defines them for its shape.
public struct CellID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var ix: Int32
    public var iy: Int32

    public init(ix: Int32, iy: Int32) {
        self.ix = ix
        self.iy = iy
    }

    /// Marks "no cell" (a point that could not be projected) in dense arrays.
    static let none = CellID(ix: .min, iy: .min)

    /// Both coordinates packed into one integer (ix high, iy low), for hashing and sorting.
    @inline(__always)
    var key: Int64 { Int64(ix) << 32 | Int64(UInt32(bitPattern: iy)) }

    @inline(__always)
    init(key: Int64) {
        self.ix = Int32(truncatingIfNeeded: key >> 32)
        self.iy = Int32(bitPattern: UInt32(truncatingIfNeeded: key))
    }

    /// Ordered by (ix, iy), the peers' tie-break order.
    public static func < (a: CellID, b: CellID) -> Bool { a.key < b.key }

    public var description: String { "(\(ix), \(iy))" }
}
