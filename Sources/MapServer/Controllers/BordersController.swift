import Foundation
import GeoIncidents
import Hummingbird

/// `GET /borders`: the stored shared borders (lines in CRS84) between adjacent communes or
/// provinces, with both units' codes and names. Boundary data: open to everyone.
struct BordersController: RouteController {
    let server: ServerContext
    static let parameters: Set<String> = ["level", "province", "commune", "bbox", "f"]

    func add(to router: some RouterMethods<AppRequestContext>) {
        router.get("/borders") { request, context in
            let query = try QueryParameters(request, allowed: Self.parameters)
            let level = try query.choice("level", BorderLevel.self) ?? .commune
            let provinces = Set(query.list("province")), communes = Set(query.list("commune"))
            let boxes = try query.bbox()
            let server = self.server
            return try await Responses.cached(request, context: context, server: server, contentType: Responses.geoJSON) {
                let regions = RegionStore(database: server.database)
                let names = try UnitNames(regions: regions)
                let provinceOf = try Dictionary(regions.list(level: .commune).compactMap { c in c.parentCode.map { (c.code, $0) } }, uniquingKeysWith: { a, _ in a })
                let unitLevel: AdminLevel = level == .province ? .province : .commune
                let borders = try regions.storedBorders(level: unitLevel).filter { b in
                    func touches(_ code: String) -> Bool {
                        if !communes.isEmpty, unitLevel == .commune, !communes.contains(code) { return false }
                        if !provinces.isEmpty, !provinces.contains(unitLevel == .province ? code : provinceOf[code] ?? "") { return false }
                        return true
                    }
                    guard touches(b.codeA) || touches(b.codeB) else { return false }
                    guard let boxes else { return true }
                    return b.lines.contains { line in line.contains { p in boxes.contains { $0.contains(p) } } }
                }
                let lookup = unitLevel == .commune ? names.communes : names.provinces
                return GeoJSONWriter.featureCollection(borders.map { b in
                    var properties: [(String, JSONValue)] = [
                        ("code_a", .string(b.codeA)), ("name_a", lookup[b.codeA].map(JSONValue.string) ?? .null),
                        ("code_b", .string(b.codeB)), ("name_b", lookup[b.codeB].map(JSONValue.string) ?? .null),
                        ("length_m", .number((b.lengthMeters * 10).rounded() / 10)),
                    ]
                    if unitLevel == .commune {
                        properties.append(("province_a", provinceOf[b.codeA].map(JSONValue.string) ?? .null))
                        properties.append(("province_b", provinceOf[b.codeB].map(JSONValue.string) ?? .null))
                    }
                    return GeoJSONWriter.feature(id: .string("\(b.codeA)-\(b.codeB)"), geometry: .lines(b.lines), properties: properties)
                })
            }
        }
    }

    enum BorderLevel: String, CaseIterable { case commune, province }
}
