import Foundation
import GeoIncidents
import GeoIncidentsDemo
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer
import TestScratch

@Suite("Cameras and coverage over HTTP")
struct CameraEndpointTests {
    static func fixture() throws -> ServerFixture {
        let fixture = try ServerFixture(tips: 3_000)
        let path = TestScratch.folder("cameras") + "/cameras.csv"
        try DemoCameras.csv(region: DemoRegion.generate()).write(toFile: path, atomically: true, encoding: .utf8)
        _ = try CameraStore(database: fixture.database).importFile(path)
        return fixture
    }

    @Test("the public gets no camera positions; analysts page the cameras collection; scoped tokens see their communes' cameras")
    func collection() async throws {
        let fixture = try Self.fixture()
        try await fixture.test { client in
            for path in ["/collections/cameras/items", "/collections/cameras", "/coverage", "/coverage/gaps", "/cameras/suggest"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized, "\(path)") }
                try await client.execute(uri: path, method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .forbidden, "\(path)") }
            }
            try await client.execute(uri: "/collections", method: .get) { response in
                let ids = (response.object["collections"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(!ids.contains("cameras"))
            }
            // Pages of 5 until every camera is read once.
            var uri: String? = "/collections/cameras/items?limit=5"
            var seen: [String] = []
            while let next = uri {
                uri = try await client.execute(uri: next, method: .get, headers: bearer(fixture.analyst)) { response -> String? in
                    #expect(response.status == .ok)
                    #expect(response.object["numberMatched"] as? Int == 19)
                    seen += (response.object["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    let links = response.object["links"] as? [[String: Any]] ?? []
                    return (links.first { $0["rel"] as? String == "next" }?["href"] as? String).map { URL(string: $0)!.path + "?" + URL(string: $0)!.query! }
                }
            }
            #expect(seen.count == 19 && Set(seen).count == 19)
            try await client.execute(uri: "/collections/cameras/items/GT-1", method: .get, headers: bearer(fixture.commander)) { response in
                #expect((response.object["properties"] as? [String: Any])?["direction_assumed"] as? Bool == true)
            }
            try await client.execute(uri: "/collections/cameras/items?status=offline", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect((response.object["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["NG-3"])
            }
            try await client.execute(uri: "/collections/cameras/items?limit=100", method: .get, headers: bearer(fixture.scopedAnalyst)) { response in
                let communes = (response.object["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["commune"] as? String }
                #expect(!communes.isEmpty && communes.allSatisfy { $0 == fixture.scopedCommune })
            }
        }
    }

    @Test("GET /coverage: sectors plus the library's figures; gaps and suggestions as the library computes them")
    func coverage() async throws {
        let fixture = try Self.fixture()
        let service = CameraService(database: fixture.database)
        // The server counts incidents unless asked for tips (issue 19).
        try IncidentStore(database: fixture.database).catchUp()
        var incidents = TipFilter()
        incidents.unit = .incidents
        let report = try service.coverage(incidents)
        let gaps = try service.coverageGaps(incidents).prefix(5).map(\.id)
        let suggested = try service.suggestCameras(incidents, parameters: SitingParameters(count: 3)).suggestions.map(\.tips)
        let tipsReport = try service.coverage(TipFilter())
        try await fixture.test { client in
            try await client.execute(uri: "/coverage", method: .get, headers: bearer(fixture.analyst)) { response in
                #expect(response.status == .ok)
                #expect((response.object["features"] as? [[String: Any]])?.count == 19)
                let coverage = try #require(response.object["coverage"] as? [String: Any])
                let total = try #require(coverage["total"] as? [String: Any])
                #expect(total["covered"] as? Int == report.total.covered && total["tips"] as? Int == report.total.tips)
                #expect(report.total.tips < 3_000, "corroborating demo reports count once")
            }
            try await client.execute(uri: "/coverage?unit=tips", method: .get, headers: bearer(fixture.analyst)) { response in
                let total = (response.object["coverage"] as? [String: Any])?["total"] as? [String: Any]
                #expect(total?["covered"] as? Int == tipsReport.total.covered && total?["tips"] as? Int == 3_000)
            }
            try await client.execute(uri: "/coverage/gaps?limit=5", method: .get, headers: bearer(fixture.commander)) { response in
                let features = response.object["features"] as? [[String: Any]] ?? []
                #expect(features.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String } == gaps)
            }
            try await client.execute(uri: "/cameras/suggest?count=3", method: .get, headers: bearer(fixture.analyst)) { response in
                let gains = (response.object["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["tips"] as? Int }
                #expect(gains == suggested)
            }
            try await client.execute(uri: "/cameras/suggest?count=0", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/coverage/gaps?max_covered=2", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
        }
    }
}
