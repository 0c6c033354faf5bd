import ArgumentParser

extension Geoq {
    /// `geoq tips …`.
    struct Tips: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import, add, list and reassign tips.",
            subcommands: [TipsImport.self, TipsAdd.self, TipsList.self, TipsUnresolved.self, TipsResolve.self, TipsReassign.self]
        )
    }
}

extension TipCategory: ExpressibleByArgument {
    public init?(argument: String) { self.init(userText: argument) }
}

extension TipChannel: ExpressibleByArgument {
    public init?(argument: String) { self.init(userText: argument) }
}

extension TipStatus: ExpressibleByArgument {}
extension TipFileFormat: ExpressibleByArgument {}
extension BulkIndexing: ExpressibleByArgument {}

extension TipCategory {
    init?(userText: String) {
        guard let value = TipCategory.parseUserText(userText) else { return nil }
        self = value
    }
}

extension TipChannel {
    init?(userText: String) {
        guard let value = TipChannel.parseUserText(userText) else { return nil }
        self = value
    }
}

import GeoIncidents
