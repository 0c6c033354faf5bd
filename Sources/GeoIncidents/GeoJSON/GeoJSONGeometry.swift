/// A GeoJSON geometry (RFC 7946 §3.1), as far as GeoIncidents reads them.
public enum GeoJSONGeometry: Sendable, Hashable, Decodable {
    /// §3.1.2
    case point(Coordinate)
    /// §3.1.6
    case polygon(Polygon)
    /// §3.1.7
    case multiPolygon(MultiPolygon)
    /// §3.1.4 / §3.1.5, written only: one line as a LineString, several as a MultiLineString.
    case lines([[Coordinate]])
    /// Any other type (LineString, GeometryCollection, …), kept by name for error messages.
    case unsupported(String)

    private enum CodingKeys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "Point":
            let position = try container.decode([Double].self, forKey: .coordinates)
            self = .point(try Self.coordinate(position))
        case "Polygon":
            let rings = try container.decode([[[Double]]].self, forKey: .coordinates)
            self = .polygon(try Self.polygon(rings))
        case "MultiPolygon":
            let polygons = try container.decode([[[[Double]]]].self, forKey: .coordinates)
            self = .multiPolygon(MultiPolygon(polygons: try polygons.map(Self.polygon)))
        case "LineString":
            self = .lines([try container.decode([[Double]].self, forKey: .coordinates).map(Self.coordinate)])
        case "MultiLineString":
            self = .lines(try container.decode([[[Double]]].self, forKey: .coordinates).map { try $0.map(Self.coordinate) })
        default:
            self = .unsupported(type)
        }
    }

    static func coordinate(_ position: [Double]) throws -> Coordinate {
        guard position.count >= 2 else {
            throw GeoIncidentsError.invalidInput("a position needs at least 2 numbers, found \(position.count)")
        }
        return Coordinate(x: position[0], y: position[1])
    }

    static func polygon(_ rings: [[[Double]]]) throws -> Polygon {
        try Polygon(rings: rings.map { try $0.map(coordinate) })
    }

    /// The geometry as a multipolygon, when it is areal.
    public var multiPolygon: MultiPolygon? {
        switch self {
        case .polygon(let p): return MultiPolygon(polygons: [p])
        case .multiPolygon(let m): return m
        default: return nil
        }
    }

    /// The GeoJSON type name.
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .lines(let lines): return lines.count == 1 ? "LineString" : "MultiLineString"
        case .unsupported(let name): return name
        }
    }
}
