import Foundation
import GeoIncidents
import GeoIncidentsDemo
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import MapServer
import TestScratch

/// A demo database (the demo province, 600 demo tips) behind the real router, with tokens for
/// every role and one commune-scoped analyst token.
struct ServerFixture {
    let database: GeoDatabase
    var server: ServerContext
    let analyst: String
    let commander: String
    let intake: String
    let scopedAnalyst: String
    let scopedCommune = "99001"

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    init(tips: Int = 600) throws {
        let folder = TestScratch.folder("mapserver-tests")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try GeoDatabase.open(path: folder + "/test.sqlite", readers: 2)
        let regions = RegionStore(database: database)
        for (file, level) in [("province", AdminLevel.province), ("communes", .commune), ("neighbourhoods", .neighbourhood)] {
            _ = try regions.importFile("\(Self.repositoryRoot)/regions/demo/\(file).geojson", options: RegionImportOptions(level: level))
        }
        let csv = folder + "/tips.csv"
        try DemoTips.csv(count: tips, region: DemoRegion.generate()).write(toFile: csv, atomically: true, encoding: .utf8)
        _ = try TipImporter(database: database, index: try regions.boundaryIndex(), options: TipImportOptions()).run(path: csv)
        server = ServerContext(database: database)
        let tokens = TokenStore(database: database)
        analyst = try tokens.create(role: .analyst).secret
        commander = try tokens.create(role: .commander).secret
        intake = try tokens.create(role: .intake).secret
        scopedAnalyst = try tokens.create(role: .analyst, communes: [scopedCommune]).secret
    }

    /// The same data served with another tiles folder.
    func serving(tilesDirectory: String) -> ServerFixture {
        var copy = self
        copy.server = ServerContext(database: database, tilesDirectory: tilesDirectory)
        return copy
    }

    /// Runs `body` against the router (no sockets).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: buildRouter(server: server))
        try await app.test(.router) { client in try await body(client) }
    }
}

extension TestResponse {
    /// The body decoded as a JSON object (key order is not stable, so tests compare values).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
    var text: String { String(buffer: body) }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
