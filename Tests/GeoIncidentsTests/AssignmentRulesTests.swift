import Testing
@testable import GeoIncidents

@Suite("Assignment rules")
struct AssignmentRulesTests {
    let index: BoundaryIndex

    init() throws {
        index = try RegionStore(database: try TestSupport.rulesDatabase()).boundaryIndex(snapToleranceMeters: 100)
    }

    func assign(_ lon: Double, _ lat: Double) throws -> Assignment {
        try index.assign(Coordinate(x: lon, y: lat))
    }

    @Test("strictly inside one commune, then its neighbourhood")
    func inside() throws {
        let a = try assign(106.002, 10.004)
        #expect(a.communeCode == "9")
        #expect(a.neighbourhoodCode == "901")
        #expect(a.provinceCode == "99")
        #expect(a.method == .inside)
        // 0.002° of longitude from the west edge at latitude 10° ≈ 219 m.
        #expect(abs(a.boundaryDistanceMeters! - 219.3) < 2)
    }

    @Test("shared edge goes to the smallest code, compared as numbers (9 before 10)")
    func sharedEdge() throws {
        let a = try assign(106.01, 10.005)
        #expect(a.communeCode == "9")
        #expect(a.method == .boundary)
        #expect(a.boundaryDistanceMeters == 0)
        // The neighbourhood is chosen inside commune 9, although "100" of commune 10 also covers the point.
        #expect(a.neighbourhoodCode == "902")
    }

    @Test("shared vertex of four communes goes to the smallest code")
    func sharedVertex() throws {
        let a = try assign(106.01, 10.01)
        #expect(a.communeCode == "9")
        #expect(a.method == .boundary)
    }

    @Test("a shared edge between neighbourhoods goes to the smallest neighbourhood code")
    func neighbourhoodEdge() throws {
        let a = try assign(106.005, 10.004)
        #expect(a.communeCode == "9")
        #expect(a.method == .inside)
        #expect(a.neighbourhoodCode == "901")
    }

    @Test("overlapping communes (bad data): the deepest wins")
    func overlap() throws {
        let a = try assign(106.092, 10.01)  // 0.008° inside 40, 0.002° inside 41
        #expect(a.communeCode == "40")
        #expect(a.method == .overlap)
        let b = try assign(106.099, 10.01)  // 0.001° inside 40, 0.009° inside 41
        #expect(b.communeCode == "41")
        #expect(b.method == .overlap)
    }

    @Test("holes: a point in the hole belongs to the enclave, not the holed commune")
    func holes() throws {
        let a = try assign(106.04, 10.01)
        #expect(a.communeCode == "21")
        #expect(a.neighbourhoodCode == "2101")
        let b = try assign(106.032, 10.01)
        #expect(b.communeCode == "20")
        #expect(b.neighbourhoodCode == "2001")
        let c = try assign(106.035, 10.01)  // on the hole's edge: 20 and 21 share it
        #expect(c.communeCode == "20")
        #expect(c.method == .boundary)
    }

    @Test("multipolygons: both parts belong to the commune")
    func multipolygon() throws {
        #expect(try assign(106.062, 10.002).communeCode == "30")
        #expect(try assign(106.072, 10.002).communeCode == "30")
        #expect(try assign(106.068, 10.002).method != .inside)  // between the parts
    }

    @Test("gaps: nearest commune within the snap tolerance, else unassigned but kept")
    func gaps() throws {
        let near = try assign(106.0203, 10.005)  // ≈ 33 m east of commune 10
        #expect(near.communeCode == "10")
        #expect(near.method == .nearest)
        #expect(abs(near.boundaryDistanceMeters! - 32.9) < 1)
        #expect(near.neighbourhoodCode == "100")
        let far = try assign(106.025, 10.005)  // ≈ 548 m from both sides
        #expect(far.communeCode == nil)
        #expect(far.method == .unassigned)
        #expect(abs(far.boundaryDistanceMeters! - 548) < 5)
        let nowhere = try assign(120.0, 20.0)
        #expect(nowhere.communeCode == nil)
        #expect(nowhere.method == .unassigned)
        #expect(nowhere.boundaryDistanceMeters == nil)
    }

    @Test("invalid coordinates are never assigned", arguments: [
        Coordinate(x: .nan, y: 10), Coordinate(x: 106, y: .infinity), Coordinate(x: 181, y: 10), Coordinate(x: 106, y: -90.5),
    ])
    func invalidCoordinates(_ c: Coordinate) throws {
        #expect(c.lonLatProblem != nil)
        #expect(try index.assign(c).method == .unassigned)
    }

    @Test("the bulk form (units(of:)) agrees with assign() on every rule's points")
    func bulkAgrees() throws {
        let points = [(106.002, 10.004), (106.01, 10.005), (106.01, 10.01), (106.092, 10.01), (106.04, 10.01),
                      (106.0203, 10.005), (106.025, 10.005), (120.0, 20.0), (106.072, 10.002), (Double.nan, 10.0)]
            .map { Coordinate(x: $0.0, y: $0.1) }
        let bulk = try index.units(of: points)
        let single = try index.assign(points)
        for i in points.indices {
            #expect(bulk.communeCode(i) == single[i].communeCode)
            #expect(bulk.neighbourhoodCode(i) == single[i].neighbourhoodCode)
        }
        #expect(bulk.assignedCount == single.filter { $0.communeCode != nil }.count)
    }

    @Test("numeric codes compare as numbers, others as text")
    func codeOrder() {
        #expect(CodeOrder.isSmaller("9", "10"))
        #expect(!CodeOrder.isSmaller("10", "9"))
        #expect(CodeOrder.isSmaller("00123", "124"))
        #expect(CodeOrder.isSmaller("A10", "A9"))
    }
}
