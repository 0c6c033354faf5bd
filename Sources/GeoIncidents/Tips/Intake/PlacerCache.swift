import Synchronization

/// One ``TipPlacer`` per gazetteer version, for a long-running process (MapServer): the
/// gazetteer is rebuilt only when the boundaries, the code lists or the registered places
/// change, not on every stored tip.
public final class PlacerCache: Sendable {
    private let current = Mutex<(version: String, placer: TipPlacer)?>(nil)

    /// An empty cache.
    public init() {}

    /// The placer for the gazetteer `database` holds now.
    public func placer(database: GeoDatabase) throws -> TipPlacer {
        let version = try Self.gazetteerVersion(database)
        if let cached = current.withLock({ $0 }), cached.version == version { return cached.placer }
        let placer = try TipPlacer(database: database)
        current.withLock { $0 = (version, placer) }
        return placer
    }

    /// Changes whenever anything the gazetteer is built from changes.
    static func gazetteerVersion(_ database: GeoDatabase) throws -> String {
        let regions = try RegionStore(database: database).layerVersion()
        let rest = try database.read { connection in
            try connection.scalarText("""
                SELECT (SELECT coalesce(max(id), 0) || '.' || count(*) FROM places) || '/' ||
                       (SELECT count(*) FROM code_list_units_2025) || '.' || (SELECT count(*) FROM code_list_ward_mapping)
                """)
        }
        return regions + "|" + (rest ?? "")
    }
}
