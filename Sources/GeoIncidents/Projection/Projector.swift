import CSpatiaLite

/// A PROJ transformation from WGS84 lon/lat (EPSG:4326) to a projected CRS in metres.
///
/// Not thread-safe (a PROJ object is not): make one per thread, or keep it inside one
/// serial context. Axis order is normalised for visualisation: (lon, lat) in, (x, y) out.
final class Projector {
    /// The PROJ library's release ("9.1.1"): results derived from projections and kept
    /// between runs name it, so a PROJ upgrade does not reuse them.
    static let projRelease: String = proj_info().release.map { String(cString: $0) } ?? "unknown"

    private let context: OpaquePointer?
    private let transformation: OpaquePointer
    /// The operation's single projection step when the full operation is exactly
    /// "degrees → radians, then that step" (UTM and other plain projections of WGS84): calling
    /// it on radians we convert ourselves skips PROJ's pipeline overhead (~25 % of the time)
    /// and gives bit-identical results (same DEG_TO_RAD constant, same projection code).
    private let projectionStep: OpaquePointer?
    /// The target CRS, e.g. `EPSG:32648`.
    let targetCRS: String

    init(targetCRS: String) throws {
        let context = proj_context_create()
        proj_log_level(context, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(context, "EPSG:4326", targetCRS, nil) else {
            proj_context_destroy(context)
            // A CRS is named by the caller: a bad one is bad input (400, exit 2), not a failure.
            throw GeoIncidentsError.invalidInput("unknown or unusable CRS \(targetCRS.prefix(120)): PROJ cannot transform EPSG:4326 to it")
        }
        if let problem = Self.notMetric(raw, context: context) {
            proj_destroy(raw)
            proj_context_destroy(context)
            throw GeoIncidentsError.invalidInput("CRS \(targetCRS.prefix(120)) \(problem): metric analyses need a projected CRS in metres (e.g. EPSG:32648)")
        }
        guard let normalized = proj_normalize_for_visualization(context, raw) else {
            proj_destroy(raw)
            proj_context_destroy(context)
            throw GeoIncidentsError.invalidInput("PROJ cannot normalise the axis order of \(targetCRS.prefix(120))")
        }
        proj_destroy(raw)
        self.context = context
        self.transformation = normalized
        self.targetCRS = targetCRS
        self.projectionStep = Self.singleProjectionStep(of: normalized, context: context)
    }

    /// Why the operation's target CRS cannot carry metric work (degrees, feet, micrometres:
    /// a 100 m cell would silently be 100 of those units), or nil when it is projected in metres.
    private static func notMetric(_ operation: OpaquePointer, context: OpaquePointer?) -> String? {
        guard var crs = proj_get_target_crs(context, operation) else { return "has no target CRS" }
        defer { proj_destroy(crs) }
        // A bound CRS (towgs84) wraps the projected one; a compound CRS puts it first.
        for _ in 0..<2 {
            let type = proj_get_type(crs)
            let inner: OpaquePointer?
            if type == PJ_TYPE_BOUND_CRS { inner = proj_get_source_crs(context, crs) }
            else if type == PJ_TYPE_COMPOUND_CRS { inner = proj_crs_get_sub_crs(context, crs, 0) }
            else { break }
            guard let inner else { return "cannot be read" }
            proj_destroy(crs)
            crs = inner
        }
        guard proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS else { return "is not a projected CRS" }
        guard let cs = proj_crs_get_coordinate_system(context, crs) else { return "has no coordinate system" }
        defer { proj_destroy(cs) }
        var factor = 0.0
        guard proj_cs_get_axis_count(context, cs) >= 2,
              proj_cs_get_axis_info(context, cs, 0, nil, nil, nil, &factor, nil, nil, nil) == 1,
              factor == 1 else { return "is not in metres" }
        return nil
    }

    private static func singleProjectionStep(of operation: OpaquePointer, context: OpaquePointer?) -> OpaquePointer? {
        guard let text = proj_as_proj_string(context, operation, PJ_PROJ_5, nil) else { return nil }
        let definition = String(cString: text)
        let prefix = "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step "
        guard definition.hasPrefix(prefix) else { return nil }
        let step = String(definition.dropFirst(prefix.count))
        guard !step.contains("+step"), !step.contains("+inv"), step.hasPrefix("+proj=") else { return nil }
        return proj_create(context, step)
    }

    deinit {
        if let projectionStep { proj_destroy(projectionStep) }
        proj_destroy(transformation)
        proj_context_destroy(context)
    }

    /// Projects lon/lat coordinates in place. Points PROJ cannot project become infinite.
    func forward(_ coordinates: inout [Coordinate]) {
        guard let projectionStep else { return transform(&coordinates, direction: PJ_FWD) }
        coordinates.withUnsafeMutableBufferPointer { buffer in
            Self.forward(buffer, step: projectionStep)
        }
    }

    /// Projects lon/lat coordinates in place, in a caller's buffer.
    func forward(_ buffer: UnsafeMutableBufferPointer<Coordinate>) {
        guard let projectionStep else {
            var copy = Array(buffer)
            transform(&copy, direction: PJ_FWD)
            _ = buffer.update(fromContentsOf: copy)
            return
        }
        Self.forward(buffer, step: projectionStep)
    }

    private static func forward(_ buffer: UnsafeMutableBufferPointer<Coordinate>, step: OpaquePointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        // PROJ's unitconvert multiplies by DEG_TO_RAD = 0.017453292519943296 (= π/180).
        let degreesToRadians = 0.017453292519943296
        for i in buffer.indices { buffer[i] = Coordinate(x: buffer[i].x * degreesToRadians, y: buffer[i].y * degreesToRadians) }
        let stride = MemoryLayout<Coordinate>.stride
        let raw = UnsafeMutableRawPointer(base)
        let x = raw.assumingMemoryBound(to: Double.self)
        let y = (raw + MemoryLayout<Double>.size).assumingMemoryBound(to: Double.self)
        _ = proj_trans_generic(step, PJ_FWD, x, stride, buffer.count, y, stride, buffer.count, nil, 0, 0, nil, 0, 0)
    }

    /// Unprojects metres back to lon/lat in place.
    func inverse(_ coordinates: inout [Coordinate]) {
        transform(&coordinates, direction: PJ_INV)
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
        // Any stored value, however wrong (±inf, 1e308), names a zone instead of trapping.
        let lon = longitude.isFinite ? max(-180, min(180, longitude)) : 0
        let zone = max(1, min(60, Int(((lon + 180) / 6).rounded(.down)) + 1))
        return latitude >= 0 ? "EPSG:\(32600 + zone)" : "EPSG:\(32700 + zone)"
    }
}
