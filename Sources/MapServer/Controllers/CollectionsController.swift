import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird

/// OGC API - Features collections: `provinces`, `communes`, `neighbourhoods` (everyone),
/// `tips`, `incidents` and `cameras` (analyst and commander; commune-scoped tokens see their
/// communes only).
struct CollectionsController: RouteController {
    let server: ServerContext

    static let boundaryLevels: [String: AdminLevel] = ["provinces": .province, "communes": .commune, "neighbourhoods": .neighbourhood]
    static let defaultLimit = 100
    static let maximumLimit = 10_000

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/collections") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let links = Links(request)
            let visible = Self.visibleCollections(context.principal)
            let principal = context.principal
            // Cached per data version: the tips extent scans the whole table.
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.json) {
                GeoJSONWriter.json(.object([
                    "links": .array([links.link("/collections", rel: "self", type: Responses.json)]),
                    "collections": .array(try visible.map { try description($0, links: links, principal: principal) }),
                ]))
            }
        }
        router.get("/collections/:collectionId") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let id = try collection(context)
            let links = Links(request)
            let principal = context.principal
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.json) {
                GeoJSONWriter.json(try description(id, links: links, principal: principal))
            }
        }
        router.get("/collections/:collectionId/items") { request, context in
            let id = try collection(context)
            if id == "tips" { return try await tipItems(request, context: context) }
            if id == "incidents" { return try await incidentItems(request, context: context) }
            if id == "cameras" { return try await cameraItems(request, context: context) }
            return try await regionItems(request, context: context, level: Self.boundaryLevels[id]!)
        }
        addQueryables(to: router)
        router.get("/collections/:collectionId/items/:featureId") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let id = try collection(context)
            let featureID = try context.parameters.require("featureId")
            if id == "tips" { return try await tipItem(request, context: context, featureID: featureID) }
            if id == "incidents" { return try await incidentItem(request, context: context, featureID: featureID) }
            if id == "cameras" { return try await cameraItem(request, context: context, featureID: featureID) }
            let level = Self.boundaryLevels[id]!
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
                guard let feature = try server.regions.feature(level: level, code: featureID) else {
                    throw APIError.notFound("no \(level.rawValue) with code \(featureID) in collection \(id)")
                }
                return GeoJSONWriter.feature(id: .string(feature.region.code), geometry: .multiPolygon(feature.area), properties: Self.regionProperties(feature.region))
            }
        }
    }

    /// The collections of analysts and commanders only.
    static let forceCollections: Set<String> = ["tips", "incidents", "cameras"]

    static func visibleCollections(_ principal: Principal) -> [String] {
        ["provinces", "communes", "neighbourhoods"] + (principal.role.readsTips ? ["tips", "incidents", "cameras"] : [])
    }

    /// The collection id of the path, checked against what the caller may see.
    func collection(_ context: AppRequestContext) throws -> String {
        let id = try context.parameters.require("collectionId")
        guard Self.boundaryLevels[id] != nil || Self.forceCollections.contains(id) else {
            throw APIError.notFound("no collection '\(id)'; collections are provinces, communes, neighbourhoods, tips, incidents and cameras")
        }
        if Self.forceCollections.contains(id) && !context.principal.role.readsTips {
            throw APIError.denied(context.principal, unauthorized: "the \(id) collection needs an analyst or commander token",
                                  forbidden: "the \(context.principal.role.rawValue) role cannot read \(id)")
        }
        return id
    }

    /// A collection's description; a commune-scoped token sees the extents of its communes'
    /// tips and cameras only.
    func description(_ id: String, links: Links, principal: Principal) throws -> JSONValue {
        let allowed = Set(principal.communes)
        var extent: BoundingBox?
        var temporal: JSONValue = .null
        let title: String
        if let level = Self.boundaryLevels[id] {
            extent = try server.regions.extent(level: level)
            title = ["provinces": "Provinces (tỉnh, thành phố)", "communes": "Communes and wards (xã, phường, đặc khu)", "neighbourhoods": "Neighbourhoods (thôn, ấp, khu phố, tổ dân phố)"][id]!
        } else if id == "cameras" {
            var box = BoundingBox.empty
            for camera in try CameraStore(database: server.database).list()
            where allowed.isEmpty || camera.communeCode.map(allowed.contains) == true { box.expand(camera.position) }
            extent = box.isEmpty ? nil : box
            title = "Camera sites"
        } else {
            var scope = TipFilter()
            scope.communeCodes = principal.communes
            let summary = try server.tips.extent(scope)
            extent = summary.box
            if let first = summary.first, let last = summary.last { temporal = .object(["interval": .array([.array([.string(first.iso8601), .string(last.iso8601)])])]) }
            // Incidents are where their tips are: the tips' extent.
            title = id == "incidents" ? "Incidents (tips grouped into events: forwarded copies and corroborating reports)" : "Tips"
        }
        var object: [String: JSONValue] = [
            "id": .string(id), "title": .string(title), "itemType": .string("feature"),
            "crs": .array([.string("http://www.opengis.net/def/crs/OGC/1.3/CRS84")]),
            "links": .array([
                links.link("/collections/\(id)", rel: "self", type: Responses.json),
                links.link("/collections/\(id)/items", rel: "items", type: Responses.geoJSON, title: title),
                links.link("/collections/\(id)/queryables", rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", type: "application/schema+json", title: "Queryables"),
            ]),
        ]
        var extentObject: [String: JSONValue] = [:]
        if let b = extent {
            extentObject["spatial"] = .object(["bbox": .array([.array([b.minX, b.minY, b.maxX, b.maxY].map(JSONValue.number))]),
                                               "crs": .string("http://www.opengis.net/def/crs/OGC/1.3/CRS84")])
        }
        if temporal != .null { extentObject["temporal"] = temporal }
        if !extentObject.isEmpty { object["extent"] = .object(extentObject) }
        return .object(object)
    }

    /// The value of `name` in a raw query string decoded as application/x-www-form-urlencoded
    /// ('+' is a space), or nil when it is absent or not valid UTF-8.
    static func formDecodedParameter(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    static func regionProperties(_ r: Region) -> [(String, JSONValue)] {
        [("code", .string(r.code)), ("name", .string(r.name)), ("kind", r.kind.map(JSONValue.string) ?? .null),
         ("parent_code", r.parentCode.map(JSONValue.string) ?? .null), ("population", r.population.map { .number(Double($0)) } ?? .null),
         ("valid_from", r.validFrom.map(JSONValue.string) ?? .null)]
    }

    /// The items page: features (already joined with commas), then `numberMatched`,
    /// `numberReturned`, `timeStamp` and links (`next` carries an opaque keyset cursor,
    /// never an offset).
    static func page(raw features: String, returned: Int, matched: Int, links: [JSONValue]) -> String {
        pageHead + features + pageTail(returned: returned, matched: matched, links: links)
    }

    /// An items page up to its features, and after them.
    static let pageHead = #"{"type":"FeatureCollection","features":["#
    static func pageTail(returned: Int, matched: Int, links: [JSONValue]) -> String {
        "],"
            + #""numberMatched":\#(matched),"numberReturned":\#(returned),"timeStamp":"\#(Timestamp.now().iso8601)","links":"#
            + GeoJSONWriter.json(.array(links)) + "}"
    }

    /// The `after` cursor of a `next` link (a row or tip id).
    static func cursor(_ query: QueryParameters) throws -> Int64? {
        try query.single("after").map { text in
            guard let v = Int64(text), v >= 0 else { throw APIError.badRequest("'after' is not a cursor this server made") }
            return v
        }
    }

    /// The URI of the next page: the same query with `after` replaced.
    static func nextURI(_ request: Request, after: String) -> String {
        var items = (request.uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("after=") }.map(String.init)
        items.append("after=\(after)")
        return request.uri.path + "?" + items.joined(separator: "&")
    }

    /// The page size: `limit` (default 100); above the maximum it is clamped to it, as OGC API
    /// - Features requires ("the response shall not contain more features than the maximum");
    /// zero, negative and non-integers are 400.
    static func limit(_ query: QueryParameters) throws -> Int {
        guard let text = try query.single("limit") else { return defaultLimit }
        if text.utf8.count <= 40, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text.contains(where: { $0 != "0" }) {
            return min(Int(text) ?? maximumLimit, maximumLimit)
        }
        throw APIError.badRequest("'limit' must be a positive integer (at most \(maximumLimit) are returned), got '\(text.prefix(40))'")
    }

    func regionItems(_ request: Request, context: AppRequestContext, level: AdminLevel) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["bbox", "datetime", "limit", "after", "f"])
        let limit = try Self.limit(query)
        // Units have no time in this store: a valid datetime selects them all (OGC API -
        // Features: features without temporal information are not filtered out by it).
        _ = try query.datetime()
        let boxes = try query.bbox() ?? []
        let after = try Self.cursor(query) ?? 0
        let links = Links(request)
        return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
            var features: [RegionFeature] = []
            var matched = 0
            for box in boxes.isEmpty ? [nil] : boxes.map(Optional.some) {
                let part = try server.regions.features(level: level, bbox: box, afterRowID: after, limit: limit)
                features += part.features
                matched += part.matched
            }
            features.sort { $0.rowID < $1.rowID }
            let page = Array(features.prefix(limit))
            var pageLinks = [links.link(request.uri.description, rel: "self", type: Responses.geoJSON)]
            if page.count == limit, features.count > limit || matched > page.count, let last = page.last {
                pageLinks.append(links.link(Self.nextURI(request, after: String(last.rowID)), rel: "next", type: Responses.geoJSON))
            }
            let encoded = page.map { GeoJSONWriter.feature(id: .string($0.region.code), geometry: .multiPolygon($0.area), properties: Self.regionProperties($0.region)) }
            return Self.page(raw: encoded.joined(separator: ","), returned: encoded.count, matched: matched, links: pageLinks)
        }
    }

    func tipItems(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try QueryParameters(request, allowed: ["bbox", "datetime", "limit", "after", "category", "channel", "status", "commune", "province", "neighbourhood", "f",
                                                           "filter", "filter-lang"])
        let limit = try Self.limit(query)
        var filter = try query.tipFilter(principal: context.principal)
        // OGC API - Features Part 3: a CQL2-text filter over the queryables, ANDed with the
        // rest (a commune-scoped token stays within its communes).
        if let text = try query.single("filter") {
            let language = try query.single("filter-lang") ?? "cql2-text"
            guard language == "cql2-text" else { throw APIError.badRequest("filter-lang must be cql2-text, got '\(language.prefix(40))'") }
            // The filter is read with form-encoding rules, as Python requests, OWSLib and
            // browsers' URLSearchParams write it: '+' is a space, '%2B' a plus (the URL decoder
            // keeps '+', so the raw query is decoded again here).
            let decoded = Self.formDecodedParameter("filter", in: request.uri.query ?? "") ?? text
            do { filter.cql2 = try CQL2Filter.parse(decoded) } catch let error as GeoIncidentsError { throw APIError.badRequest(error.message) }
        } else if try query.single("filter-lang") != nil {
            throw APIError.badRequest("filter-lang goes with a filter")
        }
        let boxes = try query.bbox() ?? []
        let after = try Self.cursor(query)
        let principal = context.principal
        let links = Links(request)
        let withContacts = principal.role.readsContacts
        let frozenFilter = filter
        var detailFilter = filter
        detailFilter.boundingBox = nil
        let detail = "collection=tips; " + detailFilter.summary + (boxes.isEmpty ? "" : "; bbox")
        let accessLog = server.accessLog
        return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON, sensitive: withContacts,
                                          audit: { tips in
            accessLog.record(principal, action: "tips.items", detail: detail, tips: tips)
        }) { version in
            var body = ByteBuffer()
            body.writeString(Self.pageHead)
            let (returned, lastID, matched) = try Self.writeTipFeatures(into: &body, filter: frozenFilter, boxes: boxes, after: after, limit: limit,
                                                                        contacts: withContacts, version: version, server: server)
            var pageLinks = [links.link(request.uri.description, rel: "self", type: Responses.geoJSON)]
            if returned == limit, let lastID, matched > returned {
                pageLinks.append(links.link(Self.nextURI(request, after: String(lastID)), rel: "next", type: Responses.geoJSON))
            }
            body.writeString(Self.pageTail(returned: returned, matched: matched, links: pageLinks))
            return Responses.Body(bytes: body, tips: returned)
        }
    }

    /// Writes one page of tip features into `body`: from the in-memory snapshot of
    /// `version` when it is ready and the caller reads no tipsters (the same bytes, without
    /// SQLite), else from SQL. The two halves of a box across the antimeridian are disjoint:
    /// their counts add up, and their pages merge by id in one query.
    static func writeTipFeatures(into body: inout ByteBuffer, filter: TipFilter, boxes: [BoundingBox], after: Int64?, limit: Int,
                                 contacts: Bool, version: Int64, server: ServerContext) throws -> (returned: Int, lastID: Int64?, matched: Int) {
        if boxes.count > 1 {
            let halves = boxes.map { box in var boxed = filter; boxed.boundingBox = box; return boxed }
            let page = try server.tips.featurePage(across: halves, afterID: after, limit: limit, contacts: contacts)
            body.writeString(page.features)
            return (page.count, page.lastID, page.matched)
        }
        var boxed = filter
        boxed.boundingBox = boxes.first
        if !contacts, let summary = try server.tipSnapshots.page(version: version, boxed, afterID: after, limit: limit,
                                                                 reserve: { body.reserveCapacity(minimumWritableBytes: $0 + 4_096) },
                                                                 write: { body.writeBytes(UnsafeRawBufferPointer($0)) }) {
            return (summary.count, summary.lastID, summary.matched)
        }
        let page = try server.tips.featurePage(boxed, afterID: after, limit: limit, contacts: contacts)
        body.writeString(page.features)
        return (page.count, page.lastID, page.matched)
    }

    func tipItem(_ request: Request, context: AppRequestContext, featureID: String) async throws -> Response {
        guard let id = Int64(featureID) else { throw APIError.notFound("no tip with id \(featureID)") }
        let principal = context.principal
        let withContacts = principal.role.readsContacts
        let accessLog = server.accessLog
        return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON, sensitive: withContacts,
                                          audit: { tips in
            accessLog.record(principal, action: withContacts ? "tips.item+tipster" : "tips.item", detail: "tip \(id)", tips: tips)
        }) { _ in
            guard let feature = try server.tips.feature(id: id, communes: principal.communes, contacts: withContacts) else {
                throw APIError.notFound("no tip with id \(id)")
            }
            return Responses.Body(bytes: ByteBuffer(string: feature), tips: 1)
        }
    }
}
