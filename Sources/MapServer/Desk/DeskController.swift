import Foundation
import GeoIncidents
import Hummingbird
import NIOCore

/// The hotline desk (`GET /desk`, `/desk/desk.js`: an officer types or pastes a message, the
/// text locator proposes places on the map, the officer confirms one or drops the pin, and
/// saves with Ctrl+Enter through `POST /tips`) and the two look-ups it calls:
/// - `POST /locate` with `{"text", "province"}`: the places the text names, with the point
///   and accuracy a tip would get, and the category its words suggest. A POST, so that the
///   message never sits in a URL (access logs, proxies, browser history);
/// - `GET /places?commune=`: the commune's registered places.
/// Both need an intake, analyst or commander token.
struct DeskController: RouteController {
    let server: ServerContext
    /// The longest text `POST /locate` reads (as the tip parser's location_text limit).
    static let maximumTextBytes = 4_096

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/desk") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"], body: ResponseBody(byteBuffer: ByteBuffer(string: DeskPage.html)))
        }
        router.get("/desk/desk.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: DeskScript.javascript)))
        }
        router.post("/locate") { request, context in try await locate(request, context: context) }
        router.get("/places") { request, context in try await places(request, context: context) }
    }

    private func requireOfficer(_ principal: Principal) throws {
        try TipsController.require(principal.role.submitsTips || principal.role.changesStatus, principal, "the desk look-ups need an intake, analyst or commander token")
    }

    /// `POST /locate`.
    func locate(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        try requireOfficer(context.principal)
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1_024)
        let object = try TipIntake.object(Data(body.readableBytesView))
        if let unknown = object.keys.filter({ !["text", "province"].contains($0) }).sorted().first {
            throw APIError.badRequest("unknown field '\(unknown)'; fields are text and province")
        }
        guard case .string(let raw)? = object["text"] else { throw APIError.badRequest("'text' must be a string") }
        // Measured before NFC, whose cost grows faster than the text on long runs of marks.
        guard raw.utf8.count <= Self.maximumTextBytes else { throw APIError.badRequest("'text' is longer than \(Self.maximumTextBytes) bytes") }
        let text = TextFolding.nfc(raw)
        var province: String?
        switch object["province"] {
        case nil, .null?: break
        case .string(let code)? where !code.isEmpty && code.utf8.count <= 8: province = code
        default: throw APIError.badRequest("'province' must be a 2025 province code")
        }
        let server = self.server, hint = province
        let (status, proposals, names) = try await blocking { () -> (String, [PlacementProposal], [String: String]) in
            let placer = try server.placers.placer(database: server.database)
            let (status, proposals): (String, [PlacementProposal])
            do {
                let found = try placer.proposals(for: text, provinceHint: hint)
                (status, proposals) = (found.status, found.proposals)
            } catch let problem as TipFieldProblem {
                throw APIError.badRequest(problem.message)
            }
            var names: [String: String] = [:]
            for proposal in proposals {
                for (level, code) in [(AdminLevel.commune, proposal.assignment.communeCode), (.neighbourhood, proposal.assignment.neighbourhoodCode), (.province, proposal.assignment.provinceCode)] {
                    guard let code, names["\(level.rawValue):\(code)"] == nil else { continue }
                    names["\(level.rawValue):\(code)"] = try server.regions.region(level: level, code: code)?.name
                }
            }
            return (status, proposals, names)
        }
        let candidates: [JSONValue] = proposals.map { p in
            let a = p.assignment
            let commune = a.communeCode.flatMap { names["commune:\($0)"] }
            let neighbourhood = a.neighbourhoodCode.flatMap { names["neighbourhood:\($0)"] }
            let label = [p.placeName, neighbourhood, commune, a.provinceCode.flatMap { names["province:\($0)"] }].compactMap { $0 }.joined(separator: ", ")
            return .object([
                "commune_code": a.communeCode.map(JSONValue.string) ?? .null, "commune": commune.map(JSONValue.string) ?? .null,
                "neighbourhood_code": a.neighbourhoodCode.map(JSONValue.string) ?? .null, "province_code": a.provinceCode.map(JSONValue.string) ?? .null,
                "located_by": .string(p.method.rawValue), "lon": .number(p.location.x), "lat": .number(p.location.y),
                "accuracy_m": p.accuracyMeters.map(JSONValue.number) ?? .null, "label": .string(label),
            ])
        }
        let suggestion = CategoryKeywords.suggest(text)
        return Responses.document(.object([
            "status": .string(status), "candidates": .array(candidates),
            "category": suggestion.map { .string($0.category.rawValue) } ?? .null, "category_phrase": suggestion.map { .string($0.phrase) } ?? .null,
        ]))
    }

    /// `GET /places?commune=`.
    func places(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["commune"])
        let principal = context.principal
        try requireOfficer(principal)
        guard let commune = try query.single("commune"), !commune.isEmpty, commune.utf8.count <= 16 else { throw APIError.badRequest("'commune' must be a commune code") }
        guard principal.covers(commune: commune) else { throw APIError.forbidden("this token is limited to communes \(principal.communes.joined(separator: ", "))") }
        let server = self.server
        let places = try await blocking { try PlaceStore(database: server.database).list(communeCode: commune) }
        return Responses.document(.object(["commune_code": .string(commune), "places": .array(places.map { place in
            let point = place.representativePoint
            return .object(["id": .number(Double(place.id)), "name": .string(place.name), "kind": place.kind.map(JSONValue.string) ?? .null,
                            "lon": .number(point.x), "lat": .number(point.y), "accuracy_m": .number(place.accuracyMeters)])
        })]))
    }
}
