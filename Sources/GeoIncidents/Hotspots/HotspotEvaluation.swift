/// A backtest of hotspot methods: rank cells on tips before `trainUntil`, then measure how
/// many tips of the test window (`trainUntil` ..< `testUntil`) fall into the top cells
/// covering a given share of the study area.
///
/// - hit rate = test tips in the chosen cells / all test tips;
/// - PAI (Chainey et al. 2008) = hit rate / (chosen area / study area);
/// - PEI (Hunt 2016) = PAI / PAI*, where PAI* is what the same number of cells would reach if
///   chosen with hindsight (the cells with the most test tips); 1 is perfect.
///
/// Cells are ranked by training counts (`count`), quartic KDE of training tips (`kde`) or
/// training Gi* z (`gistar`), ties by (ix, iy); the number of cells is ⌈coverage · N⌉ over the
/// N cells of the study area.
public struct HotspotEvaluation: Sendable {
    public struct Row: Sendable, Hashable {
        public var method: HotspotMethod
        /// Share of the study area, in percent.
        public var coverage: Double
        public var cells: Int
        public var testTipsCaptured: Int
        public var hitRate: Double
        public var pai: Double
        public var pei: Double
    }

    public var rows: [Row]
    public var trainTips: Int
    public var testTips: Int
    public var studyCells: Int
    public var crs: String
    public var notes: [String]
}

enum HotspotEvaluator {
    static func run(tips: TipPoints, studyArea: [[[Coordinate]]]?, parameters: HotspotParameters,
                    trainUntil: Timestamp, testUntil: Timestamp, coverages: [Double], projections: ProjectionCache) throws -> HotspotEvaluation {
        guard trainUntil < testUntil else {
            throw GeoIncidentsError.invalidInput("the training period's end \(trainUntil) must be before the test period's end \(testUntil)")
        }
        guard !coverages.isEmpty, coverages.allSatisfy({ $0 > 0 && $0 <= 100 }) else {
            throw GeoIncidentsError.invalidInput("coverage levels are percentages of the study area in (0, 100], e.g. 1,5")
        }
        var study = parameters
        study.cells = .studyArea
        try study.validate()
        let t0 = trainUntil.secondsSinceEpoch, t1 = testUntil.secondsSinceEpoch
        let used = tips.subset { tips.times[$0] < t1 }
        let trainCount = used.times.filter { $0 < t0 }.count, testCount = used.count - trainCount
        guard trainCount > 0 else { throw GeoIncidentsError.invalidInput("no tips before the training period's end \(trainUntil): nothing to train on") }
        guard testCount > 0 else { throw GeoIncidentsError.invalidInput("no tips from \(trainUntil) to \(testUntil): nothing to test on") }
        let prepared = try HotspotGridBuilder.prepare(lonLat: used.coordinates, studyArea: studyArea.map(GridStudyArea.init(rings:)), parameters: study, projections: projections)
        let cells = prepared.cells
        let n = cells.count
        var train = [Double](repeating: 0, count: n), test = [Int](repeating: 0, count: n)
        var trainMetres: [Coordinate] = []
        for i in 0..<used.count {
            let cell = Int(prepared.pointCells[i])
            guard cell >= 0 else { continue }
            if used.times[i] < t0 { train[cell] += 1; trainMetres.append(prepared.metres[i]) } else { test[cell] += 1 }
        }
        let capturedTest = test.reduce(0, +)
        // Hindsight ranking for PEI.
        let best = RadixSort.order(test.map { HotspotGridBuilder.descendingKey(Double($0)) })
        var scores: [HotspotMethod: [Double]] = [.count: train]
        let gi = GetisOrd.localGStar(train, weights: cells.weights(), transform: study.weights)
        scores[.gistar] = gi.z
        scores[.kde] = KernelDensity.quartic(points: trainMetres, cells: cells, bandwidth: study.bandwidth)
        var rows: [HotspotEvaluation.Row] = []
        for method in [HotspotMethod.count, .kde, .gistar] {
            let order = RadixSort.order(scores[method]!.map(HotspotGridBuilder.descendingKey))
            for coverage in coverages {
                let k = min(n, max(1, Int((coverage / 100 * Double(cells.areaCells)).rounded(.up))))
                let hits = order.prefix(k).reduce(0) { $0 + test[Int($1)] }
                let ideal = best.prefix(k).reduce(0) { $0 + test[Int($1)] }
                let areaShare = Double(k) / Double(max(1, cells.areaCells))
                let hitRate = Double(hits) / Double(capturedTest)
                let pai = hitRate / areaShare
                let paiStar = Double(ideal) / Double(capturedTest) / areaShare
                rows.append(.init(method: method, coverage: coverage, cells: k, testTipsCaptured: hits, hitRate: hitRate,
                                  pai: pai, pei: paiStar > 0 ? pai / paiStar : 0))
            }
        }
        var notes = prepared.notes
        if capturedTest < testCount { notes.append("\(testCount - capturedTest) test tips could not be projected") }
        return HotspotEvaluation(rows: rows, trainTips: trainCount, testTips: capturedTest, studyCells: cells.areaCells, crs: prepared.crs, notes: notes)
    }
}

extension Hotspots {
    /// Backtests count, KDE and Gi* rankings on tips with times (see ``HotspotEvaluation``).
    /// `studyArea` (lon/lat polygons) defines the area the coverage shares refer to.
    public static func evaluate(_ tips: TipPoints, studyArea: [MultiPolygon], parameters: HotspotParameters = HotspotParameters(),
                                trainUntil: Timestamp, testUntil: Timestamp, coverages: [Double] = [1, 5],
                                projections: ProjectionCache = ProjectionCache()) throws -> HotspotEvaluation {
        try HotspotEvaluator.run(tips: tips, studyArea: rings(studyArea), parameters: parameters, trainUntil: trainUntil,
                                 testUntil: testUntil, coverages: coverages, projections: projections)
    }

    /// A lon/lat box as a study-area polygon (edges densified so they stay straight-ish once
    /// projected), for data without a boundary layer.
    public static func rectangle(_ box: BoundingBox) -> MultiPolygon { RegionStore.rectangle(box) }
}
