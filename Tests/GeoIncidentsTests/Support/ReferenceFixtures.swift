import Foundation
@testable import GeoIncidents

/// Readers for the reference numbers under Fixtures/hotspots (see its README for how each
/// file was produced).
enum ReferenceFixtures {
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("hotspots/" + name)))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func jsonArray(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixture("hotspots/" + name)))
        return try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
    }

    /// CSV rows as dictionaries (no quoting in these files); `name` under Fixtures/hotspots
    /// unless it names another folder.
    static func csv(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: TestSupport.fixture(name.contains("/") ? name : "hotspots/" + name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// Columbus neighbour lists (`columbus_queen.csv` / `columbus_rook.csv`).
    static func columbusWeights(_ kind: String) throws -> SpatialWeights {
        let rows = try csv("columbus_\(kind).csv")
        return SpatialWeights(neighbourLists: rows.map { row in (row["neighbors"] ?? "").split(separator: " ").compactMap { Int($0) } })
    }

    static func doubles(_ value: Any?) -> [Double] {
        (value as? [Any] ?? []).map { ($0 as? Double) ?? Double(($0 as? Int) ?? 0) }
    }

    static func tips10k() throws -> [Coordinate] {
        let text = try String(contentsOfFile: TestSupport.fixture("hotspots/w2_tips_10k.csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let parts = line.split(separator: ",")
            return Coordinate(x: Double(parts[0])!, y: Double(parts[1])!)
        }
    }
}
