import Foundation
import Testing
@testable import TextLocator

@Suite struct FoldingTests {
    @Test func foldsCaseAndDiacritics() {
        #expect(VietnameseFolding.fold("Thị xã  Đông-Hòa") == "thi xa dong hoa")
        #expect(VietnameseFolding.fold("ĐẮK LẮK") == "dak lak")
        #expect(VietnameseFolding.fold("Cư M'gar") == "cu mgar")
    }

    @Test func nfdAndNFCFoldAlike() {
        let nfc = "Phường Hồng Hà"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > nfc.unicodeScalars.count)
        #expect(VietnameseFolding.fold(nfd) == VietnameseFolding.fold(nfc))
    }

    @Test func tokensKeepOriginalOffsets() {
        let text = "🚨 Cướp ở P.Tân Lợi"
        let f = FoldedText(text)
        #expect(f.tokens.map { f.string(of: $0) } == ["cuop", "o", "p", "tan", "loi"])
        let tan = f.tokens[3]
        #expect(f.originalText(tan.original) == "Tân")
        #expect(tan.isCapitalized && tan.hasDiacritics && tan.breakBefore)
    }

    @Test func shortPrefixGluedToNumberSplits() {
        let f = FoldedText("p3 q10 kp4 lúc 10h")
        #expect(f.tokens.map { f.string(of: $0) } == ["p", "3", "q", "10", "kp", "4", "luc", "10h"])
    }

    @Test func spellingIgnoresTonePositionNotTone() {
        #expect(Spelling.key("Hoà Bình") == Spelling.key("Hòa Bình"))
        #expect(Spelling.key("Tân Thành") != Spelling.key("Tân Thạnh"))
    }

    @Test func limitTruncatesAtScalarBoundary() {
        let f = FoldedText("ừ ừ ừ", limit: 4)
        #expect(f.truncated)
        #expect(f.tokens.count == 1)
    }
}
