/// One ``TipPlacer`` per gazetteer version, for a long-running process (MapServer): the
/// gazetteer is rebuilt only when the boundaries, the code lists or the registered places
/// change, not on every stored tip.
public final class PlacerCache: Sendable {
    /// One entry, keyed by ``gazetteerVersion(_:)``: a new version pushes the old placer out.
    private let current = LRUCache<String, TipPlacer>(capacity: 1)

    /// An empty cache.
    public init() {}

    /// The placer for the gazetteer `database` holds now.
    public func placer(database: GeoDatabase) throws -> TipPlacer {
        try current.value(for: try Self.gazetteerVersion(database)) { try TipPlacer(database: database) }
    }

    /// Changes whenever anything the gazetteer is built from changes: the regions (their
    /// change counter, kept by triggers) and the code lists and places (`gazetteer_version`).
    static func gazetteerVersion(_ database: GeoDatabase) throws -> String {
        try database.read { connection in
            try connection.scalarText("""
                SELECT group_concat(value, '/') FROM (SELECT value FROM meta WHERE key IN ('regions_version', 'gazetteer_version') ORDER BY key)
                """) ?? ""
        }
    }
}
