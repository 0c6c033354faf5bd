import ArgumentParser
import GeoIncidents

extension Geoq {
    /// `geoq hotspots …`: where tips concentrate, whether it is significant, whether it is
    /// new or growing.
    struct Hotspots: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hotspot grids (Gi*, counts, KDE), emerging hotspots, hotspot communes and backtests.",
            subcommands: [HotspotsGrid.self, HotspotsEmerging.self, HotspotsCommunes.self, HotspotsEvaluate.self],
            defaultSubcommand: HotspotsGrid.self
        )
    }
}

extension GridShape: ExpressibleByArgument {}
extension CellSetKind: ExpressibleByArgument {}
extension HotspotMethod: ExpressibleByArgument {}
extension WeightTransform: ExpressibleByArgument {}
