import Foundation
import GeoIncidents

/// Deterministic demo cameras over ``DemoRegion``, as CSV that `geoq cameras import` reads.
///
/// The camera centre of Khánh Hải (99001) watches its main road: ten cameras every 250 m
/// along the commune's west–east centre line, looking alternately up and down the road.
/// Four more watch the hotspot in neighbourhood 9900105, and three the four-commune
/// junction of hotspot 1; one of those is offline. Two omnidirectional traffic cameras
/// have no recorded direction. The other hotspots have no camera: they are the gaps.
public enum DemoCameras {
    static let header = "id,lon,lat,heading,field_of_view,range_m,status,kind,owner,installed"

    /// The cameras as CSV (LF line ends, 7-decimal coordinates); the same on every run.
    public static func csv(region: DemoRegion.Layers) -> String {
        let places = DemoTips.Places(region)
        var rows: [String] = [header]
        func add(_ id: String, _ c: Coordinate, heading: Double?, fov: Double?, range: Double, status: String = "active", kind: String = "cctv", owner: String) {
            let p = DemoRegion.Lattice.rounded(c.x, c.y)
            rows.append([id, String(format: "%.7f", p.x), String(format: "%.7f", p.y), heading.map { String(format: "%.0f", $0) } ?? "",
                         fov.map { String(format: "%.0f", $0) } ?? "", String(format: "%.0f", range), status, kind, owner, "2024-09-02"].joined(separator: ","))
        }
        let metresPerDegree = DemoTips.metresPerDegree
        func offset(_ c: Coordinate, east: Double, north: Double) -> Coordinate {
            Coordinate(x: c.x + east / (metresPerDegree * cos(c.y * Double.pi / 180)), y: c.y + north / metresPerDegree)
        }
        let road = region.communes.first { $0.code == "99001" }!.area.boundingBox
        let start = Coordinate(x: road.minX, y: road.center.y)
        for k in 0..<10 {
            add("KH-\(String(format: "%02d", k + 1))", offset(start, east: 300 + Double(k) * 250, north: 0), heading: k % 2 == 0 ? 90 : 270, fov: 70, range: 120,
                owner: "Trung tâm camera xã Khánh Hải")
        }
        let market = places.centre(junction: nil, neighbourhood: "9900105")
        for (k, heading) in [0.0, 90, 180, 270].enumerated() {
            add("CH-\(k + 1)", offset(market, east: k % 2 == 0 ? 40 : -40, north: k < 2 ? 40 : -40), heading: heading, fov: 100, range: 90,
                owner: "Công an xã Khánh Hải")
        }
        let junction = places.centre(junction: 5, neighbourhood: nil)
        for (k, heading) in [45.0, 165, 285].enumerated() {
            add("NG-\(k + 1)", offset(junction, east: [0, 60, -60][k], north: [60, -40, -40][k]), heading: heading, fov: 90, range: 110,
                status: k == 2 ? "offline" : "active", owner: "Công an các xã giáp ranh")
        }
        add("GT-1", offset(places.provinceBox.center, east: 0, north: 0), heading: nil, fov: nil, range: 60, kind: "traffic", owner: "Cảnh sát giao thông")
        add("GT-2", offset(places.provinceBox.center, east: 1_500, north: -800), heading: nil, fov: nil, range: 60, kind: "traffic", owner: "Cảnh sát giao thông")
        return rows.joined(separator: "\n") + "\n"
    }
}
