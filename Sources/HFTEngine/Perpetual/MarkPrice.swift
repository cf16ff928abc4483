/// The mark-price rule of one perpetual symbol (REFERENCES.md, "Prices"; Binance USDⓈ-M):
///
/// mark = median(P1, P2, last trade price), with
/// - P1 = index × (1 + lastFundingRate × secondsToFunding / fundingInterval),
/// - P2 = index + moving average of the basis (book mid − index) over the last
///   ``window`` samples (30 one-second samples in Binance's rule: the caller calls
///   ``update(index:mid:lastTrade:secondsToFunding:)`` once per second).
///
/// A missing input (`mid` ≤ 0: no two-sided book; `lastTrade` ≤ 0: no trade yet) is
/// replaced: no basis sample is taken (P2 uses the samples it has, or the index when it has
/// none), and a missing last price counts as P1. All prices are ticks; P1 and the average
/// basis are rounded to the nearest tick, halves away from zero.
///
/// Overflow: the basis sum is exact (in 128 bits while a sample is ≥ 2^56 in magnitude),
/// P1 is formed in 128 bits when its product does not fit, and P1, P2 and the mark are
/// clamped to 0 ... `Int64.max` ticks, so no input (prices anywhere in the 64-bit range, a
/// `lastFundingRate` set to any value) wraps or traps; the caller's price band and
/// order-notional limits then refuse what such a mark would make unmarginable.
///
/// - Complexity: ``update(index:mid:lastTrade:secondsToFunding:)`` is O(1) (a running sum;
///   divisions by the constant window once it is full).
/// - Memory: 280 bytes inline, no heap; trivially copyable.
@frozen
public struct MarkPriceRule: Sendable {
    /// Basis samples kept for P2.
    public static let window = 30

    @usableFromInline var samples: InlineArray<30, Int64>
    @usableFromInline var sampleCount: Int
    @usableFromInline var next: Int
    /// Σ of the window's samples, wrapping; exact while ``wideSamples`` is 0.
    @usableFromInline var basisSum: Int64
    /// The funding rate of the last settled interval (for P1).
    public var lastFundingRate: Rate
    /// Seconds per funding interval (28,800 for 8 h).
    public let fundingIntervalSeconds: Int64
    /// Samples in the window with |basis| ≥ 2^56: while any is there the sum is formed in
    /// 128 bits from the samples instead. (Kept away from `basisSum`: updated side by side
    /// the two were merged into one 16-byte store that later 8-byte loads could not forward
    /// from, tripling the update's cost.)
    @usableFromInline var wideSamples: Int

    /// The longest funding interval accepted: 7 days.
    public static let maxFundingIntervalSeconds: Int64 = 7 * 86_400

    /// A rule for a funding interval of `fundingIntervalSeconds`.
    ///
    /// - Throws: ``PerpetualError/fundingInterval`` unless the interval is 1 ...
    ///   ``maxFundingIntervalSeconds``; ``PerpetualError/rateOutOfRange`` if
    ///   |`lastFundingRate`| > ``FundingRateRule/maxRate``.
    public init(fundingIntervalSeconds: Int64 = 28_800, lastFundingRate: Rate = .zero) throws(PerpetualError) {
        guard fundingIntervalSeconds >= 1 && fundingIntervalSeconds <= MarkPriceRule.maxFundingIntervalSeconds
        else { throw .fundingInterval }
        guard lastFundingRate.e8.magnitude <= UInt64(FundingRateRule.maxRate.e8) else { throw .rateOutOfRange }
        samples = InlineArray(repeating: 0)
        sampleCount = 0
        next = 0
        basisSum = 0
        wideSamples = 0
        self.lastFundingRate = lastFundingRate
        self.fundingIntervalSeconds = fundingIntervalSeconds
    }

    /// The default rule: 8-hour interval, no last rate (valid by construction).
    public static let standard: MarkPriceRule = try! MarkPriceRule()

    /// The moving average of the basis in ticks, rounded to nearest (0 without samples).
    @inlinable @inline(__always)
    public var averageBasis: Int64 {
        // Every |sample| < 2^56, so |sum| < 30 × 2^56 < 2^61 and twice it fits.
        if sampleCount == MarkPriceRule.window && wideSamples == 0 {
            // Division by the constant window: a multiply.
            let twice = basisSum &* 2
            return twice >= 0 ? (twice &+ 30) / 60 : 0 &- ((0 &- twice &+ 30) / 60)
        }
        return partialOrWideAverageBasis()
    }

    /// ``averageBasis`` while the window is not full or holds a sample ≥ 2^56 in magnitude
    /// (then the 64-bit sum may have wrapped and the samples are summed in 128 bits; the
    /// mean of Int64 samples fits in Int64). Kept out of line: the per-second path is the
    /// full window of ordinary samples.
    @usableFromInline @inline(never)
    func partialOrWideAverageBasis() -> Int64 {
        if sampleCount == 0 { return 0 }
        if wideSamples == 0 {
            return Int64(truncatingIfNeeded: ExactDivision.nearest(Int128(basisSum), Int128(sampleCount)))
        }
        var sum: Int128 = 0
        var i = 0
        while i < sampleCount { sum += Int128(samples[i]); i &+= 1 }
        return Int64(truncatingIfNeeded: ExactDivision.nearest(sum, Int128(sampleCount)))
    }

    /// True if `basis` is outside the range in which the 64-bit window sum stays exact.
    @inlinable @inline(__always)
    static func isWide(_ basis: Int64) -> Bool { basis.magnitude >= UInt64(1) << 56 }

    /// Takes a basis sample (if `mid` > 0) and returns the new mark price in ticks.
    ///
    /// - Parameters:
    ///   - index: index price, ticks (> 0).
    ///   - mid: mid of the book's best bid and ask in ticks (≤ 0 if not two-sided).
    ///   - lastTrade: last trade price in ticks (≤ 0 if none).
    ///   - secondsToFunding: time left to the next funding, 0 ... interval.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func update(index: Int64, mid: Int64, lastTrade: Int64, secondsToFunding: Int64) -> Int64 {
        if mid > 0 {
            // Saturated: a basis beyond the 64-bit range only arises from a non-positive index.
            let (difference, overflow) = mid.subtractingReportingOverflow(index)
            let basis = overflow ? Int64.max : difference
            if sampleCount == MarkPriceRule.window {
                let old = samples[next]
                basisSum &-= old
                wideSamples &-= MarkPriceRule.isWide(old) ? 1 : 0
            } else {
                sampleCount &+= 1
            }
            samples[next] = basis
            basisSum &+= basis
            wideSamples &+= MarkPriceRule.isWide(basis) ? 1 : 0
            next = next == MarkPriceRule.window &- 1 ? 0 : next &+ 1
        }
        // P1 = index + index × F × t / (interval × 10^8), rounded to nearest.
        let t = min(max(secondsToFunding, 0), fundingIntervalSeconds)
        // The rate is a public var: bound it so that the 128-bit product below fits.
        let rate = min(max(lastFundingRate.e8, -FundingRateRule.maxRate.e8), FundingRateRule.maxRate.e8)
        let (a, o1) = index.multipliedReportingOverflow(by: rate)
        let (b, o2) = a.multipliedReportingOverflow(by: t)
        let premium: Int64
        if !(o1 || o2) && b.magnitude < UInt64(1) << 61 {
            let d = fundingIntervalSeconds &* Rate.one
            premium = b >= 0 ? (b &* 2 &+ d) / (d &* 2) : 0 &- ((0 &- b &* 2 &+ d) / (d &* 2))
        } else {
            premium = Int64(clamping: ExactDivision.nearest(Int128(index) * Int128(rate) * Int128(t),
                                                            Int128(fundingIntervalSeconds) * Int128(Rate.one)))
        }
        let p1 = MarkPriceRule.clampedSum(index, premium)
        let p2 = MarkPriceRule.clampedSum(index, averageBasis)
        let last = lastTrade > 0 ? lastTrade : p1
        return MarkPriceRule.median(p1, p2, last)
    }

    /// `a + b` clamped to 0 ... `Int64.max` (a mark price).
    @inlinable @inline(__always)
    static func clampedSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { return b > 0 ? Int64.max : 0 }
        return max(0, sum)
    }

    /// The median of three values.
    @inlinable @inline(__always)
    public static func median(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        max(min(a, b), min(max(a, b), c))
    }
}
