import Foundation
import GeoIncidents

/// The OpenAPI 3.0 description served at `/api`: every endpoint, its parameters and
/// responses. Built from values so that the tests can check it against the router.
enum OpenAPIDocument {
    static let json: String = GeoJSONWriter.json(document)

    /// Every path and method documented, as "METHOD /path" with OpenAPI's `{param}` syntax.
    static var operations: [String] {
        guard case .object(let root) = document, case .object(let paths)? = root["paths"] else { return [] }
        return paths.flatMap { path, item -> [String] in
            guard case .object(let methods) = item else { return [] }
            return methods.keys.map { "\($0.uppercased()) \(path)" }
        }.sorted()
    }

    private static func parameter(_ name: String, _ location: String = "query", _ schema: JSONValue = .object(["type": .string("string")]),
                                  _ description: String, required: Bool = false, explode: Bool? = nil) -> JSONValue {
        var p: [String: JSONValue] = ["name": .string(name), "in": .string(location), "description": .string(description),
                                      "required": .bool(required || location == "path"), "schema": schema]
        if let explode { p["style"] = .string("form"); p["explode"] = .bool(explode) }
        return .object(p)
    }

    private static let string: JSONValue = .object(["type": .string("string")])
    private static func array(_ item: JSONValue) -> JSONValue { .object(["type": .string("array"), "items": item]) }
    private static func enumeration(_ values: [String]) -> JSONValue { .object(["type": .string("string"), "enum": .array(values.map(JSONValue.string))]) }
    private static let number: JSONValue = .object(["type": .string("number")])

    private static let limit = parameter("limit", "query", .object(["type": .string("integer"), "minimum": .number(1), "default": .number(100)]),
                                         "Features per page (default 100); above 10,000 the page holds 10,000, as OGC API - Features prescribes.", explode: false)
    private static let bbox = parameter("bbox", "query", .object(["type": .string("array"), "minItems": .number(4), "maxItems": .number(4), "items": number]),
                                        "minLon,minLat,maxLon,maxLat in CRS84; minLon > maxLon crosses the antimeridian.", explode: false)
    private static let datetime = parameter("datetime", "query", string, "An instant or an interval start/end (RFC 3339, '..' for open ends).", explode: false)
    private static let after = parameter("after", "query", string, "Opaque keyset cursor from a 'next' link.", explode: false)
    private static let format = parameter("f", "query", enumeration(["json", "geojson"]), "Output format (JSON and GeoJSON only).", explode: false)
    private static var tipFilters: [JSONValue] {
        [parameter("category", "query", array(enumeration(TipCategory.allCases.map(\.rawValue))), "Categories.", explode: false),
         parameter("channel", "query", array(enumeration(TipChannel.allCases.map(\.rawValue))), "Channels.", explode: false),
         parameter("status", "query", array(enumeration(TipStatus.allCases.map(\.rawValue))), "Statuses.", explode: false),
         parameter("commune", "query", array(string), "Commune codes.", explode: false),
         parameter("province", "query", array(string), "Province codes.", explode: false),
         parameter("neighbourhood", "query", array(string), "Neighbourhood codes.", explode: false)]
    }
    private static var analysisWindow: [JSONValue] {
        [datetime, parameter("since", "query", string, "Reported at or after (ISO 8601; Vietnam time without offset).", explode: false),
         parameter("until", "query", string, "Reported before.", explode: false), bbox,
         parameter("unit", "query", enumeration(CountingUnit.allCases.map(\.rawValue)),
                   "Count incidents (default: each event once, at its best-located report) or tips (every message; analysts and commanders).", explode: false)] + tipFilters
    }

    private static func response(_ description: String, _ mediaType: String? = nil) -> JSONValue {
        var r: [String: JSONValue] = ["description": .string(description)]
        if let mediaType { r["content"] = .object([mediaType: .object(["schema": .object(["type": .string("object")])])]) }
        return .object(r)
    }

    private static let errors: [String: JSONValue] = [
        "400": response("Invalid parameter or body", "application/json"), "401": response("Missing or invalid bearer token", "application/json"),
        "403": response("The token's role or communes do not allow this", "application/json"), "404": response("Not found", "application/json"),
        "500": response("Server error", "application/json"),
        "503": response("Busy (heavy-work queue full, database locked, access log unwritable): retry after the Retry-After seconds", "application/json"),
    ]

    private static func operation(_ id: String, _ summary: String, parameters: [JSONValue] = [], ok: (String, String, String), extra: [String: JSONValue] = [:], body: JSONValue? = nil, security: Bool = false) -> JSONValue {
        var responses = errors
        responses[ok.0] = response(ok.1, ok.2)
        for (k, v) in extra { responses[k] = v }
        var op: [String: JSONValue] = ["operationId": .string(id), "summary": .string(summary), "parameters": .array(parameters), "responses": .object(responses)]
        if let body { op["requestBody"] = body }
        if security { op["security"] = .array([.object(["bearerAuth": .array([])])]) }
        return .object(op)
    }

    static let document: JSONValue = {
        let collectionID = parameter("collectionId", "path", enumeration(["provinces", "communes", "neighbourhoods", "tips", "incidents", "cameras"]), "Collection (tips, incidents, cameras: analyst and commander only).")
        let notModified: [String: JSONValue] = ["304": response("Not modified (If-None-Match matched the ETag)")]
        let tileLayer = parameter("layer", "path", enumeration(TileLayer.allCases.map(\.rawValue) + [TilesController.combined]),
                                  "Tile layer (clusters, cameras: analyst and commander), or all: every layer the caller may read, in one tile.")
        let jsonBody: JSONValue = .object(["required": .bool(true), "content": .object([
            "application/json": .object(["schema": .object(["type": .string("object")])]),
            "application/geo+json": .object(["schema": .object(["type": .string("object")])]),
        ])])
        // Items per collection: the units are public (no token, no tip filters); tips and
        // cameras need an analyst or commander token and take their own filters.
        var itemPaths: [String: JSONValue] = [:]
        for unit in ["provinces", "communes", "neighbourhoods"] {
            itemPaths["/collections/\(unit)/items"] = .object(["get": operation(
                "get\(unit.capitalized)", "\(unit.capitalized) (MultiPolygon, CRS84), paged with 'next' links; numberMatched and numberReturned",
                parameters: [limit, bbox, datetime, after, format], ok: ("200", "FeatureCollection", "application/geo+json"), extra: notModified)])
            itemPaths["/collections/\(unit)/items/{featureId}"] = .object(["get": operation(
                "get\(unit.capitalized)Feature", "One unit by code", parameters: [parameter("featureId", "path", string, "Unit code."), format],
                ok: ("200", "Feature", "application/geo+json"), extra: notModified)])
        }
        itemPaths["/collections/tips/items"] = .object(["get": operation(
            "getTips", "Tips (analyst and commander; commune-scoped tokens their communes), paged with 'next' links; every read audited",
            parameters: [limit, bbox, datetime, after, format] + tipFilters + [
                parameter("filter", "query", string, "CQL2-text filter over the queryables, e.g. category='criminal' AND reported_at > TIMESTAMP('2025-01-01T00:00:00Z').", explode: false),
                parameter("filter-lang", "query", enumeration(["cql2-text"]), "Filter language (cql2-text).", explode: false),
            ], ok: ("200", "FeatureCollection", "application/geo+json"), extra: notModified, security: true)])
        itemPaths["/collections/tips/items/{featureId}"] = .object(["get": operation(
            "getTip", "One tip by id", parameters: [parameter("featureId", "path", .object(["type": .string("integer")]), "Tip id."), format],
            ok: ("200", "Feature", "application/geo+json"), extra: notModified, security: true)])
        itemPaths["/collections/incidents/items"] = .object(["get": operation(
            "getIncidents", "Incidents: tips grouped into events (forwarded copies, corroborating reports), at their best-located member (analyst and commander; commune-scoped tokens their communes); every read audited",
            parameters: [limit, bbox, datetime, after,
                         parameter("status", "query", enumeration(TipStatus.allCases.map(\.rawValue)), "Incident status.", explode: false),
                         parameter("category", "query", enumeration(TipCategory.allCases.map(\.rawValue)), "Incidents with a report of this category.", explode: false),
                         parameter("commune", "query", string, "Commune codes, comma-separated.", explode: false),
                         parameter("min_reports", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "At least this many independent reports.", explode: false), format],
            ok: ("200", "FeatureCollection", "application/geo+json"), extra: notModified, security: true)])
        itemPaths["/collections/incidents/items/{featureId}"] = .object(["get": operation(
            "getIncident", "One incident by id", parameters: [parameter("featureId", "path", .object(["type": .string("integer")]), "Incident id."), format],
            ok: ("200", "Feature", "application/geo+json"), extra: notModified, security: true)])
        itemPaths["/incidents/{id}"] = .object([
            "get": operation("showIncident", "An incident with its member tips (first, copy, corroboration, repeat, officer) and the officers' decisions (analyst, commander)",
                             parameters: [parameter("id", "path", .object(["type": .string("integer")]), "Incident id.")],
                             ok: ("200", "The incident", "application/json"), security: true),
            "patch": operation("decideIncident", "Officers decide: {status} moves every member tip, {merge: incident id} merges another incident into this one, {split: tip id} takes a tip out; with an optional note; audited, kept through rebuilds",
                               parameters: [parameter("id", "path", .object(["type": .string("integer")]), "Incident id.")],
                               ok: ("200", "The incident after the decision", "application/json"),
                               extra: ["403": response("An incident with tips outside the token's communes", "application/json"), "409": response("Not possible (a lone tip, a status move not allowed)", "application/json")],
                               body: jsonBody, security: true),
        ])
        itemPaths["/collections/cameras/items"] = .object(["get": operation(
            "getCameras", "Camera sites (analyst and commander)",
            parameters: [limit, bbox, datetime, after, parameter("status", "query", string, "Camera status.", explode: false), format],
            ok: ("200", "FeatureCollection", "application/geo+json"), extra: notModified, security: true)])
        itemPaths["/collections/cameras/items/{featureId}"] = .object(["get": operation(
            "getCamera", "One camera site by id", parameters: [parameter("featureId", "path", .object(["type": .string("integer")]), "Camera id."), format],
            ok: ("200", "Feature", "application/geo+json"), extra: notModified, security: true)])
        let paths: [String: JSONValue] = itemPaths.merging([
            "/": .object(["get": operation("getLandingPage", "Landing page with links", parameters: [format], ok: ("200", "Landing page", "application/json"))]),
            "/conformance": .object(["get": operation("getConformance", "Conformance classes", parameters: [format], ok: ("200", "Conformance", "application/json"))]),
            "/api": .object(["get": operation("getAPI", "This OpenAPI document", parameters: [format], ok: ("200", "OpenAPI 3.0", "application/vnd.oai.openapi+json;version=3.0"))]),
            "/collections": .object(["get": operation("getCollections", "Collections the caller may read", parameters: [format], ok: ("200", "Collections", "application/json"))]),
            "/collections/{collectionId}": .object(["get": operation("describeCollection", "One collection", parameters: [collectionID, format], ok: ("200", "Collection", "application/json"))]),
            "/collections/{collectionId}/queryables": .object(["get": operation(
                "getQueryables", "The properties a collection's items can be filtered on (OGC API - Features Part 3), as a JSON Schema",
                parameters: [collectionID, format], ok: ("200", "Queryables", "application/schema+json"))]),
            "/hotspots": .object(["get": operation(
                "getHotspots", "Hotspot grid (Gi* with FDR, counts or KDE) as polygons in CRS84; without a token the published monthly grid (docs/privacy.md: period, bbox and limit only)",
                parameters: [
                    parameter("period", "query", string, "Public only: the published month YYYY-MM (default the newest).", explode: false),
                    parameter("cell", "query", number, "Cell size in metres (at least 10; analysts and commanders).", explode: false),
                    parameter("shape", "query", enumeration(GridShape.allCases.map(\.rawValue)), "Cell shape.", explode: false),
                    parameter("cells", "query", enumeration(CellSetKind.allCases.map(\.rawValue)), "Cell set.", explode: false),
                    parameter("method", "query", enumeration(HotspotMethod.allCases.map(\.rawValue)), "Statistic.", explode: false),
                    parameter("alpha", "query", number, "Significance level after FDR.", explode: false),
                    parameter("fdr", "query", .object(["type": .string("boolean")]), "Benjamini-Hochberg correction (default true).", explode: false),
                    parameter("weights", "query", enumeration(WeightTransform.allCases.map(\.rawValue)), "Gi* weights.", explode: false),
                    parameter("bandwidth", "query", number, "KDE bandwidth in metres.", explode: false),
                    parameter("crs", "query", string, "Projected CRS such as EPSG:32648.", explode: false),
                    parameter("limit", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "Cells returned (highest ranked first).", explode: false),
                    parameter("all", "query", .object(["type": .string("boolean")]), "Every cell of the study area, zeros included.", explode: false),
                    format,
                ] + analysisWindow, ok: ("200", "FeatureCollection of cells", "application/geo+json"), extra: notModified)]),
            "/stats": .object(["get": operation(
                "getStats", "Tip counts by unit, category, channel, status, week or month",
                parameters: [parameter("by", "query", array(enumeration(StatsDimension.allCases.map(\.rawValue))), "Row dimensions (public: commune, province, month).", explode: false),
                             parameter("period", "query", string, "Public only: a published month YYYY-MM or range YYYY-MM/YYYY-MM.", explode: false),
                             parameter("columns", "query", enumeration(StatsColumns.allCases.map(\.rawValue)), "Column grouping.", explode: false), format] + analysisWindow,
                ok: ("200", "Crosstab", "application/json"), extra: notModified)]),
            "/tips": .object(["post": operation(
                "submitTip", "Submit a tip (JSON or GeoJSON Feature) placed by lon/lat or by location_text (the text locator, with an optional province hint); validated, assigned, stored. Idempotency-Key makes retries safe.",
                parameters: [parameter("Idempotency-Key", "header", string, "Retry key: the same key and body return the first result.")],
                ok: ("201", "Stored, with Location and the assignment", "application/json"),
                extra: ["200": response("Already stored (retry or same external id)", "application/json"), "409": response("Idempotency key reused with another body", "application/json"),
                        "202": response("Kept unresolved: the location_text decides no place (candidates listed)", "application/json"),
                        "413": response("Body over 1 MiB", "application/json")],
                body: jsonBody, security: true)]),
            "/tips/{id}": .object(["patch": operation(
                "moveTipStatus", "Move a tip's status (received → verified → dispatched → resolved, or dismissed), or put it on a confirmed point (lon, lat: a tip located only to its commune), with an audit trail",
                parameters: [parameter("id", "path", .object(["type": .string("integer")]), "Tip id.")],
                ok: ("200", "The tip's status and history", "application/json"), extra: ["409": response("Transition not allowed", "application/json")],
                body: jsonBody, security: true)]),
            "/tips/unresolved": .object(["get": operation(
                "listUnresolvedTips", "Tips whose location_text decides no place (ambiguous or unlocated), oldest first, without contacts (analyst or commander without a commune scope)",
                parameters: [parameter("limit", "query", .object(["type": .string("integer"), "minimum": .number(1), "maximum": .number(10_000)]), "Tips returned (default 1000).", explode: false),
                             parameter("after", "query", .object(["type": .string("integer"), "minimum": .number(0)]), "The previous page's `next`.", explode: false)],
                ok: ("200", "Unresolved tips", "application/json"), security: true)]),
            "/tips/unresolved/{id}": .object(["patch": operation(
                "resolveTip", "Place an unresolved tip at a point (lon, lat) or in a commune (commune), and it becomes a tip; or dismiss it (dismissed: true, note)",
                parameters: [parameter("id", "path", .object(["type": .string("integer")]), "Unresolved tip id.")],
                ok: ("200", "The new tip's id", "application/json"), extra: ["404": response("No such unresolved tip", "application/json"), "409": response("Resolved already", "application/json")],
                body: jsonBody, security: true)]),
            "/tips/{id}/attachments": .object(["get": operation(
                "listTipAttachments", "The photo, file and link URLs a resident sent with a tip through a Zalo OA (never downloaded; analyst and commander, within their communes)",
                parameters: [parameter("id", "path", .object(["type": .string("integer")]), "Tip id.")],
                ok: ("200", "The tip's attachments", "application/json"), extra: ["404": response("No such tip", "application/json")], security: true)]),
            "/intake/zalo": .object(["post": operation(
                "zaloWebhook", "Zalo Official Account webhook: events signed with X-ZEvent-Signature (mac = sha256(app_id + raw body + timestamp + OA secret key)); recorded durably, then turned into tips by conversation (docs/zalo.md)",
                parameters: [parameter("X-ZEvent-Signature", "header", string, "mac=<hex SHA-256>, computed by Zalo over the raw body.")],
                ok: ("200", "Recorded (repeat: true for a delivery recorded before)", "application/json"),
                extra: ["400": response("Not a Zalo event", "application/json"), "401": response("Bad or missing signature, unknown app or OA, stale or future timestamp", "application/json"),
                        "404": response("Zalo intake not configured", "application/json"),
                        "413": response("Body over 256 KiB", "application/json")],
                body: jsonBody)]),
            "/locate": .object(["post": operation(
                "locateText", "The places a message names (text locator): each with the point and accuracy a tip would get, and the category its words suggest (intake, analyst, commander; the hotline desk)",
                ok: ("200", "Status, candidates and suggested category", "application/json"), body: jsonBody, security: true)]),
            "/places": .object(["get": operation(
                "listPlaces", "A commune's registered places (markets, schools, street segments) with their points (intake, analyst, commander)",
                parameters: [parameter("commune", "query", string, "2025 commune code.", required: true, explode: false)],
                ok: ("200", "Registered places", "application/json"), security: true)]),
            "/borders": .object(["get": operation(
                "getBorders", "Shared borders between adjacent communes or provinces (lines in CRS84, both units named), tolerant of sliver overlaps and gaps",
                parameters: [parameter("level", "query", enumeration(["commune", "province"]), "Borders between communes (default) or provinces.", explode: false),
                             parameter("province", "query", array(string), "Only borders touching these provinces' units.", explode: false),
                             parameter("commune", "query", array(string), "Only borders touching these communes.", explode: false), bbox, format],
                ok: ("200", "FeatureCollection of borders", "application/geo+json"), extra: notModified)]),
            "/clusters": .object(["get": operation(
                "getClusters", "DBSCAN clusters of tips in metres with their reports; border=true keeps border clusters (analyst and commander)",
                parameters: [parameter("eps", "query", number, "DBSCAN radius in metres (default 100).", explode: false),
                             parameter("min_points", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "DBSCAN density (default 8).", explode: false),
                             parameter("border", "query", .object(["type": .string("boolean")]), "Border clusters only.", explode: false),
                             parameter("border_distance", "query", number, "Metres from a shared border for a border cluster (default 300).", explode: false),
                             parameter("hull_tips", "query", enumeration(ClusterParameters.HullTips.allCases.map(\.rawValue)), "Hull from all members or core tips.", explode: false),
                             parameter("crs", "query", string, "Projected CRS such as EPSG:32648.", explode: false),
                             parameter("limit", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "Clusters returned, largest first (default 1000).", explode: false),
                             format] + analysisWindow,
                ok: ("200", "FeatureCollection of cluster hulls", "application/geo+json"), security: true)]),
            "/patrol-needs": .object(["get": operation(
                "getPatrolNeeds", "Stretches of shared border ranked by recency-weighted tips, night share and trend, with the clusters behind them (commander)",
                parameters: [parameter("level", "query", enumeration(["commune", "province"]), "Borders between communes (default) or provinces.", explode: false),
                             parameter("border_distance", "query", number, "Metres from a border within which a tip counts (default 300).", explode: false),
                             parameter("stretch", "query", number, "Stretch length in metres (default 2000).", explode: false),
                             parameter("half_life", "query", number, "Recency half-life in days (default 14).", explode: false),
                             parameter("days", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "Window length in days without 'since' (default 28; 7 for the weekly report).", explode: false),
                             parameter("eps", "query", number, "DBSCAN radius for the clusters (default 100).", explode: false),
                             parameter("min_points", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "DBSCAN density (default 8).", explode: false),
                             parameter("limit", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "Stretches returned (reports: 10).", explode: false),
                             parameter("f", "query", enumeration(["geojson", "json", "html", "markdown"]), "GeoJSON lines, JSON rows, or the commander's report.", explode: false),
                             datetime, parameter("since", "query", string, "Window start (default: 28 days before the end).", explode: false),
                             parameter("until", "query", string, "Window end (default: just after the latest report).", explode: false), bbox]
                    + tipFilters.filter { if case .object(let p) = $0, case .string("neighbourhood")? = p["name"] { return false } else { return true } },
                ok: ("200", "FeatureCollection of border stretches, or the report", "application/geo+json"), security: true)]),
            "/coverage": .object(["get": operation(
                "getCoverage", "Camera views (sectors, CRS84) with a 'coverage' member: tips seen overall, per commune (with covered area), per category and hour band (analyst, commander)",
                parameters: [parameter("crs", "query", string, "Projected CRS such as EPSG:32648.", explode: false), format] + analysisWindow,
                ok: ("200", "FeatureCollection of camera views with the coverage figures", "application/geo+json"), extra: notModified, security: true)]),
            "/coverage/gaps": .object(["get": operation(
                "getCoverageGaps", "Hot cells and border clusters whose tips the cameras mostly miss, most unseen first (analyst, commander)",
                parameters: [parameter("cell", "query", number, "Hotspot cell size in metres (default 250).", explode: false),
                             parameter("max_covered", "query", number, "A gap has less than this share of its tips seen (default 0.5).", explode: false),
                             parameter("limit", "query", .object(["type": .string("integer"), "minimum": .number(1)]), "Gaps returned (default 1000).", explode: false),
                             format] + analysisWindow,
                ok: ("200", "FeatureCollection of gaps", "application/geo+json"), security: true)]),
            "/cameras/suggest": .object(["get": operation(
                "suggestCameras", "Greedy maximal-coverage sites for new cameras over the unseen tips, recency-weighted (analyst, commander)",
                parameters: [parameter("count", "query", .object(["type": .string("integer"), "minimum": .number(1), "maximum": .number(500)]), "Cameras to place (default 5).", explode: false),
                             parameter("range", "query", number, "Range in metres (default 100).", explode: false),
                             parameter("fov", "query", number, "Field of view in degrees (default 360).", explode: false),
                             parameter("candidates", "query", enumeration(SitingParameters.Candidates.allCases.map(\.rawValue)), "Candidate sites.", explode: false),
                             parameter("half_life", "query", number, "Recency half-life in days (default 90).", explode: false),
                             parameter("crs", "query", string, "Projected CRS such as EPSG:32648.", explode: false), format] + analysisWindow,
                ok: ("200", "FeatureCollection of suggested camera points", "application/geo+json"), extra: notModified, security: true)]),
            "/tiles/{layer}/{z}/{x}/{y}.mvt": .object(["get": operation(
                "getTile", "Mapbox Vector Tile 2.1 of a layer (communes, tips, hotspots, clusters, cameras; all: every layer the caller may read) with the roles of the JSON endpoints",
                parameters: [tileLayer,
                             parameter("z", "path", .object(["type": .string("integer")]), "Zoom 0-22."),
                             parameter("x", "path", .object(["type": .string("integer")]), "Column."),
                             parameter("y", "path", .object(["type": .string("integer")]), "Row (XYZ, from the north).")]
                    + [datetime, parameter("since", "query", string, "Reported at or after (analysts, commanders).", explode: false),
                       parameter("until", "query", string, "Reported before (analysts, commanders).", explode: false),
                       parameter("unit", "query", enumeration(CountingUnit.allCases.map(\.rawValue)),
                                 "Tips or incidents (analysts, commanders; default: tips for the tips layer, incidents for hotspots and clusters).", explode: false)] + tipFilters,
                ok: ("200", "The tile (empty when nothing is there)", "application/vnd.mapbox-vector-tile"), extra: notModified)]),
            "/packages": .object(["get": operation("getPackages", "Offline tile packages (MBTiles) in the tiles folder", ok: ("200", "Packages", "application/json"))]),
            "/packages/{name}/{z}/{x}/{y}.mvt": .object(["get": operation(
                "getPackageTile", "A tile of an offline package, gzip as stored (force packages: analyst, commander)",
                parameters: [parameter("name", "path", string, "Package name (file name without .mbtiles)."),
                             parameter("z", "path", .object(["type": .string("integer")]), "Zoom."),
                             parameter("x", "path", .object(["type": .string("integer")]), "Column."),
                             parameter("y", "path", .object(["type": .string("integer")]), "Row (XYZ).")],
                ok: ("200", "The tile", "application/vnd.mapbox-vector-tile"), extra: ["204": response("No tile there")])]),
            "/tiles": .object(["get": operation("getTilesets", "Vector tilesets (OGC API - Tiles, WebMercatorQuad, MVT) the caller may read", parameters: [format],
                                                ok: ("200", "Tilesets", "application/json"))]),
            "/tiles/{layer}": .object(["get": operation("getTileset", "One tileset: layers, zooms, properties schema, tile URL template", parameters: [tileLayer, format],
                                                        ok: ("200", "Tileset", "application/json"))]),
            "/tiles/{layer}/tilejson.json": .object(["get": operation("getTileJSON", "TileJSON 3.0.0 of a layer", parameters: [tileLayer],
                                                                      ok: ("200", "TileJSON", "application/json"))]),
            "/tiles/{layer}/metadata.json": .object(["get": operation("getTileMetadata", "The metadata.json GDAL's MVT directory mode reads", parameters: [tileLayer],
                                                                      ok: ("200", "MBTiles-style metadata", "application/json"))]),
            "/tileMatrixSets": .object(["get": operation("getTileMatrixSets", "Tile matrix sets (WebMercatorQuad)", parameters: [format], ok: ("200", "Tile matrix sets", "application/json"))]),
            "/tileMatrixSets/WebMercatorQuad": .object(["get": operation("getWebMercatorQuad", "WebMercatorQuad, zooms 0…22", parameters: [format],
                                                                         ok: ("200", "Tile matrix set", "application/json"))]),
            "/styles/map.json": .object(["get": operation("getMapStyle", "MapLibre GL style of every tile layer the caller may read, in the web map's colours, with commune labels",
                                                          ok: ("200", "Style", "application/json"))]),
            "/fonts/{fontstack}/{range}": .object(["get": operation(
                "getGlyphs", "MapLibre glyphs (signed distance fields, DejaVu Sans) for the style's labels; ranges without glyphs answer an empty set",
                parameters: [parameter("fontstack", "path", string, "Font names, comma-separated (every stack is drawn in DejaVu Sans Book)."),
                             parameter("range", "path", string, "{start}-{end}.pbf, 256 code points from a multiple of 256.")],
                ok: ("200", "Glyphs (glyphs.proto)", "application/x-protobuf"))]),
            "/map": .object(["get": operation("getMap", "The web map (Leaflet from libjs-leaflet, offline)", ok: ("200", "HTML page", "text/html"))]),
            "/desk": .object(["get": operation("getDesk", "The hotline desk page (its calls need an intake, analyst or commander token; docs/zalo.md)", ok: ("200", "HTML page", "text/html"))]),
            "/health": .object(["get": operation("getHealth", "Liveness and database check", ok: ("200", "Healthy", "application/json"))]),
            "/metrics": .object(["get": operation("getMetrics", "Prometheus metrics", ok: ("200", "Prometheus text format 0.0.4", "text/plain"))]),
        ]) { first, _ in first }
        return .object([
            "openapi": .string("3.0.3"),
            "info": .object(["title": .string("GeoIncidents MapServer"), "version": .string("1.0.0"),
                             "description": .string("OGC API - Features for boundaries and tips, hotspot grids, statistics and tip intake. Roles: public (no token), analyst, commander, intake.")]),
            "servers": .array([.object(["url": .string("/")])]),
            "paths": .object(paths),
            "components": .object(["securitySchemes": .object(["bearerAuth": .object(["type": .string("http"), "scheme": .string("bearer")])])]),
        ])
    }()
}
