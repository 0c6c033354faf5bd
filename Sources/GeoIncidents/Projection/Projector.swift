import CSpatiaLite

/// A PROJ transformation from WGS84 lon/lat (EPSG:4326) to a projected CRS in metres.
///
/// Not thread-safe (a PROJ object is not): make one per thread, or keep it inside one
/// serial context. Axis order is normalised for visualisation: (lon, lat) in, (x, y) out.
final class Projector {
    private let context: OpaquePointer?
    private let transformation: OpaquePointer
    /// The target CRS, e.g. `EPSG:32648`.
    let targetCRS: String

    init(targetCRS: String) throws {
        let context = proj_context_create()
        proj_log_level(context, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(context, "EPSG:4326", targetCRS, nil) else {
            proj_context_destroy(context)
            throw GeoIncidentsError(.projection, "unknown or unusable CRS \(targetCRS): PROJ cannot transform EPSG:4326 to it")
        }
        guard let normalized = proj_normalize_for_visualization(context, raw) else {
            proj_destroy(raw)
            proj_context_destroy(context)
            throw GeoIncidentsError(.projection, "PROJ cannot normalise the axis order of \(targetCRS)")
        }
        proj_destroy(raw)
        self.context = context
        self.transformation = normalized
        self.targetCRS = targetCRS
    }

    deinit {
        proj_destroy(transformation)
        proj_context_destroy(context)
    }

    /// Projects lon/lat coordinates in place. Points PROJ cannot project become infinite.
    func forward(_ coordinates: inout [Coordinate]) {
        transform(&coordinates, direction: PJ_FWD)
    }

    private func transform(_ coordinates: inout [Coordinate], direction: PJ_DIRECTION) {
        guard !coordinates.isEmpty else { return }
        let count = coordinates.count
        let stride = MemoryLayout<Coordinate>.stride
        coordinates.withUnsafeMutableBytes { bytes in
            let x = bytes.baseAddress!.assumingMemoryBound(to: Double.self)
            let y = (bytes.baseAddress! + MemoryLayout<Double>.size).assumingMemoryBound(to: Double.self)
            _ = proj_trans_generic(transformation, direction, x, stride, count, y, stride, count, nil, 0, 0, nil, 0, 0)
        }
    }

    /// Projects one coordinate.
    func forward(_ coordinate: Coordinate) -> Coordinate {
        var one = [coordinate]
        forward(&one)
        return one[0]
    }

    /// The UTM zone CRS (northern hemisphere for latitude ≥ 0) whose zone contains `longitude`.
    static func utmCRS(longitude: Double, latitude: Double) -> String {
        let zone = max(1, min(60, Int(((longitude + 180) / 6).rounded(.down)) + 1))
        return latitude >= 0 ? "EPSG:\(32600 + zone)" : "EPSG:\(32700 + zone)"
    }
}
