// DecimalText.parse, the tip files' lon/lat/accuracy parser: its fast path claims to return
// exactly what `Double(text)` returns. Oracle: the same bits (or both nil, or both NaN), for
// the whole text and for each comma-separated part, as a `bbox=` list is split.
import FuzzSupport
@testable import GeoIncidents

func checkSame(_ text: String) {
    let fast = DecimalText.parse(text)
    let reference = Double(text)
    let same = fast?.bitPattern == reference?.bitPattern || (fast?.isNaN == true && reference?.isNaN == true)
    Oracle.check(same, "DecimalText.parse(\(text.debugDescription)) = \(String(describing: fast)), Double(text) = \(String(describing: reference))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecimalText(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    checkSame(text)
    for part in text.split(separator: ",", omittingEmptySubsequences: false) { checkSame(String(part)) }
    return 0
}
