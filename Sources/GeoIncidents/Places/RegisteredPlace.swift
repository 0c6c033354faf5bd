import Foundation

/// A place commune police register so that tips naming it are located to it: a market,
/// school, landmark (a point) or a street segment (a line), with the other names residents use.
public struct RegisteredPlace: Sendable, Hashable {
    /// The shape of a place.
    public enum Shape: Sendable, Hashable {
        case point(Coordinate)
        case line([Coordinate])
    }

    /// Its id in the store (0 before it is stored).
    public var id: Int64
    /// The 2025 commune it lies in.
    public var communeCode: String
    /// Name as written on signs ("Chợ Tân Lợi"), NFC.
    public var name: String
    /// Chợ, trường, đường … when given.
    public var kind: String?
    /// Other names residents use, NFC.
    public var aliases: [String]
    /// Where it is (WGS84).
    public var shape: Shape

    /// Creates a place.
    public init(id: Int64 = 0, communeCode: String, name: String, kind: String? = nil, aliases: [String] = [], shape: Shape) {
        self.id = id; self.communeCode = communeCode; self.name = name; self.kind = kind; self.aliases = aliases; self.shape = shape
    }

    /// How far a point place's own extent is assumed to reach, in metres (a market, a school yard).
    public static let pointRadiusMeters = 50.0

    /// Where a tip naming the place is put: the point, or the vertex-interpolated middle of a
    /// line (on the line, never off it).
    public var representativePoint: Coordinate {
        switch shape {
        case .point(let p): return p
        case .line(let points):
            let lengths = zip(points, points.dropFirst()).map { $0.greatCircleMeters(to: $1) }
            var remaining = lengths.reduce(0, +) / 2
            for (k, length) in lengths.enumerated() {
                if remaining <= length, length > 0 {
                    let t = remaining / length, a = points[k], b = points[k + 1]
                    return Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))
                }
                remaining -= length
            }
            return points[0]
        }
    }

    /// The radius around ``representativePoint`` that covers the place, in metres.
    public var accuracyMeters: Double {
        switch shape {
        case .point: return Self.pointRadiusMeters
        case .line(let points):
            let middle = representativePoint
            return max(Self.pointRadiusMeters, (points.map { middle.greatCircleMeters(to: $0) }.max() ?? 0).rounded(.up))
        }
    }

    /// Why the place cannot be stored, or nil.
    public var problem: String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "name is empty" }
        if name.utf8.count > 200 { return "name is longer than 200 bytes" }
        if aliases.contains(where: { $0.contains(";") }) { return "an alias contains ';'" }
        if communeCode.isEmpty { return "commune is empty" }
        switch shape {
        case .point(let p): return p.lonLatProblem
        case .line(let points):
            if points.count < 2 { return "a line needs at least two points" }
            if points.count > 10_000 { return "a line has more than 10,000 points" }
            return points.lazy.compactMap(\.lonLatProblem).first
        }
    }
}
