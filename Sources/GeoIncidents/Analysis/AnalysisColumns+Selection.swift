extension AnalysisColumns {
    /// The positions (ascending, so in id order) of the tips matching `filter`, or nil when the
    /// columns cannot answer it exactly as SQL would: a CQL2 filter, or a time window over
    /// stored times not all in the canonical form. `anchors` are the incidents' anchor tip
    /// ids, ascending, for the incidents unit.
    func positions(_ filter: TipFilter, anchors: [Int64]?) throws -> [Int32]? {
        try filter.validate()
        guard filter.cql2 == nil else { return nil }
        if filter.sinceBeyondText { return [] }
        let timed = filter.since != nil || filter.untilBound != nil
        // SQL compares the text: epoch seconds agree for canonical text and 4-digit years only.
        guard !timed || canonicalTimes,
              [filter.since, filter.untilBound].allSatisfy({ $0 == nil || $0!.iso8601.utf8.count == 20 }) else { return nil }
        let anchored = filter.unit == .incidents ? anchorMask(anchors ?? []) : nil
        let categoryMask = Self.mask(filter.categories), channelMask = Self.mask(filter.channels), statusMask = Self.mask(filter.statuses)
        let provinceTable = table(filter.provinceCodes), communeTable = table(filter.communeCodes)
        let neighbourhoodTable = table(filter.neighbourhoodCodes)
        let since = filter.since?.secondsSinceEpoch, until = filter.untilBound?.secondsSinceEpoch
        let box = filter.boundingBox
        var result: [Int32] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            if let anchored, !anchored[i] { continue }
            if categoryMask != .max && !Self.member(categoryMask, categories[i]) { continue }
            if channelMask != .max && !Self.member(channelMask, channels[i]) { continue }
            if statusMask != .max && !Self.member(statusMask, statuses[i]) { continue }
            if let since, times[i] < since { continue }
            if let until, times[i] >= until { continue }
            if let provinceTable, !Self.member(provinceTable, provinces[i]) { continue }
            if let communeTable, !Self.member(communeTable, communes[i]) { continue }
            if let neighbourhoodTable, !Self.member(neighbourhoodTable, neighbourhoods[i]) { continue }
            if let box, !(lon[i] >= box.minX && lon[i] <= box.maxX && lat[i] >= box.minY && lat[i] <= box.maxY) { continue }
            result.append(Int32(i))
        }
        return result
    }

    /// The tips at `positions` as ``TipStore/points(_:)`` gives them.
    func points(at positions: [Int32]) -> TipPoints {
        var points = TipPoints()
        let all = TipCategory.allCases
        points.coordinates = positions.map { Coordinate(x: lon[Int($0)], y: lat[Int($0)]) }
        points.times = positions.map { times[Int($0)] }
        // SQL's CASE gives NULL for a category it does not know, which reads as index 0.
        points.categories = positions.map { let c = categories[Int($0)]; return all[c == 255 ? 0 : Int(c)] }
        points.radii = positions.map { radii[Int($0)] }
        if !points.radii.contains(where: { $0 > 0 }) { points.radii = [] }
        return points
    }

    /// The tips at `positions` as ``TipStore/unitTips(_:)`` gives them: code tables in the
    /// order codes first appear among these tips, one entry per distinct string. `known`:
    /// their points, when made already (``points(at:)`` of the same positions).
    func unitTips(at positions: [Int32], points known: TipPoints? = nil) -> UnitTips {
        var tips = UnitTips()
        tips.points = known.flatMap { $0.count == positions.count ? $0 : nil } ?? points(at: positions)
        tips.ids = positions.map { ids[Int($0)] }
        tips.provinces = localIndices(provinces, at: positions, codes: &tips.provinceCodes)
        tips.communes = localIndices(communes, at: positions, codes: &tips.communeCodes)
        tips.neighbourhoods = localIndices(neighbourhoods, at: positions, codes: &tips.neighbourhoodCodes)
        return tips
    }

    /// `column`'s indices at `positions` renumbered into `codes`, as reading the text row by
    /// row interns it (a `String` key: NUL-terminated, invalid UTF-8 repaired, canonically
    /// equivalent spellings one entry).
    private func localIndices(_ column: [Int32], at positions: [Int32], codes: inout [String]) -> [Int32] {
        var local = [Int32](repeating: -2, count: self.codes.count)
        var byString: [String: Int32] = [:]
        return positions.map { position in
            let global = column[Int(position)]
            guard global >= 0 else { return -1 }
            if local[Int(global)] != -2 { return local[Int(global)] }
            let bytes = self.codes[Int(global)]
            let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            let index = byString[text] ?? {
                let index = Int32(codes.count)
                codes.append(text)
                byString[text] = index
                return index
            }()
            local[Int(global)] = index
            return index
        }
    }

    /// Which positions hold an anchor (ids and anchors both ascending).
    private func anchorMask(_ anchors: [Int64]) -> [Bool] {
        var mask = [Bool](repeating: false, count: count)
        var j = 0
        for i in 0..<count {
            while j < anchors.count && anchors[j] < ids[i] { j += 1 }
            if j < anchors.count && anchors[j] == ids[i] { mask[i] = true }
        }
        return mask
    }

    /// Which code indices are in `codes` (compared as bytes), nil for no condition.
    private func table(_ wanted: [String]) -> [Bool]? {
        guard !wanted.isEmpty else { return nil }
        var table = [Bool](repeating: false, count: codes.count)
        for code in wanted { if let i = codeIndex[Array(code.utf8)] { table[Int(i)] = true } }
        return table
    }

    private static func mask<T: CaseIterable & Equatable>(_ values: [T]) -> UInt32 {
        guard !values.isEmpty else { return .max }
        let all = Array(T.allCases)
        return values.reduce(0) { $0 | (1 << UInt32(all.firstIndex(of: $1)!)) }
    }

    @inline(__always)
    private static func member(_ mask: UInt32, _ value: UInt8) -> Bool { value != 255 && mask & (1 << UInt32(value)) != 0 }

    @inline(__always)
    private static func member(_ table: [Bool], _ index: Int32) -> Bool { index >= 0 && table[Int(index)] }
}
