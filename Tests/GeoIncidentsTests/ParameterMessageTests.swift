import Testing
@testable import GeoIncidents

/// Library messages reach HTTP clients (as 400/404 descriptions) as well as geoq users, so
/// they name the parameter in words, never a geoq flag or command.
@Suite("Parameter errors name the parameter, not a geoq flag")
struct ParameterMessageTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test("cluster parameters", arguments: [
        (ClusterParameters(epsMeters: 0), "eps must be a distance from"),
        (ClusterParameters(epsMeters: 20_000), "eps must be at most 10000 metres"),
        (ClusterParameters(minPoints: 0), "min points must be at least 1"),
        (ClusterParameters(borderDistanceMeters: -1), "border distance must be 0…10000 metres"),
    ])
    func clusters(parameters: ClusterParameters, expected: String) {
        let text = message { try parameters.validate() }
        #expect(text.hasPrefix(expected))
        #expect(!text.contains("--"))
    }

    @Test("siting parameters", arguments: [
        (SitingParameters(count: 0), "count must be 1…500"),
        (SitingParameters(rangeMeters: 0), "range must be more than 0"),
        (SitingParameters(rangeMeters: 1e-300), "range must be more than 0"),  // its site grid overflowed: a trap
        (SitingParameters(rangeMeters: 0.5), "range must be more than 0"),
        (SitingParameters(fieldOfViewDegrees: 400), "field of view must be more than 0"),
        ({ var p = SitingParameters(); p.halfLifeDays = 0; return p }(), "half-life must be a positive number of days"),
    ])
    func siting(parameters: SitingParameters, expected: String) {
        let text = message { try parameters.validate() }
        #expect(text.hasPrefix(expected))
        #expect(!text.contains("--"))
    }

    @Test("the nearest-border search names the border distance")
    func nearestBorderSearch() {
        var parameters = ClusterParameters(borderDistanceMeters: 500)
        parameters.nearestBorderSearchMeters = 100
        #expect(message { try parameters.validate() } == "the nearest-border search must reach at least the border distance")
    }

    @Test("camera imports: the default range")
    func defaultRange() throws {
        let database = try TestSupport.freshDatabase()
        let text = message { _ = try CameraStore(database: database).importFile("/nonexistent.csv", defaultRange: 0) }
        #expect(text.hasPrefix("default range must be more than 0"))
    }
}
