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

    /// Ordered by (ix, iy), the peers' tie-break order.
    public static func < (a: CellID, b: CellID) -> Bool { a.ix != b.ix ? a.ix < b.ix : a.iy < b.iy }

    public var description: String { "(\(ix), \(iy))" }
}
