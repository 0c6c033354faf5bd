import GeoIncidents
import HTTPTypes
import Hummingbird

/// Says on every analysis answer what it counts (issue 19), in a `Counting-Unit` header:
/// `incidents` (each event once; the default for analysts and commanders), `tips` (every
/// message, when asked with `unit=tips`), or `tips` for the public's published figures,
/// which are counts of tips in a released month. The bodies keep their formats.
struct CountingUnitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("Counting-Unit")!
    /// The analysis paths (their subpaths included).
    static let paths = ["/hotspots", "/stats", "/clusters", "/patrol-needs", "/coverage", "/cameras/suggest"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        let path = request.uri.path
        guard response.status.kind == .successful || response.status == .notModified,
              Self.paths.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) else { return response }
        if context.principal.role.suppressesSmallCounts {
            response.headers[Self.header] = "tips"
        } else {
            let asked = request.uri.queryParameters["unit"].map(String.init)
            response.headers[Self.header] = asked == "tips" ? "tips" : "incidents"
        }
        return response
    }
}
