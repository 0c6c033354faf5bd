import ArgumentParser

/// `geoq`: the analysts' command line for GeoIncidents.
@main
struct Geoq: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import, assign, query and analyse community-policing tips on a map.",
        discussion: """
            The database is --database PATH, else $GEOQ_DATABASE, else ./geoincidents.sqlite.
            Start with `geoq demo` to load the demo province and tips.
            """,
        subcommands: [Demo.self, Regions.self, LocateCommand.self, Tips.self, Stats.self, Hotspots.self, Clusters.self, PatrolNeedsCommand.self, Cameras.self, Coverage.self, Tiles.self, Tokens.self, Bench.self]
    )
}
