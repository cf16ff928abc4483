import Testing
@testable import HFTEngine

/// The vector loop of a funding settlement (``FundingPass``) against the exact formula
/// ⌈lots × perLot / 10^8⌉ computed one slot at a time with ``ExactDivision/ceilingE8(_:)-(Int64)``:
/// dues, parked columns, sums and counts must agree exactly, at the bounds the fast path
/// admits (|lots × perLot| just below the bias, sizes just below 2^51), on products that are
/// exact multiples of 10^8 and one unit either side (where a rounded estimate of the
/// quotient is most likely to be off by one), and on random values.
@Suite struct FundingPassTests {
    /// Runs the pass on `sizes` (parked funding starting at `start`) and checks it against
    /// the exact per-slot formula.
    private func check(_ sizes: [Int64], perLot: Int64, start: Int64 = 0,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        var expectedParked = [Int64](repeating: start, count: sizes.count)
        var paid: Int64 = 0, net: Int64 = 0, open = 0
        for (i, lots) in sizes.enumerated() {
            let due = ExactDivision.ceilingE8(lots * perLot)
            expectedParked[i] -= due
            paid += max(due, 0)
            net += due
            open += lots != 0 ? 1 : 0
        }
        var columns = sizes
        var parked = [Int64](repeating: start, count: sizes.count)
        let largest = sizes.map { $0.magnitude }.max().map { Int64($0) } ?? 0
        let pass = columns.withUnsafeMutableBufferPointer { s in
            parked.withUnsafeMutableBufferPointer { p in
                FundingPass.run(sizes: s.baseAddress!, parked: p.baseAddress!, slots: 0 ..< sizes.count,
                                perLot: perLot, largestSize: largest)
            }
        }
        #expect(parked == expectedParked, "parked funding, perLot \(perLot)", sourceLocation: sourceLocation)
        #expect(pass.paid == paid, "paid, perLot \(perLot)", sourceLocation: sourceLocation)
        #expect(pass.net == net, "net, perLot \(perLot)", sourceLocation: sourceLocation)
        #expect(pass.open == open, "open, perLot \(perLot)", sourceLocation: sourceLocation)
    }

    /// The largest |lots| the fast path admits at `perLot`: |lots × perLot| < bias and
    /// (for the vector loop) |lots| < 2^51.
    private func sizeLimit(_ perLot: Int64) -> Int64 {
        min((RiskCore.fundingBias - 1) / max(Int64(perLot.magnitude), 1), FundingPass.vectorSizeLimit - 1)
    }

    @Test func productsAtMultiplesOfTheDivisorAndOneUnitEitherSide() {
        // perLot = 1: lots × perLot = lots itself, so lots = m × 10^8 + {−1, 0, 1} hits every
        // boundary of the ceiling, with large and small m of both signs.
        var sizes: [Int64] = []
        for m: Int64 in [0, 1, 2, 3, 7, 1_000, 123_456_789, 11_258_999, -1, -2, -1_000, -11_258_999] {
            for d: Int64 in [-1, 0, 1] { sizes.append(m * Rate.one + d) }
        }
        check(sizes, perLot: 1)
        check(sizes, perLot: -1)
        // perLot a multiple of 10^8 ± 1, so that products sit on and beside multiples.
        for perLot: Int64 in [Rate.one, -Rate.one, Rate.one + 1, Rate.one - 1, 3 * Rate.one, -(7 * Rate.one + 1)] {
            let limit = sizeLimit(perLot)
            var s: [Int64] = [0, 1, -1, 2, -2, limit, -limit, limit - 1, -(limit - 1), limit / 3, -(limit / 7)]
            s += (0 ..< 29).map { Int64($0) * (limit / 29) }
            check(s, perLot: perLot)
        }
    }

    @Test func extremesOfTheFastPath() {
        // Sizes just below 2^51 with a small perLot, and |lots × perLot| just below the bias.
        let big = FundingPass.vectorSizeLimit - 1
        check([big, -big, big - 1, -(big - 1), big / 2, 1, -1, 0, big, -big], perLot: 2_047)
        check([big, -big, 0, 1, 2, 3, 4, 5, 6], perLot: -2_047)
        for perLot: Int64 in [RiskCore.fundingBias / 3, -(RiskCore.fundingBias / 5), 1 << 40, -(1 << 40) - 12_345] {
            let limit = sizeLimit(perLot)
            check([limit, -limit, limit, -limit, limit - 1, 1 - limit, 0, 1, -1, limit, 2], perLot: perLot)
        }
        // Sizes of 2^51 or more take the scalar loop; the results are the same formula.
        check([1 << 51, -(1 << 51), 5, -5, 0, 7, 8, 9, 10], perLot: 1_000)
    }

    @Test func randomSegmentsOfEveryLengthMatchTheExactFormula() {
        var rng = SplitMix64(seed: 2026_12_08)
        for trial in 0 ..< 2_000 {
            let perLotMagnitude = Int64(rng.next() >> (1 + rng.next() % 62))
            let perLot = rng.next() & 1 == 0 ? perLotMagnitude : -perLotMagnitude
            let limit = sizeLimit(perLot)
            let count = trial % 37
            let sizes = (0 ..< count).map { _ -> Int64 in
                switch rng.next() % 4 {
                case 0: return 0
                case 1: return Int64(rng.next() % UInt64(limit + 1)) * (rng.next() & 1 == 0 ? 1 : -1)
                case 2: return min(max(Int64(rng.next() % 10_000) - 5_000, -limit), limit)
                default: return rng.next() & 1 == 0 ? limit : -limit
                }
            }
            check(sizes, perLot: perLot, start: Int64(bitPattern: rng.next()) >> 4)
        }
    }
}
