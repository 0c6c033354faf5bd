import ArgumentParser

extension Geoq {
    /// `geoq regions …`: the administrative-boundary layer.
    struct Regions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import, check, list and search administrative boundaries.",
            subcommands: [RegionsImport.self, RegionsList.self, RegionsFind.self, RegionsCheck.self, RegionsBorders.self]
        )
    }
}

extension AdminLevel: ExpressibleByArgument {}

import GeoIncidents
