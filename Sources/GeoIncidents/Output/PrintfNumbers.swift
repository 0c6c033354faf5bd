import Foundation

/// The C formats `%.Nf` and `%.Ng` of the listings (`String(format:)`, glibc), byte for byte
/// and about twenty times faster: Foundation's formatter costs a microsecond or two a number,
/// which made writing a 289k-cell grid take seconds (issue 20).
///
/// The value is scaled by a power of ten (one correctly rounded operation) and rounded to
/// an integer whose digits are written out; a product near a rounding tie is decided exactly
/// from its rounding error (``rounded(_:times:)``). Exact ties, NaN, infinities, magnitudes
/// the scaling cannot hold and quotients near a tie go to `String(format:)` instead, so the
/// bytes are always the C library's.
public enum PrintfNumbers {
    /// `String(format: "%.\(decimals)f", value)`, for 0…9 decimals.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        text { appendFixed(value, decimals, to: &$0) }
    }

    /// Appends `String(format: "%.\(decimals)f", value)`'s UTF-8 to `bytes`.
    public static func appendFixed(_ value: Double, _ decimals: Int, to bytes: inout [UInt8]) {
        precondition((0...9).contains(decimals), "0…9 decimals")
        guard let rounded = roundedScaled(value.magnitude, by: decimals) else {
            bytes += Array(String(format: "%.\(decimals)f", value).utf8)
            return
        }
        if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }    // "-0.000" as C writes it
        let scale = powers[decimals]
        appendDigits(rounded / scale, to: &bytes)
        if decimals > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(rounded % scale, width: decimals, to: &bytes)
        }
    }

    /// `String(format: "%.\(precision)g", value)`, for 1…9 significant digits.
    public static func general(_ value: Double, _ precision: Int) -> String {
        text { appendGeneral(value, precision, to: &$0) }
    }

    /// Appends `String(format: "%.\(precision)g", value)`'s UTF-8 to `bytes`.
    public static func appendGeneral(_ value: Double, _ precision: Int, to bytes: inout [UInt8]) {
        precondition((1...9).contains(precision), "1…9 significant digits")
        let magnitude = value.magnitude
        guard magnitude.isFinite, magnitude == 0 || (magnitude >= 1e-200 && magnitude < 1e200), let (digits, exponent) = significant(magnitude, precision) else {
            bytes += Array(String(format: "%.\(precision)g", value).utf8)
            return
        }
        if value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        if magnitude == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if exponent >= -4 && exponent < precision {
            // Fixed notation with precision − 1 − exponent decimals, trailing zeros removed.
            let decimals = precision - 1 - exponent
            let scale = decimals <= 18 ? powers[decimals] : 0
            guard decimals <= 18 else {
                bytes += Array(String(format: "%.\(precision)g", value).utf8)
                return
            }
            appendDigits(digits / scale, to: &bytes)
            appendFraction(digits % scale, width: decimals, to: &bytes)
        } else {
            // d.ddde±XX, trailing zeros of the fraction removed.
            let scale = powers[precision - 1]
            appendDigits(digits / scale, to: &bytes)
            appendFraction(digits % scale, width: precision - 1, to: &bytes)
            bytes.append(UInt8(ascii: "e"))
            bytes.append(UInt8(ascii: exponent < 0 ? "-" : "+"))
            appendDigits(UInt64(exponent.magnitude), width: 2, to: &bytes)
        }
    }

    // MARK: -

    /// The bytes `write` appends, as a string.
    private static func text(_ write: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Powers of ten exactly representable in both `UInt64` and `Double` (10^0 … 10^18).
    static let powers: [UInt64] = (0...18).map { k in (0..<k).reduce(UInt64(1)) { r, _ in r * 10 } }

    /// `magnitude × 10^decimals` rounded to the nearest integer, or nil when that cannot be
    /// decided safely here (a near-tie, or too large).
    static func roundedScaled(_ magnitude: Double, by decimals: Int) -> UInt64? {
        guard magnitude.isFinite else { return nil }
        return rounded(magnitude, times: doublePowers[decimals])
    }

    /// The nearest integer to the exact product `magnitude × scale` (`scale` an exact power of
    /// ten, `magnitude` ≥ 0), nil for an exact tie or beyond 4·10^15. Near-ties are decided
    /// exactly: the product's rounding error is itself a double (a fused multiply-add gives it),
    /// so "above or below the tie" is the sign of (product − ⌊product⌋ − ½) + error, both terms
    /// exact and the sign of their rounded sum the sign of their exact sum. (When the error
    /// underflows the product is far below ½, where the sign is plain.)
    static func rounded(_ magnitude: Double, times scale: Double) -> UInt64? {
        let product = magnitude * scale
        guard product < 4e15 else { return nil }
        let error = (-product).addingProduct(magnitude, scale)
        let floor = product.rounded(.down)
        let aboveTie = (product - floor - 0.5) + error
        if aboveTie == 0 { return nil }
        return UInt64(aboveTie > 0 ? floor + 1 : floor)
    }

    /// The nearest integer to `scaled` (one rounding off the exact quotient), nil when the
    /// rounding error could move it across a tie, or beyond 4·10^15.
    static func rounded(_ scaled: Double) -> UInt64? {
        guard scaled < 4e15 else { return nil }
        let floor = scaled.rounded(.down)
        let distanceToTie = abs(scaled - floor - 0.5)
        // The product is within half an ulp of the exact value: a margin of several ulps.
        guard distanceToTie > scaled.ulp * 4 + 1e-300 else { return nil }
        return UInt64(scaled - floor > 0.5 ? floor + 1 : floor)
    }

    /// The `precision` significant digits of `magnitude` (> 0) as an integer of exactly
    /// `precision` digits, and the decimal exponent of the first; nil near a tie.
    static func significant(_ magnitude: Double, _ precision: Int) -> (UInt64, Int)? {
        guard magnitude > 0 else { return (0, 0) }
        var exponent = Int(log10(magnitude).rounded(.down))
        for _ in 0..<3 {
            let shift = precision - 1 - exponent
            guard shift.magnitude <= 22 else { return nil }
            // One correctly rounded operation by an exact power of ten.
            let scaled = shift >= 0 ? magnitude * doublePowers[shift] : magnitude / doublePowers[-shift]
            let low = Double(powers[precision - 1]), high = Double(powers[precision])
            if scaled < low - 0.5 { exponent -= 1; continue }
            if scaled >= high { exponent += 1; continue }
            guard let digits = shift >= 0 ? rounded(magnitude, times: doublePowers[shift]) : rounded(scaled) else { return nil }
            if digits < powers[precision - 1] { exponent -= 1; continue }
            // Rounding up to 10^precision carries into the next exponent.
            if digits == powers[precision] { return (powers[precision - 1], exponent + 1) }
            return (digits, exponent)
        }
        return nil
    }

    /// 10^k for 0 ≤ k ≤ 22, each exactly representable as a `Double`.
    static let doublePowers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    static func appendDigits(_ value: UInt64, width: Int = 1, to bytes: inout [UInt8]) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)    // 24 bytes: enough for 20 digits
        withUnsafeMutableBytes(of: &buffer) { raw in
            var v = value, n = 0
            repeat {
                raw[23 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0 || n < width
            // Rebased: a raw buffer is copied in one move, a slice of one byte by byte.
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[(24 - n)...]))
        }
    }

    /// ".ddd" of a fraction of `width` digits without its trailing zeros (nothing when zero).
    static func appendFraction(_ value: UInt64, width: Int, to bytes: inout [UInt8]) {
        guard value > 0, width > 0 else { return }
        var v = value, w = width
        while v % 10 == 0 { v /= 10; w -= 1 }
        bytes.append(UInt8(ascii: "."))
        appendDigits(v, width: w, to: &bytes)
    }
}
