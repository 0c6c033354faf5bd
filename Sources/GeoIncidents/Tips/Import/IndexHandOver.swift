import Dispatch
import Synchronization

/// The boundary index of an import, handed from the thread that builds it to the thread that
/// reads the file: the reader parses rows while the index is still being built, and assigns
/// them once it is there.
final class IndexHandOver: Sendable {
    private let result = Mutex<Result<BoundaryIndex, GeoIncidentsError>?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    /// Publishes the index (or why it could not be built). Call once.
    func fulfil(_ outcome: Result<BoundaryIndex, GeoIncidentsError>) {
        result.withLock { $0 = outcome }
        ready.signal()
    }

    /// The index when it is already built, without waiting.
    func ifReady() throws -> BoundaryIndex? {
        try result.withLock { $0 }?.get()
    }

    /// The index, waiting until it is built.
    func wait() throws -> BoundaryIndex {
        if let index = try ifReady() { return index }
        ready.wait()
        ready.signal()
        return try result.withLock { $0 }!.get()
    }
}
