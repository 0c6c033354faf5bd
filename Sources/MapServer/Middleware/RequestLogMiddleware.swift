import Foundation
import Hummingbird
import Logging

/// One structured log line per request (request id, method, route pattern, status,
/// milliseconds) and the metrics. Never the query string or the body: they can hold a tip's
/// position or a tipster's details.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: Metrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let started = DispatchTime.now().uptimeNanoseconds
        var response = try await next(request, context)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let route = context.coreContext.endpointPath.value ?? "unmatched"
        response.headers[.init("X-Request-ID")!] = context.requestID
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, seconds: seconds)
        context.logger.info("request", metadata: [
            "request.id": "\(context.requestID)", "http.method": "\(request.method.rawValue)", "http.route": "\(route)",
            "http.status": "\(response.status.code)", "duration.ms": "\(String(format: "%.2f", seconds * 1000))"
        ])
        return response
    }
}
