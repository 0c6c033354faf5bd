import Foundation
import Testing
@testable import GeoIncidents

@Suite("Camera siting")
struct CameraSitingTests {
    @Test("greedy maximal coverage against spopt's exact MCLP: same coverage sets, within 1 − 1/e, and how close")
    func againstExactSolver() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("siting/mclp_instances.json")))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        var ratios: [Double] = []
        for instance in root["instances"] as! [[String: Any]] {
            let points = (instance["points"] as! [[Double]]).map { Coordinate(x: $0[0], y: $0[1]) }
            let weights = instance["weights"] as! [Double]
            let sites = (instance["sites"] as! [[Double]]).map { Coordinate(x: $0[0], y: $0[1]) }
            let k = instance["k"] as! Int
            let optimum = instance["optimum"] as! Double
            let views = CameraViews(apexes: sites, headings: sites.map { _ in 0 }, fovs: sites.map { _ in 360 }, ranges: sites.map { _ in 100 })
            var sets = [[Int32]](repeating: [], count: sites.count)
            for (i, p) in points.enumerated() { for v in views.covering(p) { sets[v].append(Int32(i)) } }
            let reference = (instance["cover_lists"] as! [[Int]]).map { $0.map(Int32.init) }
            #expect(sets == reference, "seed \(instance["seed"]!): our 32-gons cover the same points as shapely's")
            let optimal = Set((instance["optimal_sites"] as! [Int]).flatMap { sets[$0] })
            #expect(abs(optimal.reduce(0) { $0 + weights[Int($1)] } - optimum) < 1e-6)
            let chosen = GreedyCoverage.choose(sets: sets, weights: weights, count: k)
            #expect(chosen.count == k)
            let greedy = chosen.map(\.gain).reduce(0, +)
            let union = Set(chosen.flatMap { sets[$0.set] })
            #expect(abs(union.reduce(0) { $0 + weights[Int($1)] } - greedy) < 1e-9, "marginal gains add up to the covered weight")
            #expect(zip(chosen, chosen.dropFirst()).allSatisfy { $0.gain >= $1.gain - 1e-12 }, "gains never grow (submodularity)")
            #expect(greedy <= optimum + 1e-9)
            #expect(greedy >= (1 - exp(-1)) * optimum)
            ratios.append(greedy / optimum)
        }
        #expect(ratios.count == 6)
        #expect(ratios.allSatisfy { $0 >= 0.9 }, "greedy reached \(ratios) of the optimum")
        print("greedy / exact MCLP optimum: " + ratios.map { String(format: "%.4f", $0) }.joined(separator: ", "))
    }

    @Test("demo suggestions: existing cameras fixed, gains decreasing, shares cumulative; bad parameters named")
    func demo() throws {
        let database = try CoverageTests.demo()
        let service = CameraService(database: database)
        let siting = try service.suggestCameras(TipFilter(), parameters: SitingParameters(count: 4))
        #expect(siting.suggestions.count == 4 && siting.alreadySeen > 30)
        #expect(zip(siting.suggestions, siting.suggestions.dropFirst()).allSatisfy { $0.gain >= $1.gain && $0.cumulativeShare < $1.cumulativeShare })
        // Adding the suggested cameras sees exactly the tips they were credited with.
        let before = try service.coverage(TipFilter()).total.covered
        for (n, s) in siting.suggestions.enumerated() {
            try CameraStore(database: database).add(Camera(code: "new-\(n)", position: s.position, rangeMeters: 100, kind: .cctv))
        }
        let after = try CameraService(database: database).coverage(TipFilter()).total.covered
        let credited = siting.suggestions.map(\.tips).reduce(0, +)
        #expect(abs(after - before - credited) <= 2, "positions are rounded to 1e-7°: a tip on a view's edge may flip")
        let directional = try service.suggestCameras(TipFilter(), parameters: SitingParameters(count: 2, fieldOfViewDegrees: 90, candidates: .hotspots))
        #expect(directional.suggestions.allSatisfy { $0.headingDegrees != nil })
        for bad in [SitingParameters(count: 0), SitingParameters(rangeMeters: -1), SitingParameters(fieldOfViewDegrees: 400)] {
            #expect(throws: GeoIncidentsError.self) { try service.suggestCameras(TipFilter(), parameters: bad) }
        }
    }
}
