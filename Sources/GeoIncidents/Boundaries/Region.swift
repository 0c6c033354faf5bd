/// One administrative unit as listed (without its geometry).
public struct Region: Sendable, Hashable, Codable {
    /// Province, commune or neighbourhood.
    public var level: AdminLevel
    /// The unit code (GSO code for provinces and communes).
    public var code: String
    /// The name, UTF-8 NFC.
    public var name: String
    /// Xã, Phường, Đặc khu, Thôn, Khu phố … when known.
    public var kind: String?
    /// The code of the unit above.
    public var parentCode: String?
    /// Population, when the source has it.
    public var population: Int?
    /// First day the boundary is valid (`YYYY-MM-DD`), if known.
    public var validFrom: String?
    /// Day the boundary stopped being valid; `nil` for current units.
    public var validTo: String?
    /// Area in km² on the WGS84 ellipsoid (nil from `RegionStore.list` unless asked for).
    public var areaKm2: Double?
    /// Bounding box in lon/lat.
    public var boundingBox: [Double]?
}

/// What `regions import` did.
public struct RegionImportReport: Sendable {
    /// Units inserted as new.
    public var inserted = 0
    /// Units that replaced the current version with the same code.
    public var replaced = 0
    /// Features whose geometry was invalid and has been repaired, with the reason.
    public var repaired: [String] = []
    /// Notes that did not stop the import.
    public var warnings: [String] = []
}

/// Field names to read from each feature's properties. `nil` means: try the usual names.
public struct RegionImportOptions: Sendable {
    public var level: AdminLevel
    public var codeField: String?
    public var nameField: String?
    public var parentField: String?
    /// When set, the current version of a re-imported code is closed on this date and the
    /// new one starts on it; otherwise re-imported codes are replaced in place.
    public var validFrom: String?

    public init(level: AdminLevel, codeField: String? = nil, nameField: String? = nil, parentField: String? = nil, validFrom: String? = nil) {
        self.level = level
        self.codeField = codeField
        self.nameField = nameField
        self.parentField = parentField
        self.validFrom = validFrom
    }

    var codeCandidates: [String] { codeField.map { [$0] } ?? ["code", "\(level.rawValue)_code", "ma", "id"] }
    var nameCandidates: [String] { nameField.map { [$0] } ?? ["name", "\(level.rawValue)_name", "ten"] }
    var parentCandidates: [String] {
        if let parentField { return [parentField] }
        guard let parent = level.parent else { return [] }
        return ["parent_code", "\(parent.rawValue)_code", "\(parent.rawValue)_id", "parent"]
    }
    var kindCandidates: [String] { ["kind", "\(level.rawValue)_type", "type"] }
}
