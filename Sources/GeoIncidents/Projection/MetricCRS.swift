/// The projected CRS in metres that an analysis works in when the caller names none.
enum MetricCRS {
    /// The UTM zone of the median tip longitude (robust to a few far-off tips such as
    /// Trường Sa), or of the study area's centre when there are no tips.
    static func around(_ lonLat: [Coordinate], studyArea: () throws -> [[[Coordinate]]]? = { nil }) throws -> String {
        var sample: [Coordinate] = []
        let step = max(1, lonLat.count / 10_001)
        for i in stride(from: 0, to: lonLat.count, by: step) where lonLat[i].isValidLonLat { sample.append(lonLat[i]) }
        if sample.isEmpty, let studyArea = try studyArea() {
            var box = BoundingBox.empty
            for polygon in studyArea { for ring in polygon { for c in ring { box.expand(c) } } }
            if !box.isEmpty { sample.append(box.center) }
        }
        guard !sample.isEmpty else { throw GeoIncidentsError.invalidInput("no tips and no study area: nothing to grid") }
        let lons = sample.map(\.x).sorted(), lats = sample.map(\.y).sorted()
        return Projector.utmCRS(longitude: lons[lons.count / 2], latitude: lats[lats.count / 2])
    }
}
