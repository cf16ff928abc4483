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
    ///
    /// `perLotE8` is `mark × k × F` when it fits in 64 bits, else `nil`; `perLotE8Wide` is
    /// always that product. A due beyond the 64-bit range is clamped to it (this is a query;
    /// ``settleFunding(symbol:rate:mark:)`` refuses such a settlement instead).
    @inlinable @inline(__always)
    public static func fundingDue(lots: Int64, perLotE8: Int64?, perLotE8Wide: Int128) -> Int64 {
        if let perLotE8 {
            let (product, overflow) = lots.multipliedReportingOverflow(by: perLotE8)
            if !overflow { return ExactDivision.ceilingE8(product) }
        }
        let (due, exact) = wrappingFundingDue(lots: lots, perLotE8Wide: perLotE8Wide)
        if exact { return due }
        return (lots < 0) == (perLotE8Wide < 0) ? Int64.max : Int64.min
    }

    /// ⌈lots × perLotE8Wide / 10^8⌉ truncated to 64 bits, and whether that is exact. The
    /// same inputs always give the same bits, so a wrapping update made with the due can be
    /// reversed exactly.
    @inlinable @inline(__always)
    public static func wrappingFundingDue(lots: Int64, perLotE8Wide: Int128) -> (due: Int64, exact: Bool) {
        let (product, overflow) = Int128(lots).multipliedReportingOverflow(by: perLotE8Wide)
        if overflow { return (Int64(truncatingIfNeeded: product), false) }
        let due = ExactDivision.ceilingE8(product)
        let narrow = Int64(truncatingIfNeeded: due)
        return (narrow, Int128(narrow) == due)
    }

    /// 46,116,860,184 × 10^8, just below 2^62: added to a funding product of smaller
    /// magnitude it makes the dividend of ⌈n / 10^8⌉ non-negative without changing the
    /// remainder.
    public static let fundingBias: Int64 = 46_116_860_184 * 100_000_000

    /// The funding a position slot pays at `rate` and `mark` (negative: receives).
    /// Query API: a due beyond 64 bits is clamped (see
    /// ``fundingDue(lots:perLotE8:perLotE8Wide:)``); `mark × k × rate` is formed in 128 bits
    /// with the rate bounded to ±100% and one lot's value to ±2^100.
    public func fundingDue(slot: Int, rate: Rate, mark: Price) -> Int64 {
        let k = moneyPerTickLot(positions.symbol(slot))
        let boundedRate = min(max(rate.e8, -FundingRateRule.maxRate.e8), FundingRateRule.maxRate.e8)
        let limit = Int128(1) << 100   // keeps the product with the rate inside 128 bits
        let lotValue = min(max(Int128(mark.ticks) * Int128(k), -limit), limit)
        let wide = lotValue * Int128(boundedRate)
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
    /// **Overflow.** `mark × k × rate` is formed in 128 bits after checking that one lot is
    /// worth at most ``RiskLimits/maxNotional`` and |rate| ≤ 100%. When the symbol's size
    /// and parked-funding bounds prove every product, sum and parked-funding update fits
    /// in 64 bits (the normal case, checked once in O(1)), the pass is branch-free;
    /// otherwise dues and sums are exact in 128 bits and every write of a parked-funding
    /// or margin column is checked (a sticky sign bit, no branch). If any would wrap, the
    /// pass is undone (wrapping updates are exactly reversible) and `BAD_AMOUNT` is thrown
    /// with nothing changed.
    ///
    /// - Throws: `UNKNOWN_SYMBOL`; `BAD_QTY` for a negative mark; `BAD_AMOUNT` for
    ///   |rate| > ``FundingRateRule/maxRate``, one lot at `mark` worth more than
    ///   ``RiskLimits/maxNotional``, or a settlement whose dues or sums do not fit.
    /// - Complexity: O(positions of the symbol); one sequential pass over the size, account
    ///   and mode columns and one scattered update of each owner's balance.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    @discardableResult
    public mutating func settleFunding(symbol: Int, rate: Rate, mark: Price) throws(RiskReject) -> FundingSummary {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        guard mark.ticks >= 0 else { throw .badQuantity }
        guard rate.e8.magnitude <= UInt64(FundingRateRule.maxRate.e8) else { throw .badAmount }
        let k = moneyPerTickLot(symbol)
        let lotValue = Int128(mark.ticks) * Int128(k)
        guard lotValue <= Int128(RiskLimits.maxNotional) else { throw .badAmount }
        let wide = lotValue * Int128(rate.e8)   // |wide| ≤ 2^62 × 10^8 < 2^89
        let perLot = ExactDivision.narrow(wide)
        let start = positions.segmentStart(symbol)
        let count = positions.count(symbol)
        let end = start &+ count
        let sizes = positions.sizeColumn
        let parked = positions.fundingColumn
        var paid: Int128 = 0
        var received: Int128 = 0
        var open = 0
        // Sticky sign bit: negative iff some column update wrapped.
        var wrapped: Int64 = 0
        // The largest |due| of the pass (a bound in the fast path), for the parked bound.
        var largestDue: Int64 = 0
        if let perLot, !positions.hasIsolated(symbol),
           case let (bound, overflow) = positions.largestSize(symbol)
               .multipliedReportingOverflow(by: perLot == Int64.min ? Int64.max : abs(perLot)),
           !overflow, bound < RiskCore.fundingBias,
           case let maxDue = bound / Rate.one &+ 1,
           case let (total, o2) = maxDue.multipliedReportingOverflow(by: Int64(count)),
           !o2, total < RiskCore.fundingBias,
           positions.parkedFundingBound(symbol) < RiskCore.fundingBias {
            // Fast path: every position cross, |size × perLot| < 4.6 × 10^18 for all,
            // Σ |due| < 4.6 × 10^18 and every |parked| + |due| < 2^63 (checked once above from
            // the symbol's size and parked-funding bounds): a sequential, branch-free pass
            // over two columns of the symbol's segment (``FundingPass``).
            let pass = FundingPass.run(sizes: sizes, parked: parked, slots: start ..< end, perLot: perLot,
                                       largestSize: positions.largestSize(symbol))
            open = pass.open
            paid = Int128(pass.paid)
            received = Int128(pass.paid &- pass.net)
            largestDue = maxDue
        } else {
            let owners = positions.accountColumn
            let modes = positions.modeColumn
            let margins = positions.marginColumn
            let accountMargins = accounts.marginColumn
            var slot = start
            while slot < end {
                let lots = sizes[slot]
                // A due beyond 64 bits marks the pass as wrapped (and is undone below).
                let (due, exact) = RiskCore.wrappingFundingDue(lots: lots, perLotE8Wide: wide)
                wrapped |= exact ? 0 : -1
                let old = parked[slot]
                let new = old &- due
                parked[slot] = new
                wrapped |= (old ^ due) & (old ^ new)
                if modes[slot] == .isolated {
                    let m = margins[slot]
                    margins[slot] = m &- due
                    wrapped |= (m ^ due) & (m ^ (m &- due))
                    let a = accountMargins[Int(owners[slot])]
                    accountMargins[Int(owners[slot])] = a &- due
                    wrapped |= (a ^ due) & (a ^ (a &- due))
                }
                paid += Int128(max(due, 0))
                received += Int128(max(0 &- due, 0))
                largestDue = max(largestDue, due == Int64.min ? Int64.max : abs(due))
                open &+= lots != 0 ? 1 : 0
                slot &+= 1
            }
        }
        let remainder = paid - received
        let fund = accounts.insuranceFund
        let (credited, o3) = accounts.balances[fund].addingReportingOverflow(Int64(truncatingIfNeeded: remainder))
        if wrapped < 0 || o3 || paid > Int128(Int64.max) || received > Int128(Int64.max)
            || remainder != Int128(Int64(truncatingIfNeeded: remainder)) {
            undoFunding(symbol: symbol, wide: wide)
            throw .badAmount
        }
        accounts.balances[fund] = credited
        positions.raiseParkedFundingBound(symbol, by: largestDue)
        settlements &+= 1
        return FundingSummary(positions: open, paid: Int64(paid), received: Int64(received),
                              remainder: Int64(truncatingIfNeeded: remainder))
    }

    /// Reverses a settlement pass of `symbol` whose updates wrapped: every column update
    /// was a wrapping subtraction of the slot's due, so adding the same due back restores
    /// the exact previous values. O(positions of the symbol); only after a refused pass.
    @usableFromInline
    mutating func undoFunding(symbol: Int, wide: Int128) {
        let start = positions.segmentStart(symbol)
        let end = start &+ positions.count(symbol)
        var slot = start
        while slot < end {
            let due = RiskCore.wrappingFundingDue(lots: positions.sizeColumn[slot], perLotE8Wide: wide).due
            positions.fundingColumn.add(due, at: slot)
            if positions.modeColumn[slot] == .isolated {
                positions.marginColumn.add(due, at: slot)
                accounts.marginColumn.add(due, at: positions.account(slot))
            }
            slot &+= 1
        }
    }
}
