import ArgumentParser
import GeoIncidents

/// `geoq tips reassign`.
struct TipsReassign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Re-run commune and neighbourhood assignment for every stored tip (after boundaries changed)."
    )

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Snap tolerance in metres.") var snapTolerance = 100.0

    func run() throws {
        try reportingErrors {
            let database = try db.open()
            let index = try RegionStore(database: database).boundaryIndex(snapToleranceMeters: snapTolerance)
            let result = try TipStore(database: database).reassign(using: index) { done, total in
                Console.progress("\(Console.grouped(done)) / \(Console.grouped(total)) tips")
            }
            Console.endProgress()
            print("\(Console.grouped(result.checked)) tips checked, \(Console.grouped(result.changed)) changed unit")
        }
    }
}
