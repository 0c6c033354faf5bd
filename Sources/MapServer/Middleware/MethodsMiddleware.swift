import HTTPTypes
import Hummingbird

/// `OPTIONS` that is not a CORS preflight: 204 with the path's `Allow` (from the OpenAPI
/// document; 404 for a path it does not describe). A method a documented path does not take:
/// 405 with `Allow`. (HEAD for every GET is the router's `autoGenerateHeadEndpoints`: the GET
/// answer's status and headers, no body.)
struct MethodsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Every method MapServer answers, for CORS preflights.
    static let allowed = "GET, HEAD, POST, PATCH, OPTIONS"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let methods = RouteMethods.allowed(request.uri.path)
        if request.method == .options {
            guard let methods else { throw APIError.notFound("no such resource: \(request.uri.path.prefix(200))") }
            return Response(status: .noContent, headers: [.allow: methods.joined(separator: ", ")])
        }
        if let methods, !methods.contains(request.method.rawValue) {
            throw APIError(status: .methodNotAllowed, code: "MethodNotAllowed", description: "\(request.method.rawValue) is not allowed here; allowed: \(methods.joined(separator: ", "))",
                           allow: methods.joined(separator: ", "))
        }
        return try await next(request, context)
    }
}
