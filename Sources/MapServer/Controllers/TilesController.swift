import Foundation
import GeoIncidents
import Hummingbird

/// `GET /tiles/{layer}/{z}/{x}/{y}.mvt`: Mapbox Vector Tiles (see `TileService` for the
/// layers), with the roles of the JSON endpoints: tips one by one only for analysts and
/// commanders, counts under k left out for the public, clusters and cameras not at all.
/// `GET /tiles/all/{z}/{x}/{y}.mvt` is the combined tileset: every layer the caller may
/// read in one tile (one source for a MapLibre or OpenLayers page), made of the same
/// per-layer tiles, so it shows nothing the single layers do not.
/// The hotspot and cluster layers count incidents (as `/hotspots` and `/clusters`); the tips
/// layer draws tips, or one point per incident with `unit=incidents` (docs/incidents.md).
/// Point tiles and cluster tiles are written to the access log, as tip reads.
/// Tiles are cached under their own version: a new tip invalidates the tips tiles it falls
/// in, any write the other layers — never a stale tile.
struct TilesController: RouteController {
    let server: ServerContext
    static let contentType = "application/vnd.mapbox-vector-tile"
    /// The name of the combined tileset in tile paths.
    static let combined = "all"

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/tiles/:layer/:z/:x/:file") { request, context in
            let query = try QueryParameters(request, allowed: Self.filterParameters)
            let name = try context.parameters.require("layer")
            let layers = try Self.layers(named: name, for: context.principal)
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".mvt"), let y = Int(file.dropLast(4)), let z = Int(try context.parameters.require("z")),
                  let x = Int(try context.parameters.require("x")) else {
                throw APIError.notFound("tile paths are /tiles/{layer}/{z}/{x}/{y}.mvt")
            }
            let tile: TileID
            do { tile = try TileID(z: z, x: x, y: y) } catch let error as GeoIncidentsError { throw APIError.notFound(error.message) }
            let principal = context.principal
            if principal.role.suppressesSmallCounts {
                try PublicAnswers.rejectPrivateParameters(query, allowed: [], what: "public tiles show the published grid, unfiltered")
            }
            // Grouping catches up once for the request (incidents are what these layers count).
            if !principal.role.suppressesSmallCounts, layers.contains(where: { [.tips, .incidents, .hotspots, .clusters].contains($0) }) { await server.catchUpIncidents() }
            var parts: [CachedResponse] = []
            for layer in layers {
                parts.append(principal.role.suppressesSmallCounts
                             ? try await publicTile(layer: layer, tile: tile)
                             : try await privateTile(query, principal: principal, layer: layer, tile: tile))
            }
            let cacheControl = Responses.cacheControl(principal)
            if parts.count == 1 {
                return Responses.ok(request, body: parts[0].body, contentType: Self.contentType, etag: parts[0].etag, cacheControl: cacheControl)
            }
            // A vector tile's layers are a repeated field: the tiles' bytes one after the
            // other are one tile with every layer.
            var body = ByteBuffer()
            for part in parts { body.writeImmutableBuffer(part.body) }
            let etag = "\"" + String(SHA256.hex(parts.map(\.etag).joined(separator: ",")).prefix(32)) + "\""
            return Responses.ok(request, body: body, contentType: Self.contentType, etag: etag, cacheControl: cacheControl)
        }
    }

    /// The filters tiles take (analysts and commanders; intake and public tiles take none).
    static let filterParameters: Set<String> = ["category", "channel", "status", "since", "until", "datetime", "commune", "province", "neighbourhood", "unit"]

    /// The layers behind a tile path's `{layer}`: one layer the principal may read, or for
    /// ``combined`` every layer it may read.
    static func layers(named name: String, for principal: Principal) throws -> [TileLayer] {
        if name == combined { return TileMetadataController.visible(principal) }
        guard let layer = TileLayer(rawValue: name) else {
            throw APIError.notFound("no tile layer '\(name)'; layers are \(TileLayer.allCases.map(\.rawValue).joined(separator: ", ")), and \(combined) for all of them")
        }
        if layer.forTipReadersOnly && !principal.role.readsTips {
            throw APIError.denied(principal, unauthorized: "the \(name) layer needs an analyst or commander token",
                                  forbidden: "the \(principal.role.rawValue) role cannot read the \(name) layer")
        }
        return [layer]
    }

    /// One layer's tile for an analyst or commander (filtered as /hotspots and the tips
    /// collection are, so that a filtered map's tiles show what its GeoJSON layers show).
    private func privateTile(_ query: QueryParameters, principal: Principal, layer: TileLayer, tile: TileID) async throws -> CachedResponse {
        var filter = try query.tipFilter(principal: principal)
        filter.communeCodes = filter.communeCodes == principal.communes ? [] : filter.communeCodes    // the scope is the access's
        // The analyses' layers count incidents, as /hotspots and /clusters do; the tips layer
        // draws tips unless `unit=incidents` asks for one point per incident.
        filter.unit = try query.choice("unit", CountingUnit.self) ?? (layer == .tips ? .tips : .incidents)
        let frozenFilter = filter
        let access = TileAccess(readsTips: principal.role.readsTips, suppressBelow: principal.role.suppressesSmallCounts ? server.suppressionK : 0,
                                communes: principal.communes)
        let server = self.server
        let dataVersion = try await server.dataVersion()
        return try await server.work.run {
            let version = try server.tiles.version(layer, tile, access: access, filter: frozenFilter, dataVersion: dataVersion)
            // Exact positions (point tiles, incident points, cluster hulls) are reads of tips:
            // logged on every request, cache hits included, as the JSON endpoints log theirs.
            if (layer == .tips && access.readsTips && tile.z >= TileService.tipPointZoom) || layer == .clusters
                || (layer == .incidents && access.readsTips && tile.z >= TileLayer.incidents.minZoom) {
                let tips = layer == .tips ? Int(version.split(separator: ":").first ?? "") ?? 0 : 0
                server.accessLog.record(principal, action: "tiles.\(layer.rawValue)", detail: "tile \(tile)", tips: tips)
            }
            let key = "\(layer.rawValue)/\(tile)|\(version)|\(Responses.visibility(principal))|\(frozenFilter.summary)"
            if let hit = server.tileCache.value(for: key) { return hit }
            let bytes: [UInt8]
            do {
                bytes = try server.tiles.tile(layer, tile, access: access, filter: frozenFilter)
            } catch let error as GeoIncidentsError where Responses.isEmptySelection(error) {
                bytes = []    // no tips in the selection: an empty tile, as the tips layer answers
            }
            let etag = "\"" + String(SHA256.hex(key).prefix(32)) + "\""
            let entry = CachedResponse(body: ByteBuffer(bytes: bytes), contentType: Self.contentType, etag: etag)
            server.tileCache.store(entry, for: key)
            return entry
        }
    }

    /// A public tile: its cache key and ETag hold the release and boundary version only.
    private func publicTile(layer: TileLayer, tile: TileID) async throws -> CachedResponse {
        let server = self.server
        let (release, stamp) = try await PublicAnswers.stamp(server)
        let key = "\(layer.rawValue)/\(tile)|\(stamp)"
        let etag = "\"" + String(SHA256.hex(key).prefix(32)) + "\""
        if let hit = server.tileCache.value(for: key) { return hit }
        return try await server.flights.run(key) {
            let bytes = try await server.work.run { try server.tiles.publicTile(layer, tile, view: server.publicView, release: release) }
            let entry = CachedResponse(body: ByteBuffer(bytes: bytes), contentType: Self.contentType, etag: etag)
            server.tileCache.store(entry, for: key)
            return entry
        }
    }
}
