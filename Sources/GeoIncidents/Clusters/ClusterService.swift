/// DBSCAN clusters of the stored tips, each with its footprint, report and nearest shared
/// border, for the CLI, the HTTP service, tiles, coverage gaps and patrol needs.
public final class ClusterService: Sendable {
    /// The stored tips, shared with the other analysis services.
    public let input: AnalysisInput
    private let results = ResultCache<FilteredQuery<ClusterParameters>, ClusterAnalysis>(capacity: 8)

    /// A service reading `input`.
    public init(input: AnalysisInput) {
        self.input = input
    }

    /// A service over `database`, with an input of its own.
    public convenience init(database: GeoDatabase) {
        self.init(input: AnalysisInput(database: database))
    }

    /// DBSCAN clusters of the tips matching `filter`, each with its footprint and report,
    /// measured against the stored commune borders (see `ClusterParameters.borderLines`).
    /// Cached by data version and query.
    public func clusters(_ filter: TipFilter, parameters: ClusterParameters) throws -> ClusterAnalysis {
        try filter.validate()
        try parameters.validate()
        return try input.result(of: FilteredQuery(filter: filter, parameters: parameters), in: results) { version in
            let clock = StageClock()
            let (tips, leftOut) = try input.unitTips(filter, version: version).finerThan(parameters.epsMeters, scale: "eps")
            clock.lap("tips")
            let regions = RegionStore(database: input.database)
            let items: ClusterBuilder.BorderItems = switch parameters.borderLines {
            case .shared: ClusterBuilder.BorderItems(borders: try regions.storedBorders(level: .commune))
            case .communeBoundaries: ClusterBuilder.BorderItems(communes: try regions.allAreas(level: .commune))
            }
            clock.lap("border lines")
            var analysis = try ClusterBuilder.build(tips: tips, borders: items, provinceOfCommune: try input.provinceOfCommune(),
                                                    parameters: parameters, projections: input.projections)
            analysis.leftOutCoarse = leftOut
            return analysis
        }
    }
}

extension ClusterAnalysis: DataVersioned {}
