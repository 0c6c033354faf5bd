public import TextLocator

/// The text locator over this store's gazetteer: the official code lists (``CodeLists``),
/// the store's own provinces, communes and neighbourhoods (a region outside the code lists,
/// such as the demo province 99, is located like any other), and the registered places
/// (``PlaceStore``). Load once per data version; locating is read-only and thread-safe.
public struct PlaceLocator: Sendable {
    /// The locator.
    public let locator: Locator
    /// Registered places by id, for their points.
    let places: [Int64: RegisteredPlace]
    /// Whether the official code lists are installed (else legacy names are unknown).
    public let hasCodeLists: Bool

    /// Builds the gazetteer of `database`.
    public static func load(database: GeoDatabase) throws -> PlaceLocator {
        var gazetteer = Gazetteer()
        let lists = try CodeLists(database: database).tables()
        if let lists {
            do {
                gazetteer = try Gazetteer(units2025: lists.units2025, legacyUnits: lists.legacyUnits, mapping: lists.mapping)
            } catch {
                throw GeoIncidentsError(.database, "the stored code lists do not parse: \(error); install them again from regions/vn-admin-codes")
            }
        }
        let regions = try RegionStore(database: database).list()
        var provinceCodes = Set(gazetteer.provinces.map(\.code))
        var communeCodes = Set(gazetteer.communes.map(\.code))
        for region in regions where region.level == .province && provinceCodes.insert(region.code).inserted {
            let type: UnitType = region.kind.flatMap(UnitType.init(label:)) ?? (region.name.hasPrefix("Thành phố") ? .thanhPho : .tinh)
            gazetteer.provinces.append(.init(code: region.code, name: type.strippingPrefix(of: region.name), type: type))
        }
        for region in regions where region.level == .commune {
            guard let parent = region.parentCode, provinceCodes.contains(parent), communeCodes.insert(region.code).inserted else { continue }
            let type: UnitType = region.kind.flatMap(UnitType.init(label:)) ?? .xa
            gazetteer.communes.append(.init(code: region.code, provinceCode: parent, name: type.strippingPrefix(of: region.name), type: type))
        }
        for region in regions where region.level == .neighbourhood {
            guard let parent = region.parentCode, communeCodes.contains(parent) else { continue }
            gazetteer.neighbourhoods.append(.init(code: region.code, communeCode: parent, name: region.name,
                                                  kind: NeighbourhoodKind(label: region.kind ?? region.name)))
        }
        let places = try PlaceStore(database: database).list()
        for place in places where communeCodes.contains(place.communeCode) {
            let point = place.representativePoint
            gazetteer.places.append(.init(id: String(place.id), communeCode: place.communeCode, name: place.name,
                                          aliases: place.aliases, point: (point.x, point.y)))
        }
        return PlaceLocator(locator: Locator(gazetteer: gazetteer),
                            places: Dictionary(uniqueKeysWithValues: places.map { ($0.id, $0) }), hasCodeLists: lists != nil)
    }

    /// The registered place with this id, as the locator reports it.
    public func place(id: String) -> RegisteredPlace? { Int64(id).flatMap { places[$0] } }
}
