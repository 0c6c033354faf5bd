import Foundation
import GeoIncidents
import Hummingbird

/// `GET /packages` (the offline tile packages in the tiles folder) and
/// `GET /packages/{name}/{z}/{x}/{y}.mvt` (a tile of one, gzip as stored). Packages built
/// for the force (`geoq tiles build --access force`) need an analyst or commander token.
struct PackagesController: RouteController {
    let server: ServerContext

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/packages") { request, context in
            _ = try QueryParameters(request, allowed: ["f"])
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: server.tilesDirectory)) ?? [])
                .filter { $0.hasSuffix(".mbtiles") }.map { String($0.dropLast(8)) }.sorted()
            let links = Links(request)
            // Only the packages the caller may read: the names of force packages (a commune, a
            // date) are not for the public either.
            let principal = context.principal
            let items: [JSONValue] = names.compactMap { name in
                guard let reader = try? reader(name), (try? Self.checkAccess(reader, name: name, principal: principal)) != nil else { return nil }
                return .object(["name": .string(name), "access": .string(reader.forForceOnly ? "force" : "public"),
                                "tiles": .string(links.base + "/packages/\(name)/{z}/{x}/{y}.mvt")])
            }
            return Responses.document(.object(["packages": .array(items)]))
        }
        router.get("/packages/:name/:z/:x/:file") { request, context in
            _ = try QueryParameters(request, allowed: [])
            let name = try context.parameters.require("name")
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), !name.hasPrefix(".") else {
                throw APIError.notFound("no tile package '\(name)'")
            }
            let package = try reader(name)
            try Self.checkAccess(package, name: name, principal: context.principal)
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".mvt"), let y = Int(file.dropLast(4)), let z = Int(try context.parameters.require("z")), let x = Int(try context.parameters.require("x")),
                  let tile = try? TileID(z: z, x: x, y: y) else {
                throw APIError.notFound("package tile paths are /packages/{name}/{z}/{x}/{y}.mvt")
            }
            let data = try await blocking { try package.tile(tile) }
            guard let data else { return Response(status: .noContent, headers: [.cacheControl: Responses.cacheControl(context.principal)]) }
            return Response(status: .ok, headers: [.contentType: TilesController.contentType, .contentEncoding: "gzip",
                                                   .cacheControl: Responses.cacheControl(context.principal)],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The open package, reopened when the file was replaced (its access may differ).
    private func reader(_ name: String) throws -> MBTilesReader {
        let path = (server.tilesDirectory as NSString).appendingPathComponent(name + ".mbtiles")
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let stamp = "\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0):\(attributes?[.systemFileNumber] as? Int ?? 0):\(attributes?[.size] as? Int ?? 0)"
        if let open = server.packages.value(for: name), open.stamp == stamp { return open.reader }
        do {
            let reader = try MBTilesReader(path: path)
            server.packages.store(ServerContext.OpenPackage(stamp: stamp, reader: reader), for: name)
            return reader
        } catch {
            throw APIError.notFound("no tile package '\(name)' in the tiles folder")
        }
    }

    /// Throws unless `principal` may read the package: a force package needs an analyst or
    /// commander, and a commune-scoped token reads only packages of its own communes.
    /// A package the caller may not read is a 404, as one that does not exist: its name says
    /// nothing to whoever is not told of it in the listing.
    static func checkAccess(_ package: MBTilesReader, name: String, principal: Principal) throws {
        guard package.forForceOnly else { return }
        let readable = principal.role.readsTips
            && (principal.communes.isEmpty || (!package.communes.isEmpty && Set(package.communes).isSubset(of: Set(principal.communes))))
        guard readable else { throw APIError.notFound("no tile package '\(name)'") }
    }
}
