import Foundation
@testable import GeoIncidents
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import MapServer

/// Issue 21: the Basic CQL2-text filter of OGC API - Features Part 3 on the tips collection,
/// checked against the same selection made directly in SQL.
@Suite("CQL2 filter")
struct CQL2FilterTests {
    static func count(_ database: GeoDatabase, _ condition: String) throws -> Int {
        Int(try database.read { try $0.scalarInt("SELECT count(*) FROM tips WHERE \(condition)") } ?? -1)
    }

    @Test("filters select what the same condition selects in SQL; OR, NOT, IN, IS NULL; literals stay literals")
    func selections() async throws {
        let fixture = try ServerFixture(tips: 300)
        let database = fixture.database
        let cases: [(String, String)] = [
            ("category='criminal' AND reported_at > TIMESTAMP('2025-03-01T00:00:00Z')", "category = 'criminal' AND reported_at > '2025-03-01T00:00:00Z'"),
            ("category = 'fire' OR channel = 'hotline'", "category = 'fire' OR channel = 'hotline'"),
            ("NOT (status = 'received') AND commune_code IN ('99001', '99002')", "status <> 'received' AND commune_code IN ('99001', '99002')"),
            ("neighbourhood_code IS NULL", "neighbourhood_code IS NULL"),
            ("reported_at >= DATE('2025-02-01') AND reported_at < DATE('2025-03-01')", "reported_at >= '2025-02-01T00:00:00Z' AND reported_at < '2025-03-01T00:00:00Z'"),
            ("category = 'x'' OR ''1''=''1'", "category = 'x'' OR ''1''=''1'"),
        ]
        try await fixture.test { client in
            for (cql, sql) in cases {
                let expected = try Self.count(database, sql)
                let encoded = cql.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                try await client.execute(uri: "/collections/tips/items?limit=10000&filter-lang=cql2-text&filter=\(encoded)", method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .ok, "\(cql): \(response.text.prefix(200))")
                    #expect(response.object["numberMatched"] as? Int == expected && response.object["numberReturned"] as? Int == expected, "\(cql)")
                }
            }
            // A scoped token stays in its communes whatever the filter says.
            let other = "commune_code = '99002'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/collections/tips/items?filter=\(other)", method: .get, headers: bearer(fixture.scopedAnalyst)) { response in
                #expect(response.status == .ok && response.object["numberMatched"] as? Int == 0)
            }
            for (bad, words) in [("colour = 'red'", "not a queryable"), ("category = ", "expected"), ("category = 'a", "not closed"), ("reported_at > '2025'", "TIMESTAMP"),
                                 ("category = 'a' AND", "expected"), (String(repeating: "(", count: 40) + "category='a'" + String(repeating: ")", count: 40), "nested"),
                                 ("category = 'a'; DROP TABLE tips", "unexpected character")] {
                let encoded = bad.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                try await client.execute(uri: "/collections/tips/items?filter=\(encoded)", method: .get, headers: bearer(fixture.analyst)) { response in
                    #expect(response.status == .badRequest && response.text.contains(words), "\(bad): \(response.text)")
                }
            }
            try await client.execute(uri: "/collections/tips/items?filter=category%3D%27fire%27&filter-lang=cql2-json", method: .get, headers: bearer(fixture.analyst)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/conformance", method: .get) { response in
                #expect((response.object["conformsTo"] as? [String])?.contains("http://www.opengis.net/spec/cql2/1.0/conf/cql2-text") == true)
            }
        }
        #expect(try Self.count(database, "1") == 300)    // the quote attempt did not touch the table
    }

    @Test("long chains stay within SQLite's parser (flat lists, at most 64 comparisons); deep NOTs are refused; '+' is a space as form encoding writes it")
    func limits() async throws {
        let fixture = try ServerFixture(tips: 100)
        try await fixture.test { client in
            func get(_ cql: String, raw: Bool = false) async throws -> (HTTPResponse.Status, Int?) {
                let encoded = raw ? cql : cql.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return try await client.execute(uri: "/collections/tips/items?limit=1&filter=\(encoded)", method: .get, headers: bearer(fixture.analyst)) {
                    ($0.status, $0.object["numberMatched"] as? Int)
                }
            }
            let sixtyFour = Array(repeating: "status='received'", count: 63).joined(separator: " OR ") + " OR category='fire'"
            #expect(try await get(sixtyFour).0 == .ok)
            let received = try Self.count(fixture.database, "status = 'received' OR category = 'fire'")
            #expect(try await get(sixtyFour).1 == received)
            #expect(try await get(Array(repeating: "status='x'", count: 89).joined(separator: " AND ")).0 == .badRequest)
            #expect(try await get(String(repeating: "NOT ", count: 50) + "status='x'").0 == .badRequest)
            // Form encoding: '+' for spaces, %2B for a plus.
            let form = try await get("category%3D%27criminal%27+AND+reported_at+%3E+TIMESTAMP%28%272025-01-01T00%3A00%3A00%2B07%3A00%27%29", raw: true)
            let expected = try Self.count(fixture.database, "category = 'criminal' AND reported_at > '2024-12-31T17:00:00Z'")
            #expect(form.0 == .ok && form.1 == expected)
        }
        try fixture.server.accessLog.flush()
        #expect(try fixture.server.accessLog.recent().contains { $0.detail.contains("filter (category = 'criminal' AND") })
    }
}
