import Foundation
import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 21: tile metadata a client reads instead of hand-writing sources — TileJSON, GDAL's
/// metadata.json, OGC API - Tiles, a MapLibre style — all from one layer definition.
@Suite("Tile metadata and styles")
struct TileMetadataTests {
    @Test("TileJSON 3.0.0 per layer: the tile template, zooms, bounds of the communes, the layer's fields; force layers need a token")
    func tileJSON() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            try await client.execute(uri: "/tiles/hotspots/tilejson.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.object["tilejson"] as? String == "3.0.0")
                #expect((response.object["tiles"] as? [String])?.first?.hasSuffix("/tiles/hotspots/{z}/{x}/{y}.mvt") == true)
                #expect(response.object["minzoom"] as? Int == 11)
                let bounds = response.object["bounds"] as? [Double] ?? []
                #expect(bounds.count == 4 && bounds[0] > 108 && bounds[2] < 110)
                let layer = (response.object["vector_layers"] as? [[String: Any]])?.first
                #expect(layer?["id"] as? String == "hotspots" && (layer?["fields"] as? [String: String])?["bin"] == "Number")
            }
            try await client.execute(uri: "/tiles/cameras/tilejson.json", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/tiles/cameras/tilejson.json", method: .get, headers: bearer(fixture.intake)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/tiles/cameras/tilejson.json", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/tiles/rivers/tilejson.json", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/tiles/communes/metadata.json", method: .get) { response in
                #expect(response.object["format"] as? String == "pbf" && response.object["minzoom"] as? String == "6")
                let json = (response.object["json"] as? String).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                #expect(((json?["vector_layers"] as? [[String: Any]])?.first?["id"] as? String) == "communes")
            }
        }
    }

    @Test("tile URLs take the filters of /hotspots and the tips collection (analysts, commanders); public tiles take none")
    func filteredTiles() async throws {
        let fixture = try ServerFixture(tips: 600)
        try await fixture.test { client in
            let path = "/tiles/tips/11/1644/957.mvt"
            let all = try await client.execute(uri: path, method: .get, headers: bearer(fixture.analyst)) { ($0.status, $0.body.readableBytes, $0.headers[.eTag]) }
            let fire = try await client.execute(uri: path + "?category=fire", method: .get, headers: bearer(fixture.analyst)) { ($0.status, $0.body.readableBytes, $0.headers[.eTag]) }
            #expect(all.0 == .ok && fire.0 == .ok)
            #expect(all.1 > 0 && fire.1 < all.1 && fire.2 != all.2, "a filtered tile is another tile: \(all) \(fire)")
            let early = try await client.execute(uri: path + "?datetime=2001-01-01T00:00:00Z/2001-02-01T00:00:00Z", method: .get, headers: bearer(fixture.analyst)) { $0.body.readableBytes }
            #expect(early < all.1)
            try await client.execute(uri: path + "?category=fire", method: .get) { #expect($0.status == .badRequest) }
            // An empty selection is an empty tile, on every layer.
            for layer in ["tips", "hotspots", "clusters"] {
                try await client.execute(uri: "/tiles/\(layer)/12/3289/1914.mvt?since=2001-01-01&until=2001-02-01", method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .ok && response.body.readableBytes == 0, "\(layer): \(response.status) \(response.text.prefix(120))")
                }
            }
            // A token scoped to two communes gets the commune it names, not its whole scope.
            let (pair, _) = try TokenStore(database: fixture.database).create(role: .analyst, communes: ["99009", "99010"])
            let first = try await client.execute(uri: path + "?commune=99009", method: .get, headers: bearer(pair)) { Array($0.body.readableBytesView) }
            let second = try await client.execute(uri: path + "?commune=99010", method: .get, headers: bearer(pair)) { Array($0.body.readableBytesView) }
            let both = try await client.execute(uri: path, method: .get, headers: bearer(pair)) { Array($0.body.readableBytesView) }
            #expect(first != second && first != both)
            try await client.execute(uri: path + "?colour=red", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .badRequest) }
        }
    }

    @Test("OGC API - Tiles: the tilesets the caller may read, a tileset with its URL template, WebMercatorQuad; declared in /conformance")
    func ogcTiles() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            let ids = { (response: TestResponse) in (response.object["tilesets"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String } }
            try await client.execute(uri: "/tiles", method: .get) { #expect(ids($0) == ["all", "communes", "tips", "hotspots"]) }
            try await client.execute(uri: "/tiles", method: .get, headers: bearer(fixture.analyst)) { #expect(ids($0) == ["all", "communes", "tips", "incidents", "hotspots", "clusters", "cameras"]) }
            try await client.execute(uri: "/tiles/all", method: .get) { response in
                #expect((response.object["layers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == ["communes", "tips", "hotspots"])
            }
            try await client.execute(uri: "/tiles/tips", method: .get) { response in
                let links = response.object["links"] as? [[String: Any]] ?? []
                let item = links.first { $0["rel"] as? String == "item" }
                #expect((item?["href"] as? String)?.hasSuffix("/tiles/tips/{tileMatrix}/{tileCol}/{tileRow}.mvt") == true && item?["templated"] as? Bool == true)
                #expect(response.object["tileMatrixSetURI"] as? String == "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad")
                #expect((response.object["layers"] as? [[String: Any]])?.first?["id"] as? String == "tips")
            }
            try await client.execute(uri: "/tileMatrixSets/WebMercatorQuad", method: .get) { response in
                let matrices = response.object["tileMatrices"] as? [[String: Any]] ?? []
                #expect(matrices.count == 23 && matrices[1]["matrixWidth"] as? Int == 2)
            }
            try await client.execute(uri: "/conformance", method: .get) { response in
                #expect((response.object["conformsTo"] as? [String])?.contains("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt") == true)
            }
        }
    }

    @Test("the combined tileset: one tile with every layer the caller may read, the single layers' tiles end to end; its TileJSON lists them all")
    func combinedTileset() async throws {
        let fixture = try ServerFixture(tips: 600)
        try await fixture.test { client in
            let tile = "11/1644/957.mvt"
            for (headers, layers) in [(HTTPFields(), ["communes", "tips", "hotspots"]), (bearer(fixture.analyst), ["communes", "tips", "incidents", "hotspots", "clusters", "cameras"])] {
                var parts: [UInt8] = []
                for layer in layers {
                    parts += try await client.execute(uri: "/tiles/\(layer)/\(tile)", method: .get, headers: headers) { Array($0.body.readableBytesView) }
                }
                let combined = try await client.execute(uri: "/tiles/all/\(tile)", method: .get, headers: headers) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == TilesController.contentType && response.headers[.eTag] != nil)
                    return Array(response.body.readableBytesView)
                }
                #expect(combined == parts && !combined.isEmpty, "the combined tile is the readable layers' tiles, in order")
                try await client.execute(uri: "/tiles/all/tilejson.json", method: .get, headers: headers) { response in
                    #expect((response.object["tiles"] as? [String])?.first?.hasSuffix("/tiles/all/{z}/{x}/{y}.mvt") == true)
                    #expect((response.object["vector_layers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == ["communes", "commune_labels"] + layers.dropFirst())
                    #expect(response.object["minzoom"] as? Int == layers.compactMap { TileLayer(rawValue: $0)?.minZoom }.min())
                }
            }
            // The public's combined tile never carries the force layers, and takes no filter.
            try await client.execute(uri: "/tiles/all/\(tile)?category=fire", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/tiles/all/\(tile)?category=fire", method: .get, headers: bearer(fixture.analyst)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/tiles/everything/\(tile)", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("glyphs for the style's labels: Vietnamese letters in DejaVu Sans, empty sets for other ranges, bad ranges refused")
    func glyphs() async throws {
        let fixture = try ServerFixture(tips: 0)
        try await fixture.test { client in
            // 'ứ' (U+1EE9) is in 7680-7935; Ư (U+01AF) in 256-511.
            for (range, code) in [("7680-7935", 0x1EE9), ("256-511", 0x01AF), ("0-255", 0x4B)] {
                try await client.execute(uri: "/fonts/DejaVu%20Sans%20Book/\(range).pbf", method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "application/x-protobuf")
                    #expect(GlyphFile.ids(Array(response.body.readableBytesView)).contains(code), "\(range) has U+\(String(code, radix: 16))")
                }
            }
            try await client.execute(uri: "/fonts/Open%20Sans%20Regular,Arial%20Unicode%20MS%20Regular/65280-65535.pbf", method: .get) { response in
                #expect(response.status == .ok && GlyphFile.ids(Array(response.body.readableBytesView)).isEmpty && response.body.readableBytes > 0)
            }
            for bad in ["0-256.pbf", "1-256.pbf", "-256--1.pbf", "0-255.png", "9223372036854775807-0.pbf", "1114112-1114367.pbf", "%00.pbf"] {
                try await client.execute(uri: "/fonts/DejaVu%20Sans%20Book/\(bad)", method: .get) { #expect($0.status == .notFound, "\(bad)") }
            }
        }
    }

    @Test("the MapLibre style: one source (the combined tileset through its TileJSON), the Gi* bins in the web map's colours, commune labels")
    func style() async throws {
        let fixture = try ServerFixture(tips: 20)
        try await fixture.test { client in
            try await client.execute(uri: "/styles/map.json", method: .get) { response in
                #expect(response.object["version"] as? Int == 8)
                let sources = response.object["sources"] as? [String: [String: Any]] ?? [:]
                #expect(Set(sources.keys) == ["geoincidents"])
                #expect((sources["geoincidents"]?["url"] as? String)?.hasSuffix("/tiles/all/tilejson.json") == true)
                #expect((response.object["glyphs"] as? String)?.hasSuffix("/fonts/{fontstack}/{range}.pbf") == true)
                let layers = response.object["layers"] as? [[String: Any]] ?? []
                let label = layers.first { $0["id"] as? String == "communes-label" }
                #expect(label?["type"] as? String == "symbol" && label?["source-layer"] as? String == "commune_labels")
                for (bin, expected) in TileLayer.hotspotBinColours {
                    let hot = layers.first { $0["id"] as? String == "hotspots-bin\(bin)" }
                    #expect((hot?["paint"] as? [String: Any])?["fill-color"] as? String == expected, "bin \(bin)")
                }
                #expect(!layers.contains { $0["source-layer"] as? String == "cameras" })
            }
            try await client.execute(uri: "/styles/map.json", method: .get, headers: bearer(fixture.commander)) { response in
                #expect((response.object["layers"] as? [[String: Any]] ?? []).contains { $0["source-layer"] as? String == "cameras" })
            }
            // The web map draws the same bins with the same colours.
            try await client.execute(uri: "/map/map.js", method: .get) { response in
                for (_, colour) in TileLayer.hotspotBinColours { #expect(response.text.contains(colour)) }
            }
        }
    }
}

/// Reads the glyph ids of a glyphs.proto file (glyphs { stacks { glyphs { id } } }).
enum GlyphFile {
    static func ids(_ bytes: [UInt8]) -> [Int] {
        var ids: [Int] = []
        for (field, stack) in fields(bytes[...]) where field == 1 {
            for (field, glyph) in fields(stack) where field == 3 {
                if let id = fields(glyph).first(where: { $0.0 == 1 }) { ids.append(varint(id.1)) }
            }
        }
        return ids
    }

    /// (field, payload) pairs; a varint field's payload is its varint bytes.
    private static func fields(_ bytes: ArraySlice<UInt8>) -> [(Int, ArraySlice<UInt8>)] {
        var out: [(Int, ArraySlice<UInt8>)] = []
        var i = bytes.startIndex
        func read() -> Int {
            var value = 0, shift = 0
            while i < bytes.endIndex { let b = bytes[i]; i += 1; value |= Int(b & 0x7F) << shift; shift += 7; if b < 0x80 { break } }
            return value
        }
        while i < bytes.endIndex {
            let key = read()
            if key & 7 == 0 {
                let start = i
                _ = read()
                out.append((key >> 3, bytes[start..<i]))
            } else if key & 7 == 2 {
                let count = read()
                guard count >= 0, i + count <= bytes.endIndex else { break }
                out.append((key >> 3, bytes[i..<(i + count)]))
                i += count
            } else { break }
        }
        return out
    }

    private static func varint(_ bytes: ArraySlice<UInt8>) -> Int {
        var value = 0, shift = 0
        for b in bytes { value |= Int(b & 0x7F) << shift; shift += 7 }
        return value
    }
}
