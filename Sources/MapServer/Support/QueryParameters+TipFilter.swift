import GeoIncidents

/// The one reader of tip filters in HTTP requests (`category`, `channel`, `status`,
/// `commune`, `province`, `neighbourhood`, `datetime`, `since`, `until`, `bbox`): items,
/// statistics and every analysis controller use it, so a filter means the same everywhere
/// and a scoped token is confined the same way.
extension QueryParameters {
    /// The tip filter of an analysis request with its bbox, which must not cross the
    /// antimeridian (`crossing` is the error to give when it does).
    /// Analyses count incidents unless `unit=tips` (docs/incidents.md).
    func analysisFilter(principal: Principal, crossing: String) throws -> TipFilter {
        var filter = try tipFilter(principal: principal)
        filter.unit = try choice("unit", CountingUnit.self) ?? .incidents
        if let boxes = try bbox() {
            guard boxes.count == 1 else { throw APIError.badRequest(crossing) }
            filter.boundingBox = boxes[0]
        }
        return filter
    }

    /// The tip filter of an items or analysis request, limited to the caller's communes.
    func tipFilter(principal: Principal) throws -> TipFilter {
        var filter = TipFilter()
        do {
            filter.categories = try list("category").map { text in
                guard let c = TipCategory.parseUserText(text) else { throw APIError.badRequest("unknown category '\(text)'; categories are \(TipCategory.allCases.map(\.rawValue).joined(separator: ", "))") }
                return c
            }
            filter.channels = try list("channel").map { text in
                guard let c = TipChannel.parseUserText(text) else { throw APIError.badRequest("unknown channel '\(text)'; channels are \(TipChannel.allCases.map(\.rawValue).joined(separator: ", "))") }
                return c
            }
            filter.statuses = try list("status").map { text in
                guard let s = TipStatus(rawValue: text) else { throw APIError.badRequest("unknown status '\(text)'; statuses are \(TipStatus.allCases.map(\.rawValue).joined(separator: ", "))") }
                return s
            }
            filter.communeCodes = list("commune")
            filter.provinceCodes = list("province")
            filter.neighbourhoodCodes = list("neighbourhood")
            if let window = try datetime() { (filter.since, filter.until) = window }
            for (name, keyPath) in [("since", \TipFilter.since), ("until", \TipFilter.until)] {
                if let text = try single(name) {
                    guard let t = Timestamp.parse(text) else { throw APIError.badRequest("'\(name)' is not an ISO 8601 date or date-time: '\(text)'") }
                    filter[keyPath: keyPath] = t
                }
            }
            try filter.validate()
        } catch let error as GeoIncidentsError {
            throw APIError.badRequest(error.message)
        }
        if !principal.communes.isEmpty {
            let allowed = Set(principal.communes)
            if filter.communeCodes.isEmpty { filter.communeCodes = principal.communes } else {
                let outside = filter.communeCodes.filter { !allowed.contains($0) }
                guard outside.isEmpty else { throw APIError.forbidden("this token is limited to communes \(principal.communes.joined(separator: ", ")); \(outside.joined(separator: ", ")) is outside") }
            }
        }
        return filter
    }
}
