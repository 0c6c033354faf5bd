import Foundation
import Testing
@testable import GeoIncidents

/// Tests on Vietnam's real 2025 communes in ../shared/data (not copied into the project).
@Suite("Real 2025 communes", .serialized)
struct RealDataTests {
    /// One database with all 3,321 communes, shared by the tests of this suite.
    static let database: Result<GeoDatabase, any Error> = Result {
        let database = try TestSupport.freshDatabase()
        let regions = RegionStore(database: database)
        _ = try regions.importFile(TestSupport.sharedData + "/vn-admin-2025/provinces_2025.geojson", options: RegionImportOptions(level: .province))
        _ = try regions.importFile(TestSupport.sharedData + "/vn-admin-2025/communes_2025.geojson", options: RegionImportOptions(level: .commune))
        return database
    }

    @Test("all 3,321 communes import; at least 3,298 official centroids land in their own commune (GEOS: 3,298)",
          .enabled(if: TestSupport.hasSharedData, "../shared/data is absent: real-data tests skipped"))
    func centroids() throws {
        let database = try Self.database.get()
        let regions = RegionStore(database: database)
        #expect(try regions.counts()[.commune] == 3_321)
        #expect(try regions.counts()[.province] == 34)
        let text = try String(contentsOfFile: TestSupport.sharedData + "/vn-admin-codes/units_2025.csv", encoding: .utf8)
        var codes: [String] = []
        var points: [Coordinate] = []
        var header: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if header.isEmpty { header = fields; continue }
            let code = fields[header.firstIndex(of: "ward_code")!]
            guard let lat = Double(fields[header.firstIndex(of: "lat")!]), let lon = Double(fields[header.firstIndex(of: "lon")!]) else { continue }
            codes.append(code)
            points.append(Coordinate(x: lon, y: lat))
        }
        #expect(points.count == 3_321)
        let index = try regions.boundaryIndex(snapToleranceMeters: 0)
        let assignments = try index.assign(points)
        let own = zip(codes, assignments).filter { $0.0 == $0.1.communeCode }.count
        #expect(own >= 3_298)
        // Every commune also names its province (the commune's parent code).
        #expect(assignments.allSatisfy { $0.communeCode == nil || $0.provinceCode != nil })
    }

    @Test("overlapping real communes: a point in both goes to the deeper one, and the check reports the overlaps",
          .enabled(if: TestSupport.hasSharedData, "../shared/data is absent: real-data tests skipped"))
    func overlapsInOneProvince() throws {
        let database = try Self.database.get()
        // Province 56 (Khánh Hòa) only, to keep the check quick.
        let problems = try RegionCheck(database: database).run(level: .commune, parentCode: "56", minimumArea: 100)
        let overlaps = problems.filter { $0.kind == .overlap }
        #expect(!overlaps.isEmpty)
        let index = try RegionStore(database: database).boundaryIndex(snapToleranceMeters: 0)
        for overlap in overlaps.prefix(20) {
            guard let p = overlap.location else { continue }
            let a = try index.assign(p)
            #expect(a.communeCode.map(overlap.codes.contains) == true)
        }
    }

    @Test("diacritic-insensitive search on the real names",
          .enabled(if: TestSupport.hasSharedData, "../shared/data is absent: real-data tests skipped"))
    func search() throws {
        let regions = RegionStore(database: try Self.database.get())
        #expect(try regions.find("khanh hoi", level: .commune).contains { $0.name == "Khánh Hội" })
        #expect(try regions.find("KHANH HOA", level: .province).first?.code == "56")
        #expect(try regions.find("ha noi", level: .province).first?.code == "01")
        #expect(try regions.find("Hà Nội", level: .province).first?.code == "01")
    }

    @Test("contiguity of the real communes of Hồ Chí Minh City bridges the border slivers (50 m) without inventing far neighbours",
          .enabled(if: TestSupport.hasSharedData, "../shared/data is absent: real-data tests skipped"))
    func tolerantContiguity() throws {
        let database = try Self.database.get()
        let units = try database.reader.sync { try RegionStore(database: database).loadAreas(level: .commune, connection: $0) }
            .filter { $0.parent == "79" }
        let projector = try Projector(targetCRS: "EPSG:32648")
        let rings = units.map { unit in unit.area.polygons.map { $0.rings.map { ring -> [Coordinate] in var r = ring; projector.forward(&r); return r } } }
        let exact = PolygonContiguity.neighbours(rings, tolerance: 0)
        let tolerant = PolygonContiguity.neighbours(rings, tolerance: 50)
        var exactPairs = Set<[Int]>(), tolerantPairs = Set<[Int]>()
        for i in 0..<units.count {
            for j in exact.neighbours(of: i) { exactPairs.insert([i, Int(j)]) }
            for j in tolerant.neighbours(of: i) { tolerantPairs.insert([i, Int(j)]) }
        }
        #expect(exactPairs.isSubset(of: tolerantPairs))
        #expect(tolerantPairs.count > exactPairs.count, "the 50 m tolerance must find pairs the slivers hide")
        // Symmetric, and no commune gets an implausible number of neighbours.
        #expect(tolerantPairs.allSatisfy { tolerantPairs.contains([$0[1], $0[0]]) })
        #expect((0..<units.count).allSatisfy { tolerant.cardinality($0) <= 20 })
        // Only island communes (Trường Sa and the like) stay without neighbours.
        let isolated = tolerant.islands.map { units[$0].code }
        #expect(isolated.count <= 3, "isolated: \(isolated)")
        print("Hồ Chí Minh City: \(units.count) communes, \(exactPairs.count / 2) touching pairs, \(tolerantPairs.count / 2) within 50 m, isolated \(isolated)")
    }

    @Test("shared borders of Hồ Chí Minh City's communes: every pair GEOS finds clearly adjacent, once, and no phantom pairs",
          .enabled(if: TestSupport.hasSharedData, "../shared/data is absent: real-data tests skipped"))
    func sharedBorders() throws {
        let database = try Self.database.get()
        let borders = try RegionStore(database: database).sharedBorders(level: .commune, parentCode: "79", toleranceMeters: 50, minimumLengthMeters: 100)
        let ours = Dictionary(uniqueKeysWithValues: borders.map { ("\($0.codeA)|\($0.codeB)", $0.lengthMeters) })
        #expect(ours.count == borders.count, "each pair once")
        // Independent reference: the length of B's boundary within 50 m of A's boundary (GEOS).
        let reference: [String: Double] = try database.writer.sync { connection in
            try connection.execute("CREATE TEMP TABLE hcm AS SELECT code, ST_Transform(geom, 32648) AS g FROM regions WHERE level = 'commune' AND parent_code = '79' AND valid_to IS NULL")
            defer { try? connection.execute("DROP TABLE temp.hcm") }
            var lengths: [String: Double] = [:]
            let statement = try connection.prepare("""
                SELECT a.code, b.code, ST_Length(ST_Intersection(ST_Buffer(ST_Boundary(a.g), 50), ST_Boundary(b.g)))
                FROM hcm a JOIN hcm b ON a.code < b.code AND MbrIntersects(ST_Buffer(a.g, 60), b.g)
                """)
            try statement.forEachRow { row in
                let (a, b) = (row.text(0), row.text(1))
                let key = CodeOrder.isSmaller(a, b) ? "\(a)|\(b)" : "\(b)|\(a)"
                lengths[key] = max(lengths[key] ?? 0, row.isNull(2) ? 0 : row.double(2))
            }
            return lengths
        }
        let clear = reference.filter { $0.value >= 300 }.map(\.key)
        // Clearly adjacent: ≥ 300 m of B's boundary within 50 m of A's. Pairs between 50 and
        // 300 m are the documented tolerance band (corners, slivers): either answer is right.
        let missing = clear.filter { ours[$0] == nil }
        #expect(missing.isEmpty, "clearly adjacent pairs missed: \(missing.count) of \(clear.count): \(missing.prefix(5))")
        let phantom = ours.keys.filter { (reference[$0] ?? 0) < 50 }
        #expect(phantom.isEmpty, "pairs without a shared border in GEOS: \(phantom.prefix(5))")
        // Lengths agree with GEOS within 15 % where the border is long.
        let long = ours.filter { $0.value >= 1_000 }
        let close = long.filter { abs($0.value - (reference[$0.key] ?? 0)) <= 0.15 * $0.value }
        #expect(close.count == long.count, "\(close.count) of \(long.count) long borders within 15 % of GEOS")
        print("Hồ Chí Minh City borders: \(borders.count) pairs, \(clear.count) clearly adjacent in GEOS, \(missing.count) of them missed, \(close.count)/\(long.count) long ones within 15 %")
    }
}
