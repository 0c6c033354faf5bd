import Foundation
import Testing
@testable import GeoIncidents
import GeoIncidentsDemo

/// The statistics against the reference numbers of esda, scipy and pymannkendall
/// (Fixtures/hotspots, produced by scripts/reference/make_hotspot_fixtures.py).
@Suite("Hotspot statistics vs reference implementations")
struct HotspotStatisticsTests {
    let columbus: [[String: String]]
    let crime: [Double]

    init() throws {
        columbus = try ReferenceFixtures.csv("columbus_local.csv")
        crime = columbus.map { Double($0["CRIME"]!)! }
    }

    @Test("global Moran's I on Columbus CRIME equals esda (queen 0.500189, rook 0.523670)")
    func globalMoran() throws {
        let reference = try ReferenceFixtures.json("columbus_global.json")
        for kind in ["queen", "rook"] {
            let expected = reference[kind] as! [String: Double]
            let moran = MoranI.global(crime, weights: try ReferenceFixtures.columbusWeights(kind))
            #expect(abs(moran.i - expected["I"]!) < 1e-12, "\(kind) I")
            #expect(abs(moran.expected - expected["EI"]!) < 1e-15)
            #expect(abs(moran.variance - expected["VI_norm"]!) < 1e-12, "\(kind) VI")
            #expect(abs(moran.z - expected["z_norm"]!) < 1e-9, "\(kind) z")
            #expect(abs(moran.p - expected["p_norm"]!) / expected["p_norm"]! < 1e-6, "\(kind) p")
        }
        #expect(String(format: "%.6f", MoranI.global(crime, weights: try ReferenceFixtures.columbusWeights("queen")).i) == "0.500189")
    }

    @Test("local Gi* equals esda G_Local(star=True) to 1e-9, binary and row-standardised")
    func localGStar() throws {
        let queen = try ReferenceFixtures.columbusWeights("queen")
        let row = GetisOrd.localGStar(crime, weights: queen, transform: .row)
        let binary = GetisOrd.localGStar(crime, weights: queen, transform: .binary)
        for (i, reference) in columbus.enumerated() {
            #expect(abs(row.z[i] - Double(reference["gstar_r_z"]!)!) < 1e-9, "row z of polygon \(i)")
            #expect(abs(binary.z[i] - Double(reference["gstar_b_z"]!)!) < 1e-9, "binary z of polygon \(i)")
            // esda's p_norm is one-sided; ours is two-sided.
            #expect(abs(row.p[i] - 2 * Double(reference["gstar_r_p_norm"]!)!) < 1e-12)
        }
    }

    @Test("local Moran's I and quadrants equal esda Moran_Local")
    func localMoran() throws {
        let local = MoranI.local(crime, weights: try ReferenceFixtures.columbusWeights("queen"))
        for (i, reference) in columbus.enumerated() {
            #expect(abs(local[i].i - Double(reference["lisa_i"]!)!) < 1e-9, "I of polygon \(i)")
            #expect(local[i].quadrant == Int(reference["lisa_q"]!)!, "quadrant of polygon \(i)")
        }
    }

    @Test("Gi* over a lattice with zeros (the study-area case) equals esda")
    func latticeWithZeros() throws {
        let reference = try ReferenceFixtures.json("gistar_grid_zeros.json")
        let nx = reference["nx"] as! Int, ny = reference["ny"] as! Int
        let counts = ReferenceFixtures.doubles(reference["counts"])
        var lists: [[Int]] = []
        for iy in 0..<ny {
            for ix in 0..<nx {
                var list: [Int] = []
                for dy in -1...1 { for dx in -1...1 where dx != 0 || dy != 0 {
                    let x = ix + dx, y = iy + dy
                    if x >= 0, x < nx, y >= 0, y < ny { list.append(y * nx + x) }
                } }
                lists.append(list)
            }
        }
        let result = GetisOrd.localGStar(counts, weights: SpatialWeights(neighbourLists: lists))
        let z = ReferenceFixtures.doubles(reference["z"]), p = ReferenceFixtures.doubles(reference["p_two_sided"])
        for i in counts.indices {
            #expect(abs(result.z[i] - z[i]) < 1e-9)
            #expect(abs(result.p[i] - p[i]) < 1e-12)
        }
    }

    @Test("Benjamini-Hochberg adjusted p-values equal scipy.stats.false_discovery_control")
    func falseDiscoveryRate() throws {
        let reference = try ReferenceFixtures.json("fdr_bh.json")
        for vector in reference["vectors"] as! [[String: Any]] {
            let p = ReferenceFixtures.doubles(vector["p"]), expected = ReferenceFixtures.doubles(vector["p_adjusted"])
            let adjusted = FalseDiscoveryRate.adjust(p)
            for i in p.indices { #expect(abs(adjusted[i] - expected[i]) < 1e-12, "\(vector["name"]!) [\(i)]") }
            let significant = vector["significant_0_05"] as! [Bool]
            #expect(adjusted.map { $0 <= 0.05 } == significant)
        }
    }

    @Test("ordering p by |z| gives the same BH values as sorting p")
    func fdrFromZOrder() {
        var generator = SeededRandom(seed: 11)
        let z = (0..<2_000).map { _ in generator.gaussian() * 2 }
        let p = z.map(NormalDistribution.twoSidedP)
        let order = RadixSort.order(z.map(HotspotGridBuilder.descendingKey))
        let fast = FalseDiscoveryRate.adjust(p, ascending: FalseDiscoveryRate.ascendingP(z: z, zDescending: order))
        #expect(fast == FalseDiscoveryRate.adjust(p))
    }

    @Test("bins follow ArcGIS's 90/95/99 % levels and the sign of z")
    func bins() {
        let z = [3.5, 2.2, 1.7, 0.5, -1.7, -2.2, -3.5]
        let p = z.map(NormalDistribution.twoSidedP)
        #expect(FalseDiscoveryRate.bins(z: z, p: p) == [3, 2, 1, 0, -1, -2, -3])
        #expect(abs(NormalDistribution.twoSidedCriticalZ(0.05) - 1.959963984540054) < 1e-9)
    }

    @Test("Mann-Kendall S, Var(S), Z, p and tau equal pymannkendall.original_test")
    func mannKendall() throws {
        let reference = try ReferenceFixtures.json("mann_kendall.json")
        for series in reference["series"] as! [[String: Any]] {
            let name = series["name"] as! String
            let test = MannKendall(ReferenceFixtures.doubles(series["x"]))
            #expect(Double(test.s) == series["S"] as! Double, "\(name) S")
            #expect(abs(test.varianceS - (series["var_S"] as! Double)) < 1e-9, "\(name) var")
            #expect(abs(test.z - (series["Z"] as! Double)) < 1e-12, "\(name) Z")
            #expect(abs(test.p - (series["p"] as! Double)) < 1e-12, "\(name) p")
            #expect(abs(test.tau - (series["tau"] as! Double)) < 1e-12, "\(name) tau")
            #expect(test.trend().rawValue == series["trend"] as! String, "\(name) trend")
        }
    }

    @Test("quartic kernel density equals the direct sum")
    func kernelDensity() throws {
        let reference = try ReferenceFixtures.json("kde_quartic.json")
        let nx = reference["nx"] as! Int, ny = reference["ny"] as! Int
        let points = (reference["points"] as! [[Double]]).map { Coordinate(x: $0[0], y: $0[1]) }
        let geometry = GridGeometry(shape: .square, cellSize: reference["cell_size_m"] as! Double)
        var area: [CellID] = []
        for iy in 0..<ny { for ix in 0..<nx { area.append(CellID(ix: Int32(ix), iy: Int32(iy))) } }
        let (cells, _) = CellSet.build(geometry: geometry, points: [], area: area)
        let density = KernelDensity.quartic(points: points, cells: cells, bandwidth: reference["bandwidth_m"] as! Double)
        let expected = ReferenceFixtures.doubles(reference["density_per_km2"])
        for iy in 0..<ny {
            for ix in 0..<nx {
                let index = cells.index(of: CellID(ix: Int32(ix), iy: Int32(iy)))!
                #expect(abs(density[index] - expected[iy * nx + ix]) < 1e-9 * max(1, expected[iy * nx + ix]))
            }
        }
    }
}
