import Foundation
import GeoIncidents
import Hummingbird

/// `GET /collections/{id}/queryables` (OGC API - Features Part 3): the properties a client
/// may filter on with the CQL2 `filter`, as a JSON Schema: the tips' category, channel,
/// status, reported_at and unit codes; none for cameras and units (they take `bbox`, and
/// cameras `status`, as parameters).
extension CollectionsController {
    func addQueryables(to router: some RouterMethods<AppRequestContext>) {
        router.get("/collections/:collectionId/queryables") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let id = try collection(context)
            let links = Links(request)
            var body: [String: JSONValue] = [
                "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
                "$id": .string(links.base + "/collections/\(id)/queryables"),
                "type": .string("object"), "title": .string(id), "additionalProperties": .bool(false),
                "properties": .object(Self.queryables(id)),
            ]
            body["links"] = .array([links.link("/collections/\(id)/queryables", rel: "self", type: "application/schema+json")])
            return Responses.document(.object(body), contentType: "application/schema+json")
        }
    }

    static func queryables(_ id: String) -> [String: JSONValue] {
        func text(_ title: String) -> JSONValue { .object(["type": .string("string"), "title": .string(title)]) }
        func choice(_ title: String, _ values: [String]) -> JSONValue { .object(["type": .string("string"), "title": .string(title), "enum": .array(values.map(JSONValue.string))]) }
        switch id {
        case "tips":
            // What the CQL2 `filter` takes (bbox filters positions; no spatial CQL2).
            return [
                "category": choice("category", TipCategory.allCases.map(\.rawValue)),
                "channel": choice("channel", TipChannel.allCases.map(\.rawValue)),
                "status": choice("status", TipStatus.allCases.map(\.rawValue)),
                "reported_at": .object(["type": .string("string"), "format": .string("date-time"), "title": .string("reported at (the datetime parameter)")]),
                "commune_code": text("2025 commune code (the commune parameter)"),
                "province_code": text("province code (the province parameter)"),
                "neighbourhood_code": text("neighbourhood code (the neighbourhood parameter)"),
            ]
        default:
            // Cameras and units take bbox (and cameras status) as parameters, no filter.
            return [:]
        }
    }
}
