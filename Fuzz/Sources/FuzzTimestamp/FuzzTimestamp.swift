// Timestamp.parse, as tip files, intake bodies (`reported_at`) and the HTTP `datetime`
// parameter (split on "/", read as UTC) use it. Oracles: the default offset only moves a
// time by its own amount; a parsed time with a four-digit year reads back from its
// `iso8601` text to the same second.
import FuzzSupport
@testable import GeoIncidents

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimestamp(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let local = Timestamp.parse(text)
    let utc = Timestamp.parse(text, defaultOffsetMinutes: 0)
    Oracle.check((local == nil) == (utc == nil), "\(text.debugDescription) parses with one default offset only")
    if let local, let utc {
        let shift = utc.secondsSinceEpoch - local.secondsSinceEpoch
        Oracle.check(shift == 0 || shift == 420 * 60, "\(text.debugDescription): the default offset moved it by \(shift) s")
        let iso = utc.iso8601
        if iso.count == 20 {
            let again = Timestamp.parse(iso, defaultOffsetMinutes: 0)
            Oracle.check(again == utc, "\(text.debugDescription) → \(iso) → \(String(describing: again))")
        }
    }
    // The OGC `datetime` parameter: an instant or start/end, `..` for an open end.
    for part in text.split(separator: "/", omittingEmptySubsequences: false) where part != ".." {
        _ = Timestamp.parse(part, defaultOffsetMinutes: 0).map { Timestamp(secondsSinceEpoch: $0.secondsSinceEpoch + 1) }
    }
    return 0
}
