/// How to score communes (polygon units) for hot spots.
public struct CommuneHotspotParameters: Sendable, Hashable {
    /// Boundaries closer than this (metres) make two communes neighbours: the real 2025
    /// layer has slivers of overlap and gap up to ~50 m along borders.
    public var toleranceMeters: Double = 50
    /// Score tips per 1,000 residents instead of counts (needs population in the layer).
    public var perPopulation = false
    public var alpha: Double = 0.05
    public var fdr = true
    /// Projected CRS for the contiguity (default: UTM zone of the scope's centre).
    public var crs: String?

    public init() {}

    public func validate() throws {
        guard toleranceMeters.isFinite, toleranceMeters >= 0, toleranceMeters <= 1_000 else {
            throw GeoIncidentsError.invalidInput("tolerance must be 0…1000 metres, got \(toleranceMeters)")
        }
        guard alpha > 0, alpha < 1 else { throw GeoIncidentsError.invalidInput("alpha must be between 0 and 1, got \(alpha)") }
    }
}

/// One commune's scores.
public struct CommuneHotspot: Sendable, Hashable {
    public var code: String
    public var name: String
    public var provinceCode: String?
    public var count: Int
    public var population: Int?
    /// The analysed value: the count, or tips per 1,000 residents.
    public var value: Double
    /// Number of neighbouring communes.
    public var neighbours: Int
    /// Local Gi* (binary contiguity plus self) z, two-sided p, FDR-adjusted p, bin −3…+3.
    public var z: Double
    public var p: Double
    public var pAdjusted: Double
    public var bin: Int8
    /// Local Moran's I_i, its z and p (total randomisation), and the LISA cluster type when
    /// significant after FDR: "HH", "LL", "LH", "HL", else "ns".
    public var localMoran: Double
    public var localMoranZ: Double
    public var localMoranP: Double
    public var cluster: String
}

/// Hot spot communes: global Moran's I over the scope's communes and local statistics per
/// commune, ranked by Gi* z.
public struct CommuneHotspots: Sendable {
    public var parameters: CommuneHotspotParameters
    public var moran: MoranI.Global
    public var units: [CommuneHotspot]
    /// Directed contiguity links.
    public var links: Int
    /// Communes without neighbours (islands), which local statistics treat as isolated.
    public var islands: [String]
    public var tipsMatched: Int
    public var notes: [String]
    public var dataVersion: Int64 = 0
}

/// Computes ``CommuneHotspots`` from units, their geometry and their counts.
enum CommuneHotspotBuilder {
    struct Unit {
        var region: Region
        var area: MultiPolygon
        var count: Int
    }

    static func build(_ units: [Unit], parameters: CommuneHotspotParameters, projections: ProjectionCache) throws -> CommuneHotspots {
        try parameters.validate()
        guard units.count >= 3 else {
            throw GeoIncidentsError.invalidInput("the scope holds \(units.count) commune\(units.count == 1 ? "" : "s"); hot spot communes need at least 3")
        }
        var notes: [String] = []
        let values: [Double]
        if parameters.perPopulation {
            let missing = units.filter { ($0.region.population ?? 0) <= 0 }
            guard missing.isEmpty else {
                throw GeoIncidentsError.invalidInput("scores per population: \(missing.count) communes have no population in the boundary layer (e.g. \(missing.prefix(3).map(\.region.code).joined(separator: ", "))); import it or score counts")
            }
            values = units.map { Double($0.count) * 1_000 / Double($0.region.population!) }
        } else {
            values = units.map { Double($0.count) }
        }
        var box = BoundingBox.empty
        for unit in units { box.expand(unit.area.boundingBox) }
        let crs = parameters.crs ?? Projector.utmCRS(longitude: box.center.x, latitude: box.center.y)
        let pool = try projections.pool(for: crs)
        let projected: [[[[Coordinate]]]] = try pool.withProjector { projector in
            units.map { unit in
                unit.area.polygons.map { polygon in
                    polygon.rings.map { ring in
                        var r = ring
                        projector.forward(&r)
                        return r
                    }
                }
            }
        }
        let weights = PolygonContiguity.neighbours(projected, tolerance: parameters.toleranceMeters)
        let islands = weights.islands.map { units[$0].region.code }
        if !islands.isEmpty { notes.append("\(islands.count) communes have no neighbour within \(GeoJSONWriter.number(parameters.toleranceMeters)) m (islands): \(islands.prefix(5).joined(separator: ", "))") }
        let gi = GetisOrd.localGStar(values, weights: weights, transform: .binary)
        let giQ = parameters.fdr ? FalseDiscoveryRate.adjust(gi.p) : gi.p
        let bins = FalseDiscoveryRate.bins(z: gi.z, p: giQ)
        let local = MoranI.local(values, weights: weights)
        let lisaQ = parameters.fdr ? FalseDiscoveryRate.adjust(local.map(\.p)) : local.map(\.p)
        let moran = MoranI.global(values, weights: weights)
        let labels = [1: "HH", 2: "LH", 3: "LL", 4: "HL"]
        var result: [CommuneHotspot] = units.indices.map { i in
            CommuneHotspot(code: units[i].region.code, name: units[i].region.name, provinceCode: units[i].region.parentCode,
                           count: units[i].count, population: units[i].region.population, value: values[i],
                           neighbours: weights.cardinality(i), z: gi.z[i], p: gi.p[i], pAdjusted: giQ[i], bin: bins[i],
                           localMoran: local[i].i, localMoranZ: local[i].z, localMoranP: local[i].p,
                           cluster: lisaQ[i] <= parameters.alpha && weights.cardinality(i) > 0 ? labels[local[i].quadrant]! : "ns")
        }
        result.sort { a, b in a.z != b.z ? a.z > b.z : CodeOrder.isSmaller(a.code, b.code) }
        return CommuneHotspots(parameters: parameters, moran: moran, units: result, links: weights.linkCount, islands: islands,
                               tipsMatched: units.reduce(0) { $0 + $1.count }, notes: notes)
    }
}
