import Foundation
import GeoIncidents
import Synchronization

/// What the controllers share: the database and the library's services, the access log,
/// metrics, the response cache and the assignment index.
final class ServerContext: Sendable {
    let database: GeoDatabase
    let hotspots: HotspotService
    let accessLog: AccessLog
    let authenticator: Authenticator
    let metrics = Metrics()
    let responses = ResponseCache(capacity: 256)
    /// Counts below this are suppressed for roles that must not see small counts.
    let suppressionK: Int
    private let assignment = Mutex<(version: String, index: BoundaryIndex)?>(nil)

    init(database: GeoDatabase, suppressionK: Int = 3) {
        self.database = database
        self.hotspots = HotspotService(database: database)
        self.accessLog = AccessLog(database: database)
        self.authenticator = Authenticator(database: database)
        self.suppressionK = suppressionK
    }

    var tips: TipStore { TipStore(database: database) }
    var regions: RegionStore { RegionStore(database: database) }

    /// The assignment index for intake, rebuilt when the current boundaries change.
    func boundaryIndex() throws -> BoundaryIndex {
        let version = try regions.layerVersion()
        if let cached = assignment.withLock({ $0 }), cached.version == version { return cached.index }
        let index = try regions.boundaryIndex()
        assignment.withLock { $0 = (version, index) }
        return index
    }
}
