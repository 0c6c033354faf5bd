extension HotspotService {
    struct ClusterQuery: Hashable, Sendable {
        var filter: TipFilter
        var parameters: ClusterParameters
    }

    /// DBSCAN clusters of the tips matching `filter`, each with its footprint and report,
    /// measured against the stored commune borders (see `ClusterParameters.borderLines`).
    /// Cached by data version and query.
    public func clusters(_ filter: TipFilter, parameters: ClusterParameters) throws -> ClusterAnalysis {
        try filter.validate()
        try parameters.validate()
        let version = try database.dataVersion()
        return try clusterResults.value(for: VersionedKey(version: version, query: ClusterQuery(filter: filter, parameters: parameters))) {
            let tips = try clusterTips(filter, version: version)
            let regions = RegionStore(database: database)
            let items: ClusterBuilder.BorderItems = switch parameters.borderLines {
            case .shared: ClusterBuilder.BorderItems(borders: try regions.storedBorders(level: .commune))
            case .communeBoundaries: ClusterBuilder.BorderItems(communes: try regions.allAreas(level: .commune))
            }
            var result = try ClusterBuilder.build(tips: tips, borders: items, provinceOfCommune: try provinceOfCommune(),
                                                  parameters: parameters, projections: projections)
            result.dataVersion = version
            return result
        }
    }

    /// The tips matching `filter` with ids and units; throws a clear error when there are none.
    func clusterTips(_ filter: TipFilter, version: Int64) throws -> ClusterTips {
        let tips = try unitTips.value(for: VersionedKey(version: version, query: filter)) {
            try TipStore(database: database).clusterTips(filter)
        }
        try requireTips(tips.count, filter)
        return tips
    }

    /// Each current commune's province code.
    func provinceOfCommune() throws -> [String: String] {
        var result: [String: String] = [:]
        for commune in try RegionStore(database: database).list(level: .commune) { result[commune.code] = commune.parentCode }
        return result
    }
}
