/// Premium-index sampling from the book (REFERENCES.md, "Premium index sample"; Binance):
///
/// P = [max(0, ImpactBid − Index) − max(0, Index − ImpactAsk)] / Index,
///
/// where ImpactBid/ImpactAsk are the average fill prices of a market order of the impact
/// margin notional (IMN = 200 USDT / initial margin rate at maximum leverage = 200 × max
/// leverage). The book's depth comes in as plain arrays of (price ticks, lots) per level,
/// best first, so any book can feed it.
///
/// - Complexity: ``impactPrice(prices:lots:count:impactNotional:moneyPerTickLot:isBid:)`` is
///   O(levels walked); ``sample(impactBid:impactAsk:index:)`` is O(1).
/// - Memory: none.
public enum PremiumIndex {
    /// The impact margin notional: `quote` (200 USDT in money units) × max leverage.
    @inlinable
    public static func impactNotional(quote: Money, maxLeverage: Int64) -> Money {
        // Saturates: an impact notional beyond 2^63 units is more than any book holds.
        Money(units: Int64(clamping: Int128(quote.units) * Int128(maxLeverage)))
    }

    /// The average price, in ticks, at which a market order of `impactNotional` fills
    /// against `count` levels (best first), or `nil` when the levels hold less notional.
    ///
    /// The average is notional / quantity with the last level's quantity fractional;
    /// exactly: IMN × p_last / (k × Σ full-level lots × p_last + remaining notional).
    /// Rounded to the side that makes the premium smaller in magnitude: a bid down, an
    /// ask up. Sums are 128-bit and overflow-checked, so any level arrays are safe; a level
    /// with a non-positive price or quantity counts as empty.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func impactPrice(prices: UnsafePointer<Int64>, lots: UnsafePointer<Int64>, count: Int,
                                   impactNotional: Money, moneyPerTickLot k: Int64, isBid: Bool) -> Int64? {
        let target = Int128(impactNotional.units)
        guard target > 0 else { return nil }
        var filledNotional: Int128 = 0
        var fullLots: Int128 = 0
        var i = 0
        while i < count {
            // A level without a positive price and quantity holds nothing.
            if prices[i] <= 0 || lots[i] <= 0 { i &+= 1; continue }
            // A level whose notional overflows 128 bits holds more than any 64-bit target.
            let levelNotional = RiskCore.wideProduct(prices[i], lots[i], k) ?? target
            if filledNotional + levelNotional >= target {
                let p = Int128(prices[i])
                let remaining = target - filledNotional
                // k × full lots × p can pass 2^127 only with prices and lots near 2^63: the
                // average is then this level's price.
                guard case let (perTick, o0) = Int128(k).multipliedReportingOverflow(by: fullLots), !o0,
                      case let (fullNotional, o1) = perTick.multipliedReportingOverflow(by: p), !o1,
                      case let (denominator, o2) = fullNotional.addingReportingOverflow(remaining), !o2,
                      case let (numerator, o3) = target.multipliedReportingOverflow(by: p), !o3
                else { return Int64(clamping: p) }
                let average = isBid ? ExactDivision.floor(numerator, denominator) : ExactDivision.ceiling(numerator, denominator)
                return Int64(clamping: average)
            }
            filledNotional += levelNotional
            fullLots += Int128(lots[i])
            i &+= 1
        }
        return nil
    }

    /// One premium-index sample as a rate (10^-8), rounded toward zero and clamped to the
    /// 64-bit range (an impact price billions of times the index).
    ///
    /// Full width: the differences are formed in 128 bits, so any `Int64` prices are safe.
    ///
    /// - Throws: ``PerpetualError/nonPositiveIndex`` for `index` ≤ 0.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func sample(impactBid: Int64, impactAsk: Int64, index: Int64) throws(PerpetualError) -> Rate {
        guard index > 0 else { throw .nonPositiveIndex }
        let up = max(0, Int128(impactBid) - Int128(index))
        let down = max(0, Int128(index) - Int128(impactAsk))
        let premium = (up - down) * Int128(Rate.one)
        return Rate(e8: Int64(clamping: ExactDivision.towardZero(premium, Int128(index))))
    }
}
