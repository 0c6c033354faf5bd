/// What the active cameras see of the tips and of the communes.
public struct CoverageReport: Sendable {
    /// Tips and how many of them an active camera sees.
    public struct Figure: Sendable, Hashable {
        public var tips = 0
        public var covered = 0
        /// covered ÷ tips (0 without tips).
        public var share: Double { tips > 0 ? Double(covered) / Double(tips) : 0 }
    }

    /// One commune: its tips, and the share of its area the sectors cover.
    public struct Commune: Sendable, Hashable {
        public var code: String
        public var tips: Figure
        public var cameras: Int
        public var areaSquareMeters: Double
        public var coveredSquareMeters: Double
        public var areaShare: Double { areaSquareMeters > 0 ? coveredSquareMeters / areaSquareMeters : 0 }
    }

    public var activeCameras: Int
    public var offlineCameras: Int
    /// Active cameras whose direction was assumed (no heading or field of view).
    public var assumedDirection: Int
    public var total: Figure
    /// In code order.
    public var communes: [Commune]
    /// In `TipCategory.allCases` order.
    public var categories: [Figure]
    /// Vietnam time: 00–06, 06–12, 12–18, 18–24.
    public var hourBands: [Figure]
    public static let hourBandLabels = ["00-06", "06-12", "12-18", "18-24"]
    public var crs: String
    public var dataVersion: Int64 = 0
    /// Tips left out because their text named a place wider than ``CameraService/tipScaleMeters``.
    public var leftOutCoarse = 0
}
