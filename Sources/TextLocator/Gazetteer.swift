/// Every name the locator can resolve: the 2025 units, the legacy (pre-July-2025) units and
/// the legacy → 2025 ward mapping, plus neighbourhoods and places supplied by the caller.
///
/// A plain value: build it from the code lists with ``Gazetteer/load(directory:)`` and append
/// neighbourhoods and places from the store, then hand it to ``Locator``.
public struct Gazetteer: Sendable {
    /// A 2025 province (34).
    public struct Province: Sendable, Hashable {
        /// Two-digit GSO code ("01").
        public var code: String
        /// Name without its type word ("Hà Nội").
        public var name: String
        /// Tỉnh or Thành phố.
        public var type: UnitType
        /// Creates a province.
        public init(code: String, name: String, type: UnitType) { self.code = code; self.name = name; self.type = type }
    }

    /// A 2025 commune (phường, xã or đặc khu; 3,321).
    public struct Commune: Sendable, Hashable {
        /// Five-digit GSO code ("00097").
        public var code: String
        /// Code of its 2025 province.
        public var provinceCode: String
        /// Name without its type word ("Hồng Hà").
        public var name: String
        /// Phường, Xã or Đặc khu.
        public var type: UnitType
        /// Creates a commune.
        public init(code: String, provinceCode: String, name: String, type: UnitType) {
            self.code = code; self.provinceCode = provinceCode; self.name = name; self.type = type
        }
    }

    /// A province of the legacy 63-province structure.
    public struct LegacyProvince: Sendable, Hashable {
        /// Two-digit legacy GSO code (not the same numbering as 2025).
        public var code: String
        /// Name without its type word.
        public var name: String
        /// Tỉnh or Thành phố.
        public var type: UnitType
        /// Creates a legacy province.
        public init(code: String, name: String, type: UnitType) { self.code = code; self.name = name; self.type = type }
    }

    /// A legacy district (quận, huyện, thị xã, thành phố).
    public struct LegacyDistrict: Sendable, Hashable {
        /// Three-digit GSO code.
        public var code: String
        /// Legacy province code.
        public var provinceCode: String
        /// Name without its type word ("Ba Đình", "1").
        public var name: String
        /// Quận, Huyện, Thị xã or Thành phố.
        public var type: UnitType
        /// Creates a legacy district.
        public init(code: String, provinceCode: String, name: String, type: UnitType) {
            self.code = code; self.provinceCode = provinceCode; self.name = name; self.type = type
        }
    }

    /// A legacy ward (phường, xã, thị trấn).
    public struct LegacyWard: Sendable, Hashable {
        /// Five-digit GSO code.
        public var code: String
        /// Legacy district code.
        public var districtCode: String
        /// Legacy province code.
        public var provinceCode: String
        /// Name without its type word ("Phúc Xá", "3").
        public var name: String
        /// Phường, Xã or Thị trấn.
        public var type: UnitType
        /// Creates a legacy ward.
        public init(code: String, districtCode: String, provinceCode: String, name: String, type: UnitType) {
            self.code = code; self.districtCode = districtCode; self.provinceCode = provinceCode; self.name = name; self.type = type
        }
    }

    /// One row of the official legacy → 2025 mapping. A split legacy ward has several rows.
    public struct WardMapping: Sendable, Hashable {
        /// Legacy ward code.
        public var legacyWardCode: String
        /// 2025 commune code.
        public var communeCode: String
        /// True when the legacy ward was divided among several 2025 communes.
        public var isSplit: Bool
        /// The code list's default target of a split ward. The locator does not use it to
        /// decide: a split ward named without a deciding hamlet is ambiguous.
        public var isDefault: Bool
        /// Creates a mapping row.
        public init(legacyWardCode: String, communeCode: String, isSplit: Bool, isDefault: Bool) {
            self.legacyWardCode = legacyWardCode; self.communeCode = communeCode; self.isSplit = isSplit; self.isDefault = isDefault
        }
    }

    /// A neighbourhood (thôn, ấp, khu phố, tổ dân phố …) of a 2025 commune.
    public struct Neighbourhood: Sendable, Hashable {
        /// Its code in the caller's store, reported when it is matched.
        public var code: String
        /// 2025 commune code.
        public var communeCode: String
        /// Name, with or without the kind word ("Ấp 3" and "3" are the same).
        public var name: String
        /// Thôn, ấp …
        public var kind: NeighbourhoodKind
        /// Creates a neighbourhood.
        public init(code: String, communeCode: String, name: String, kind: NeighbourhoodKind) {
            self.code = code; self.communeCode = communeCode; self.name = name; self.kind = kind
        }
    }

    /// A place registered by commune police: a market, school, landmark or street segment.
    public struct Place: Sendable, Hashable {
        /// Its id in the caller's store, reported when it is matched.
        public var id: String
        /// 2025 commune code.
        public var communeCode: String
        /// Name as written on signs ("Chợ Tân Lợi").
        public var name: String
        /// Other names people use.
        public var aliases: [String]
        /// Representative point (lon, lat), when known.
        public var point: (lon: Double, lat: Double)?
        /// Creates a place.
        public init(id: String, communeCode: String, name: String, aliases: [String] = [], point: (lon: Double, lat: Double)? = nil) {
            self.id = id; self.communeCode = communeCode; self.name = name; self.aliases = aliases; self.point = point
        }
        public static func == (a: Place, b: Place) -> Bool {
            a.id == b.id && a.communeCode == b.communeCode && a.name == b.name && a.aliases == b.aliases
                && a.point?.lon == b.point?.lon && a.point?.lat == b.point?.lat
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(id); hasher.combine(communeCode); hasher.combine(name) }
    }

    /// 2025 provinces.
    public var provinces: [Province]
    /// 2025 communes.
    public var communes: [Commune]
    /// Legacy provinces.
    public var legacyProvinces: [LegacyProvince]
    /// Legacy districts.
    public var legacyDistricts: [LegacyDistrict]
    /// Legacy wards.
    public var legacyWards: [LegacyWard]
    /// Legacy → 2025 mapping rows.
    public var wardMappings: [WardMapping]
    /// Neighbourhoods supplied by the caller.
    public var neighbourhoods: [Neighbourhood]
    /// Registered places supplied by the caller.
    public var places: [Place]

    /// Creates a gazetteer from plain arrays.
    public init(provinces: [Province] = [], communes: [Commune] = [], legacyProvinces: [LegacyProvince] = [],
                legacyDistricts: [LegacyDistrict] = [], legacyWards: [LegacyWard] = [], wardMappings: [WardMapping] = [],
                neighbourhoods: [Neighbourhood] = [], places: [Place] = []) {
        self.provinces = provinces; self.communes = communes; self.legacyProvinces = legacyProvinces
        self.legacyDistricts = legacyDistricts; self.legacyWards = legacyWards; self.wardMappings = wardMappings
        self.neighbourhoods = neighbourhoods; self.places = places
    }

    /// The 2025 commune with this code (a linear search: for one-off look-ups).
    public func commune(code: String) -> Commune? { communes.first { $0.code == code } }
}
