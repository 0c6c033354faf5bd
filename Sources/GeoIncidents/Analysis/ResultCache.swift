/// A cache key: a query at one data version. A write moves the version on, so older keys
/// are never asked for again and age out of their cache.
struct VersionedKey<Query: Hashable & Sendable>: Hashable, Sendable {
    var version: Int64
    var query: Query
}

/// A service's cache of results: each query at the data version it was answered at.
typealias ResultCache<Query: Hashable & Sendable, Result: Sendable> = LRUCache<VersionedKey<Query>, Result>

/// The query of most analyses: which tips, and the analysis's parameters.
struct FilteredQuery<Parameters: Hashable & Sendable>: Hashable, Sendable {
    var filter: TipFilter
    var parameters: Parameters
}

/// A result that says which data version it was computed at (the HTTP service's ETags and
/// cache keys use it).
protocol DataVersioned {
    var dataVersion: Int64 { get set }
}

extension AnalysisInput {
    /// The result of `query` at the current data version: from `cache`, else made by `make`
    /// (given that version), stamped with it and kept for next time.
    func result<Query, Result: DataVersioned>(of query: Query, in cache: ResultCache<Query, Result>,
                                              make: (_ version: Int64) throws -> Result) throws -> Result {
        let version = try version()
        return try cache.value(for: VersionedKey(version: version, query: query)) {
            var result = try make(version)
            result.dataVersion = version
            return result
        }
    }
}
