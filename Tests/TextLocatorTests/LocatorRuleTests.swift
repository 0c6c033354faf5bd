import Foundation
import Testing
@testable import TextLocator

@Suite struct LocatorRuleTests {
    let locator = Shared.locator

    @Test func legacyThreeLevelNameGoesToItsNewWard() throws {
        let r = try locator.locate("Phường Phúc Xá, Quận Ba Đình, Hà Nội")
        #expect(r.status == .located)
        #expect(r.communeCode == "00097")   // Hồng Hà, not the new Ba Đình ward
        #expect(r.matchedText == "Phường Phúc Xá")
        #expect(r.level == .commune)
        #expect(r.confidence > 0.9)
    }

    @Test func matchedRangeIsTheOriginalSpan() throws {
        let text = "Cướp giật ở p. Phúc Xá, q. Ba Đình 🙏"
        let r = try locator.locate(text)
        let range = try #require(r.matchedRange)
        #expect(String(text[range]) == "p. Phúc Xá")
    }

    @Test(arguments: [
        ("Đánh nhau ở P. Phúc Xá, Q. Ba Đình", "00097"),
        ("danh nhau o p phuc xa q ba dinh", "00097"),
        ("P4 Q5 TPHCM có cướp", "27301"),
        ("Phường 4, Quận 5, TP.HCM", "27301"),
        ("x. Tân Thành, h. Thủ Thừa, t. Long An", "")   // split: checked below
    ])
    func abbreviationsAndNoDiacritics(text: String, code: String) throws {
        let r = try locator.locate(text)
        if code.isEmpty { #expect(r.status == .ambiguous) } else { #expect(r.communeCode == code) }
    }

    @Test func typeWordBeatsStreet() throws {
        let street = try locator.locate("Cướp giật trên đường Trần Phú, Hà Nội")
        #expect(street.status == .notFound)
        let ward = try locator.locate("Cướp giật ở phường Trần Phú, Hà Tĩnh")
        #expect(ward.status == .located)
        #expect(ward.matchedText == "phường Trần Phú")
    }

    @Test func streetThenWardResolvesTheWard() throws {
        let r = try locator.locate("Có nhóm thanh niên tụ tập mang hung khí ở khu đất trống gần trường mầm non, đường Hà Huy Tập, phường Tân Lợi, TP Buôn Ma Thuột")
        #expect(r.status == .located)
        #expect(r.communeCode == "24133")
        #expect(r.matchedText == "phường Tân Lợi")
    }

    @Test func splitLegacyWardIsAmbiguousNotTheDefault() throws {
        let r = try locator.locate("xã Tân Thành, huyện Thủ Thừa, tỉnh Long An")
        #expect(r.status == .ambiguous)
        #expect(r.candidates == ["28036", "28051"])
        #expect(r.communeCode == nil)
    }

    @Test func hamletDecidesASplitWard() throws {
        var g = Shared.gazetteer
        g.neighbourhoods = [
            .init(code: "N1", communeCode: "28036", name: "Ấp Bàu Sen", kind: .ap),
            .init(code: "N2", communeCode: "28051", name: "Ấp 3", kind: .ap),
        ]
        let l = Locator(gazetteer: g)
        let a = try l.locate("ấp Bàu Sen, xã Tân Thành, huyện Thủ Thừa, Long An")
        #expect(a.communeCode == "28036")
        #expect(a.level == .neighbourhood)
        #expect(a.neighbourhoodCode == "N1")
        let b = try l.locate("xã Tân Thành, huyện Thủ Thừa, Long An, ấp 3")
        #expect(b.communeCode == "28051")
        let c = try l.locate("ấp 3 có đánh nhau")     // a numbered hamlet alone is no evidence
        #expect(c.status == .notFound)
    }

    @Test func sharedNameIsAmbiguousWithoutProvinceLocatedWithHint() throws {
        let all = try locator.locate("xã Tân Thành")
        #expect(all.status == .ambiguous)
        let expected = Shared.gazetteer.communes.filter { $0.name == "Tân Thành" && $0.type == .xa }.map(\.code).sorted()
        #expect(all.candidates == expected)
        #expect(expected.count >= 5)
        let hinted = try locator.locate("xã Tân Thành", provinceHint: "80")
        #expect(hinted.status == .located)
        #expect(hinted.communeCode == "25534")
        let written = try locator.locate("xã Tân Thành, Tây Ninh")
        #expect(written.communeCode == "25534")
    }

    @Test func registeredPlaceLocates() throws {
        var g = Shared.gazetteer
        g.places = [.init(id: "P7", communeCode: "24133", name: "Chợ Tân Lợi", aliases: ["chợ đêm Tân Lợi"], point: (108.05, 12.69))]
        let l = Locator(gazetteer: g)
        let r = try l.locate("Móc túi ở cho dem tan loi", provinceHint: "66")
        #expect(r.status == .located)
        #expect(r.level == .place)
        #expect(r.placeID == "P7")
    }

    @Test(arguments: ["đánh nhau", "mất điện thoại", "danhnhau hn", "Hòa bình rồi mà vẫn đánh nhau", "Đặng Quang Trung nợ tiền không trả",
                      "anh Trần Phú bị đánh", "", "   ", "🙏🙏🙏", "hn em bi mat vi o cho"])
    func placeFreeTextIsNotFound(text: String) throws {
        #expect(try locator.locate(text).status == .notFound)
        #expect(try locator.locate(text, provinceHint: "01").status == .notFound)
    }

    @Test func invalidHintIsAnError() {
        #expect(throws: TextLocatorError.unknownProvince("99")) { try locator.locate("xã Tân Thành", provinceHint: "99") }
        #expect(throws: TextLocatorError.self) { try locator.locate("x", provinceHint: "'; drop table") }
        #expect((try? locator.locate("xã Tân Thành", provinceHint: "")) != nil)
    }
}
