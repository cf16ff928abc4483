/// The outcome of settling one funding payment of a symbol.
@frozen
public struct FundingSummary: Hashable, Sendable, BitwiseCopyable {
    /// Positions that paid or received (non-zero size).
    public var positions: Int
    /// Money paid by payers (≥ 0).
    public var paid: Int64
    /// Money received by receivers (≥ 0).
    public var received: Int64
    /// paid − received, credited to the insurance fund (≥ 0 when the symbol's positions
    /// net to zero, as they always do).
    public var remainder: Int64

    @inlinable
    public init(positions: Int = 0, paid: Int64 = 0, received: Int64 = 0, remainder: Int64 = 0) {
        self.positions = positions
        self.paid = paid
        self.received = received
        self.remainder = remainder
    }
}

/// Funding settlement (REFERENCES.md: payment = size × mark × F; longs pay shorts when F > 0).
extension RiskCore {
    /// What one position of `lots` pays at `mark` and `rate` (negative: receives):
    /// ⌈lots × mark × k × F / 10^8⌉. Rounding up makes payers pay the odd unit and
    /// receivers receive ⌊…⌋; the difference over all positions is the remainder that
    /// ``settleFunding(symbol:rate:mark:)`` credits to the insurance fund.
    @inlinable @inline(__always)
    ///
    /// `perLotE8` is `mark × k × F` when it fits in 64 bits, else `nil`; `perLotE8Wide` is
    /// always that product.
    public static func fundingDue(lots: Int64, perLotE8: Int64?, perLotE8Wide: Int128) -> Int64 {
        if let perLotE8 {
            let (product, overflow) = lots.multipliedReportingOverflow(by: perLotE8)
            if !overflow { return ExactDivision.ceilingE8(product) }
        }
        return Int64(clamping: ExactDivision.ceilingE8(Int128(lots) * perLotE8Wide))
    }

    /// 46,116,860,184 × 10^8, just below 2^62: added to a funding product of smaller
    /// magnitude it makes the dividend of ⌈n / 10^8⌉ non-negative without changing the
    /// remainder.
    public static let fundingBias: Int64 = 46_116_860_184 * 100_000_000

    /// The funding a position slot pays at `rate` and `mark` (negative: receives).
    public func fundingDue(slot: Int, rate: Rate, mark: Price) -> Int64 {
        let k = moneyPerTickLot(positions.symbol(slot))
        let wide = Int128(mark.ticks) * Int128(k) * Int128(rate.e8)
        let narrow = ExactDivision.narrow(wide)
        return RiskCore.fundingDue(lots: positions.sizeColumn[slot], perLotE8: narrow, perLotE8Wide: wide)
    }

    /// Settles one funding payment for every position of `symbol` at `rate` and `mark`,
    /// in one pass over the symbol's dense segment of the position columns.
    ///
    /// Each position's wallet balance changes by −due (``fundingDue(lots:perLotE8:perLotE8Wide:)``);
    /// an isolated position's isolated margin changes by the same amount (Binance pays an
    /// isolated position's funding from its isolated margin). The rounding remainder
    /// (Σ paid − Σ received, a few units at most per position) goes to the insurance fund,
    /// so the sum of all balances does not change by a single unit.
    ///
    /// - Complexity: O(positions of the symbol); one sequential pass over the size, account
    ///   and mode columns and one scattered update of each owner's balance.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func settleFunding(symbol: Int, rate: Rate, mark: Price) -> FundingSummary {
        precondition(isConfigured(symbol), "symbol not configured")
        let k = moneyPerTickLot(symbol)
        let wide = Int128(mark.ticks) * Int128(k) * Int128(rate.e8)
        let perLot = ExactDivision.narrow(wide)
        let start = positions.segmentStart(symbol)
        let end = start &+ positions.count(symbol)
        let sizes = positions.sizeColumn
        let parked = positions.fundingColumn
        var paid: Int64 = 0
        var received: Int64 = 0
        var open = 0
        if let perLot, !positions.hasIsolated(symbol),
           case let (bound, overflow) = positions.largestSize(symbol)
               .multipliedReportingOverflow(by: perLot == Int64.min ? Int64.max : abs(perLot)),
           !overflow, bound < RiskCore.fundingBias {
            // Fast path: every position cross and |size × perLot| < 4.6 × 10^18 for all
            // (checked once above from the symbol's size bound): a sequential, branch-free
            // pass over two columns of the symbol's segment. ⌈n / 10^8⌉ is computed as an
            // unsigned division by a constant of n shifted by a multiple of 10^8 into the
            // non-negative range (a multiply and a shift instead of a signed division and
            // its remainder correction).
            var net: Int64 = 0
            var slot = start
            while slot < end {
                let lots = sizes[slot]
                let shifted = UInt64(bitPattern: lots &* perLot &+ (RiskCore.fundingBias &+ (Rate.one &- 1)))
                let due = Int64(bitPattern: shifted / UInt64(Rate.one)) &- RiskCore.fundingBias / Rate.one
                parked[slot] &-= due
                paid &+= max(due, 0)
                net &+= due
                open &+= lots != 0 ? 1 : 0
                slot &+= 1
            }
            received = paid &- net
        } else {
            let owners = positions.accountColumn
            let modes = positions.modeColumn
            let margins = positions.marginColumn
            let accountMargins = accounts.marginColumn
            var slot = start
            while slot < end {
                let lots = sizes[slot]
                let due = RiskCore.fundingDue(lots: lots, perLotE8: perLot, perLotE8Wide: wide)
                parked[slot] &-= due
                if modes[slot] == .isolated {
                    margins[slot] &-= due
                    accountMargins[Int(owners[slot])] &-= due
                }
                paid &+= max(due, 0)
                received &+= max(0 &- due, 0)
                open &+= lots != 0 ? 1 : 0
                slot &+= 1
            }
        }
        let remainder = paid &- received
        accounts.balances.add(remainder, at: accounts.insuranceFund)
        settlements &+= 1
        return FundingSummary(positions: open, paid: paid, received: received, remainder: remainder)
    }
}
