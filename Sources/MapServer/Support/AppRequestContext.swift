import Foundation
import GeoIncidents
import Hummingbird

/// The request context of MapServer: Hummingbird's core storage, the caller (set by
/// ``AuthMiddleware``) and the request id (set by ``RequestLogMiddleware``).
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who is calling; anonymous until the auth middleware has run.
    var principal: Principal = .anonymous
    /// A short id for log lines and the `X-Request-ID` response header.
    var requestID = ""

    init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Request bodies are limited to 1 MiB.
    var maxUploadSize: Int { 1 << 20 }
}
