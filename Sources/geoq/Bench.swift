import ArgumentParser

extension Geoq {
    /// `geoq bench …`: the benchmarks behind the figures in the closing notes.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Benchmarks against the peers in ../shared/bench (build with -c release).",
            subcommands: [BenchAssign.self, BenchImport.self, BenchHotspots.self, BenchDBSCAN.self, BenchCoverage.self, BenchTiles.self, BenchLocate.self, BenchIncidentsCommand.self]
        )
    }
}
