import Foundation
import GeoIncidents
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer
import TestScratch

@Suite("Tiles, packages and the web map over HTTP")
struct TileEndpointTests {
    static let tile = "/tiles/tips/14/13152/7662.mvt"

    @Test("GET /tiles: MVT bytes, roles, and a new tip changes its own tile's ETag but not a far tile's")
    func tiles() async throws {
        let fixture = try ServerFixture(tips: 3_000)
        try await fixture.test { client in
            let etag = try await client.execute(uri: Self.tile, method: .get, headers: bearer(fixture.analyst)) { response -> String in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.mapbox-vector-tile")
                #expect(response.body.readableBytes > 100)
                return try #require(response.headers[.eTag])
            }
            let far = "/tiles/tips/14/13155/7659.mvt"
            let farTag = try await client.execute(uri: far, method: .get, headers: bearer(fixture.analyst)) { try #require($0.headers[.eTag]) }
            try await client.execute(uri: Self.tile, method: .get, headers: bearer(fixture.analyst).merging([.ifNoneMatch: etag])) { #expect($0.status == .notModified) }
            for path in ["/tiles/clusters/14/13152/7662.mvt", "/tiles/cameras/14/13152/7662.mvt"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .unauthorized, "\(path)") }
            }
            try await client.execute(uri: "/tiles/roads/14/13152/7662.mvt", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/tiles/tips/3/9/0.mvt", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/tiles/tips/14/13152/7662.png", method: .get) { #expect($0.status == .notFound) }
            // A tip in the tile: its ETag changes, the far tile's does not.
            try await client.execute(uri: "/tips", method: .post, headers: bearer(fixture.intake), body: json(#"{"lon": 108.995, "lat": 11.55, "category": "criminal"}"#)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: Self.tile, method: .get, headers: bearer(fixture.analyst).merging([.ifNoneMatch: etag])) { #expect($0.status == .ok) }
            try await client.execute(uri: far, method: .get, headers: bearer(fixture.analyst).merging([.ifNoneMatch: farTag])) { #expect($0.status == .notModified) }
        }
    }

    @Test("GET /packages serves an MBTiles package's gzip tiles; force packages need a token; GET /map serves the page and Leaflet")
    func packagesAndMap() async throws {
        let folder = TestScratch.folder("packages")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let base = try ServerFixture(tips: 600)
        let service = TileService(database: base.database)
        let bounds = try #require(RegionStore(database: base.database).region(level: .province, code: "99")?.boundingBox)
        _ = try TilePackage.build(TilePackage.Options(name: "demo", bounds: BoundingBox(minX: bounds[0], minY: bounds[1], maxX: bounds[2], maxY: bounds[3]),
                                                      minZoom: 12, maxZoom: 14, access: .full), service: service, path: folder + "/demo.mbtiles")
        let fixture = base.serving(tilesDirectory: folder)
        try await fixture.test { client in
            try await client.execute(uri: "/packages", method: .get) { response in
                // The public is not told a force package exists.
                #expect((response.object["packages"] as? [[String: Any]])?.isEmpty == true)
            }
            try await client.execute(uri: "/packages", method: .get, headers: bearer(fixture.analyst)) { response in
                let packages = response.object["packages"] as? [[String: Any]] ?? []
                #expect(packages.count == 1 && packages.first?["access"] as? String == "force")
            }
            try await client.execute(uri: "/packages/demo/14/13152/7662.mvt", method: .get) { #expect($0.status == .notFound) }    // not told it exists
            try await client.execute(uri: "/packages/demo/14/13152/7662.mvt", method: .get, headers: bearer(fixture.commander)) { response in
                #expect(response.status == .ok && response.headers[.contentEncoding] == "gzip")
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            }
            try await client.execute(uri: "/packages/demo/3/0/0.mvt", method: .get, headers: bearer(fixture.commander)) { #expect($0.status == .noContent) }
            // The package was built without a commune list: a commune-scoped token may not read it.
            try await client.execute(uri: "/packages/demo/14/13152/7662.mvt", method: .get, headers: bearer(fixture.scopedAnalyst)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/packages/..%2Fsecret/3/0/0.mvt", method: .get, headers: bearer(fixture.commander)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/map", method: .get) { response in
                #expect(response.status == .ok && response.text.contains("/map/leaflet/leaflet.js") && !response.text.contains("unpkg") && !response.text.contains("cdn"))
            }
            try await client.execute(uri: "/map/map.js", method: .get) { #expect($0.status == .ok && $0.text.contains("Authorization")) }
            try await client.execute(uri: "/map/leaflet/../../../etc/passwd", method: .get) { #expect($0.status == .notFound) }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields { var copy = self; copy.append(contentsOf: other); return copy }
}
