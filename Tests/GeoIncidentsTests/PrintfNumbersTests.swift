import Foundation
import Testing
@testable import GeoIncidents

@Suite("printf numbers, byte for byte")
struct PrintfNumbersTests {
    /// Values of every kind the listings print: coordinates, z-scores, p-values, densities,
    /// counts; ties, near-ties, signs, zeros, the non-finite and the huge.
    static func values() -> [Double] {
        var random = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, .nan, -.nan, .infinity, -.infinity, 1e300, -1e300, 5e-324, 1e-200, 123456789012345678, 4e15, 0.5, 1.5, 2.5, -0.5,
                                0.125, 0.375, 1.0005, 2.675, 1.005, 0.045, 108.9050005, 11.6100005, 9.9995, 99.95, 999.5, 0.00009995, 0.0001, 1e-5, 123456.5,
                                -1e-9, -0.0000004, 0.9999999, 9.999999e-5, 1e21, 1e22, 1e23, .ulpOfOne, -.ulpOfOne, .pi, -.pi]
        for exponent in -12...16 {
            for _ in 0..<600 {
                let v = Double.random(in: 1...10, using: &random) * pow(10, Double(exponent))
                values.append(Bool.random(using: &random) ? v : -v)
            }
        }
        // Exact decimal ties and their neighbours at every precision used.
        for decimals in 0...7 {
            for _ in 0..<400 {
                let tie = (Double(Int.random(in: 0..<1_000_000, using: &random)) + 0.5) / pow(10, Double(decimals))
                values += [tie, tie.nextUp, tie.nextDown, -tie]
            }
        }
        for _ in 0..<3_000 {
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &random)))
        }
        return values
    }

    /// Every value of ``values()`` in `format` with each of `digits` equals `String(format:)`.
    static func check(_ format: String, _ digits: ClosedRange<Int>, _ fast: (Double, Int) -> String) {
        for v in values() {
            for n in digits {
                let expected = String(format: "%.\(n)\(format)", v)
                #expect(fast(v, n) == expected, "\(v.bitPattern) %.\(n)\(format)")
            }
        }
    }

    @Test("%.Nf for 0…9 decimals equals String(format:) on every value")
    func fixed() { Self.check("f", 0...9, PrintfNumbers.fixed) }

    @Test("%.Ng for 1…9 significant digits equals String(format:) on every value")
    func general() { Self.check("g", 1...9, PrintfNumbers.general) }

    @Test("the usual values take the fast path; ties and the out-of-range go to the C library")
    func fastPath() {
        #expect(PrintfNumbers.roundedScaled(108.123456789, by: 6) == 108_123_457)
        #expect(PrintfNumbers.significant(0.0123456, 3)! == (123, -2))
        #expect(PrintfNumbers.significant(9.996, 3)! == (100, 1), "rounding carries into the next exponent")
        #expect(PrintfNumbers.roundedScaled(0.125, by: 2) == nil, "an exact tie")
        // Near-ties are decided exactly, not handed to the C library (a grid's quiet cells
        // share one such z-score by the tens of thousands).
        #expect(PrintfNumbers.roundedScaled(0.125.nextUp, by: 2) == 13 && String(format: "%.2f", 0.125.nextUp) == "0.13")
        #expect(PrintfNumbers.roundedScaled(0.125.nextDown, by: 2) == 12 && String(format: "%.2f", 0.125.nextDown) == "0.12")
        #expect(PrintfNumbers.roundedScaled(2.675, by: 2) == 267 && String(format: "%.2f", 2.675) == "2.67", "2.675 is 2.67499999…")
        #expect(PrintfNumbers.significant(0.0125.nextUp, 2)! == (13, -2))
        #expect(PrintfNumbers.roundedScaled(1e300, by: 2) == nil && PrintfNumbers.roundedScaled(.nan, by: 2) == nil)
    }
}
