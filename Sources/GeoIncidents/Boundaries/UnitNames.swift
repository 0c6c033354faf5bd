/// Names of the current units, per level, for reports that show codes to people.
public struct UnitNames: Sendable {
    public var provinces: [String: String] = [:]
    public var communes: [String: String] = [:]
    public var neighbourhoods: [String: String] = [:]

    public init() {}

    /// The names of every current unit.
    public init(regions: RegionStore) throws {
        for region in try regions.list() {
            switch region.level {
            case .province: provinces[region.code] = region.name
            case .commune: communes[region.code] = region.name
            case .neighbourhood: neighbourhoods[region.code] = region.name
            }
        }
    }

    /// "Name (code)", or the code alone when the unit is unknown.
    public func label(_ code: String, level: AdminLevel) -> String {
        let name: String? = switch level {
        case .province: provinces[code]
        case .commune: communes[code]
        case .neighbourhood: neighbourhoods[code]
        }
        return name.map { "\($0) (\(code))" } ?? code
    }
}
