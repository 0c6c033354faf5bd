import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into a JSON body `{"code": …, "description": …}` with the right
/// status: ``APIError``, library errors (400/404/409, or 500 without internals), Hummingbird's
/// own HTTP errors (404 route, 413 body too large, …) and anything else as a 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Self.response(error)
        } catch let error as GeoIncidentsError {
            if error.kind == .database || error.kind == .projection || error.kind == .io {
                context.logger.error("request failed", metadata: ["error.kind": "\(error.kind.rawValue)", "request.id": "\(context.requestID)"])
            }
            return Self.response(APIError(error))
        } catch let problem as TipFieldProblem {
            // A tip's field refused after parsing (a province hint the locator does not know).
            return Self.response(APIError.badRequest(problem.message))
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "NotFound" : error.status == .contentTooLarge ? "PayloadTooLarge" : "HTTPError"
            let description = error.status == .notFound ? "no such resource: \(request.uri.path)" : (error.body ?? error.status.reasonPhrase)
            return Self.response(APIError(status: error.status, code: code, description: description))
        } catch let error as any HTTPResponseError {
            return Self.response(APIError(status: error.status, code: "HTTPError", description: error.status.reasonPhrase))
        } catch {
            context.logger.error("unexpected error", metadata: ["error.type": "\(type(of: error))", "request.id": "\(context.requestID)"])
            return Self.response(APIError(status: .internalServerError, code: "ServerError", description: "the server could not complete the request"))
        }
    }

    static func response(_ error: APIError) -> Response {
        let body = GeoJSONWriter.json(.object(["code": .string(error.code), "description": .string(error.description)]))
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store"]
        if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let seconds = error.retryAfter { headers[.retryAfter] = String(seconds) }
        if let allow = error.allow { headers[.allow] = allow }
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
