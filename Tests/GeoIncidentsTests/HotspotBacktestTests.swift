import Foundation
import Testing
@testable import GeoIncidents

/// `hotspots evaluate` on real police data (../shared/data): San Francisco (3 weeks of July
/// 2017) and the Chicago 25k sample (2017–2019). The numbers are printed for the closing note;
/// the assertions are what a hotspot map must at least do on real crime.
@Suite("Hotspot backtests on real crime data", .enabled(if: TestSupport.hasSharedData))
struct HotspotBacktestTests {
    /// Reads (lon, lat, time) columns of a CSV; times are local wall-clock times (the offset
    /// does not matter for a train/test split on the same clock).
    static func read(_ path: String, lon: String, lat: String, time: (CSVReader, [String: Int]) -> Timestamp?) throws -> TipPoints {
        let reader = try CSVReader(path: path)
        _ = try reader.next()
        var columns: [String: Int] = [:]
        for i in 0..<reader.fieldCount { columns[reader.string(i)] = i }
        var points = TipPoints()
        while try reader.next() {
            guard let x = Double(reader.string(columns[lon]!)), let y = Double(reader.string(columns[lat]!)),
                  let t = time(reader, columns), Coordinate(x: x, y: y).isValidLonLat, x != 0 else { continue }
            points.coordinates.append(Coordinate(x: x, y: y))
            points.times.append(t.secondsSinceEpoch)
            points.categories.append(.criminal)
        }
        return points
    }

    static func studyArea(_ tips: TipPoints) -> [MultiPolygon] {
        var box = BoundingBox.empty
        for c in tips.coordinates { box.expand(c) }
        return [Hotspots.rectangle(box)]
    }

    static func report(_ name: String, _ result: HotspotEvaluation) {
        print("\(name): \(result.studyCells) cells in \(result.crs), \(result.trainTips) training / \(result.testTips) test tips")
        for row in result.rows {
            print(String(format: "  %@ %4.1f%%: cells %d, hit rate %.4f, PAI %.3f, PEI %.3f", row.method.rawValue, row.coverage, row.cells, row.hitRate, row.pai, row.pei))
        }
    }

    static func check(_ result: HotspotEvaluation) {
        for row in result.rows {
            #expect(row.pai > 1, "\(row.method) at \(row.coverage) % must beat a random map (PAI 1)")
            #expect(row.pei > 0 && row.pei <= 1)
            #expect(abs(row.pai - row.hitRate / (Double(row.cells) / Double(result.studyCells))) < 1e-9)
        }
        // More area never captures fewer tips.
        for method in HotspotMethod.allCases {
            let rows = result.rows.filter { $0.method == method }
            #expect(rows.map(\.testTipsCaptured) == rows.map(\.testTipsCaptured).sorted())
        }
    }

    @Test("San Francisco, July 2017: train to the 25th, test the last week")
    func sanFrancisco() throws {
        let path = TestSupport.sharedData + "/crime-sf-2017-07/sf_incidents_2017-07-11_to_31.csv"
        let tips = try Self.read(path, lon: "X", lat: "Y") { reader, columns in
            let date = reader.string(columns["Date"]!).split(separator: "/")  // MM/DD/YYYY
            guard date.count == 3 else { return nil }
            return Timestamp.parse("\(date[2])-\(date[0])-\(date[1])T\(reader.string(columns["Time"]!))")
        }
        #expect(tips.count == 8_964)
        let result = try Hotspots.evaluate(tips, studyArea: Self.studyArea(tips), trainUntil: Timestamp.parse("2017-07-25")!,
                                           testUntil: Timestamp.parse("2017-08-01")!, coverages: [1, 5])
        #expect(result.crs == "EPSG:32610")
        Self.report("San Francisco", result)
        Self.check(result)
    }

    @Test("Chicago sample: train on 2017-2018, test on 2019")
    func chicago() throws {
        let path = TestSupport.sharedData + "/crime-chicago-2017-2019-sample/chicago_crimes_sample_25k.csv"
        let tips = try Self.read(path, lon: "longitude", lat: "latitude") { reader, columns in Timestamp.parse(reader.string(columns["date_iso"]!)) }
        #expect(tips.count > 24_000)
        let result = try Hotspots.evaluate(tips, studyArea: Self.studyArea(tips), trainUntil: Timestamp.parse("2019-01-01")!,
                                           testUntil: Timestamp.parse("2020-01-01")!, coverages: [1, 5])
        #expect(result.crs == "EPSG:32616")
        Self.report("Chicago", result)
        Self.check(result)
    }
}
