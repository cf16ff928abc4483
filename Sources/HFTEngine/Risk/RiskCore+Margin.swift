/// Unrealized PnL, maintenance margin, equity, liquidation and bankruptcy prices
/// (REFERENCES.md, "Margin"), exact in integer money.
extension RiskCore {
    /// Unrealized PnL of `slot` at `ticks`: size × price × k − cost (= size × (mark − entry)).
    @inlinable @inline(__always)
    public func unrealizedPnL(slot: Int, ticks: Int64) -> Int64 {
        let k = moneyPerTickLot(positions.symbol(slot))
        let size = positions.sizeColumn[slot]
        if ticks <= 0 { return 0 }
        let (a, o1) = size.multipliedReportingOverflow(by: ticks)
        let (b, o2) = a.multipliedReportingOverflow(by: k)
        let (c, o3) = b.subtractingReportingOverflow(positions.costColumn[slot])
        if !(o1 || o2 || o3) { return c }
        // Saturates beyond ±2^63 (a classification value: realized PnL comes from clearing).
        guard let value = RiskCore.wideProduct(size, ticks, k) else { return size > 0 ? Int64.max : Int64.min }
        return Int64(clamping: value - Int128(positions.costColumn[slot]))
    }

    /// `a × b × c` in 128 bits, or nil if even that overflows (only with three factors near
    /// 2^63, e.g. a caller's mark at the top of the range times a large position).
    @inlinable @inline(__always)
    public static func wideProduct(_ a: Int64, _ b: Int64, _ c: Int64) -> Int128? {
        let (p, overflow) = (Int128(a) * Int128(b)).multipliedReportingOverflow(by: Int128(c))
        return overflow ? nil : p
    }

    /// Absolute notional of `slot` at `ticks` (at its entry cost when `ticks` ≤ 0).
    @inlinable @inline(__always)
    public func notional(slot: Int, ticks: Int64) -> Int64 {
        if ticks <= 0 { return Int64(clamping: Int128(positions.costColumn[slot]).magnitude) }
        let k = moneyPerTickLot(positions.symbol(slot))
        guard let value = RiskCore.wideProduct(positions.sizeColumn[slot], ticks, k) else { return Int64.max }
        return Int64(clamping: value.magnitude)
    }

    /// Maintenance margin of `slot` at `ticks`: notional × MMR − cum of its bracket, rounded up.
    @inlinable @inline(__always)
    public func maintenanceMargin(slot: Int, ticks: Int64) -> Int64 {
        brackets(positions.symbol(slot)).maintenanceMargin(notional: Money(units: notional(slot: slot, ticks: ticks))).units
    }

    /// The unrealized loss of `account`'s cross positions at the symbols' valuation prices
    /// (mark, else last trade): Σ cross uPnL if it is negative, else 0. Pre-trade charges
    /// it to an order that opens (``evaluate(_:credit:isNew:slot:)``); isolated positions
    /// are left out (their losses stay within their own margin), and a cross profit offsets
    /// a cross loss but is never added. Saturates at `Int64.min`.
    ///
    /// - Complexity: O(positions of the account), one walk of its slot list (the per-account
    ///   per-symbol Σ size and Σ cost are the slot's own size and cost columns, kept on every
    ///   fill; the walk values them at the current mark, so mark changes cost nothing).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public func crossUnrealizedLoss(_ account: Int) -> Int64 {
        var sum: Int128 = 0
        var slot = Int(accounts.firstPositionColumn[account])
        while slot >= 0 {
            if positions.sizeColumn[slot] != 0 && positions.modeColumn[slot] == .cross {
                sum &+= Int128(unrealizedPnL(slot: slot, ticks: valuationPrice(positions.symbol(slot))))
            }
            slot = Int(positions.nextOfAccount[slot])
        }
        return sum < 0 ? Int64(clamping: sum) : 0
    }

    /// Money that may leave `account` or back more margin (`WITHDRAW`, an insurance
    /// contribution, a higher cross margin after `LEVERAGE`): ``available(_:)`` (balance with
    /// its parked funding − reserved − margin in use) plus the cross unrealized loss
    /// (``crossUnrealizedLoss(_:)``, ≤ 0), so an account under water cannot take out or
    /// commit money it has lost; unrealized profit adds nothing (Binance's
    /// `maxWithdrawAmount` convention, see ``check(_:)``). Saturates at `Int64.min`.
    ///
    /// - Complexity: O(positions of the account).
    public func availableAfterLoss(_ account: Int) -> Int64 {
        let (free, overflow) = available(account).units.addingReportingOverflow(crossUnrealizedLoss(account))
        return overflow ? Int64.min : free
    }

    /// The margin picture of `account`, every position valued at its symbol's valuation
    /// price (mark, else last trade; a position of a symbol with neither has uPnL 0 and is
    /// margined at its entry notional).
    ///
    /// - Complexity: O(positions of the account), one walk of its slot list.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func accountMargin(_ account: Int) -> AccountMargin {
        var m = AccountMargin()
        m.balance = accounts.balances[account]
        m.initialMargin = accounts.marginColumn[account] &+ accounts.reservedColumn[account]
        m.available = accounts.balances[account] &- accounts.reservedColumn[account] &- accounts.marginColumn[account]
        var slot = Int(accounts.firstPositionColumn[account])
        while slot >= 0 {
            let parked = positions.fundingColumn[slot]
            m.balance &+= parked
            m.available &+= parked
            if positions.sizeColumn[slot] != 0 || positions.costColumn[slot] != 0 {
                let ticks = valuationPrice(positions.symbol(slot))
                let pnl = unrealizedPnL(slot: slot, ticks: ticks)
                let mm = maintenanceMargin(slot: slot, ticks: ticks)
                m.unrealizedPnL &+= pnl
                m.maintenanceMargin &+= mm
                if positions.modeColumn[slot] == .isolated {
                    m.isolatedMargin &+= positions.marginColumn[slot]
                } else {
                    m.crossUnrealizedPnL &+= pnl
                    m.crossMaintenanceMargin &+= mm
                }
            } else if positions.modeColumn[slot] == .isolated {
                m.isolatedMargin &+= positions.marginColumn[slot]
            }
            slot = Int(positions.nextOfAccount[slot])
        }
        return m
    }

    /// Liquidation price of `slot` in one-way mode (REFERENCES.md):
    /// LP = (WB − TMM1 + UPNL1 + cumB − side·Q·EP) / (Q·MMR − side·Q), with WB the cross
    /// wallet balance and TMM1/UPNL1 the other cross positions' maintenance margin and
    /// uPnL (isolated: WB = its isolated margin, TMM1 = UPNL1 = 0). side·Q·EP is the signed
    /// cost. The bracket is first the one of the current notional; if the notional at LP
    /// falls in another bracket the price is recomputed with that one (at most once per
    /// bracket).
    ///
    /// Rounding: onto the tick grid away from the mark — down for a long, up for a short —
    /// i.e. the first tick price at which equity ≤ maintenance margin as the price moves
    /// against the position (the reference example gives 25,100.40 for 25,100.4016…).
    /// Returns `nil` for a flat position, or a long whose LP is ≤ 0 (never liquidated); a
    /// short that is liquidatable at every price returns 0.
    ///
    /// `margin` must be ``accountMargin(_:)`` of the slot's account.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func liquidationPrice(slot: Int, margin: AccountMargin) -> Price? {
        let size = positions.sizeColumn[slot]
        if size == 0 { return nil }
        let risk = symbolTable + positions.symbol(slot)
        let k = risk.pointee.scale.moneyPerTickLot
        let ticks = valuationPrice(positions.symbol(slot))
        let cost = positions.costColumn[slot]
        let brackets = self.brackets(positions.symbol(slot))
        // The position's notional and bracket at the valuation price, computed once.
        let currentNotional = notional(slot: slot, ticks: ticks)
        var bracket = min(brackets.bracketIndex(for: Money(units: currentNotional)), brackets.count &- 1)
        var base: Int128   // WB − TMM1 + UPNL1 − side·Q·EP, money units
        if positions.modeColumn[slot] == .isolated {
            base = Int128(positions.marginColumn[slot]) - Int128(cost)
        } else {
            let ownPnL = unrealizedPnL(slot: slot, ticks: ticks)
            let ownMM = BracketView(rows: brackets.rows + bracket, count: 1)
                .maintenanceMargin(notional: Money(units: currentNotional)).units
            base = Int128(margin.crossWalletBalance) - Int128(margin.crossMaintenanceMargin &- ownMM)
                + Int128(margin.crossUnrealizedPnL &- ownPnL) - Int128(cost)
        }
        let lots = Int128(size).magnitude
        var result: Int128 = 0
        var tries = 0
        while true {
            let b = brackets[bracket]
            // LP = (base × 10^8 + cum_e8) / (|size| × k × (MMR_e8 − side × 10^8))
            let numerator = base * Int128(Rate.one) + b.cumulativeE8
            let perTick = Int128(lots) * Int128(k)
            if size > 0 {
                // Denominator negative: LP = −numerator / (perTick × (10^8 − MMR)), floor.
                result = ExactDivision.floor(0 - numerator, perTick * Int128(Rate.one - b.maintenanceRate.e8))
            } else {
                result = ExactDivision.ceiling(numerator, perTick * Int128(Rate.one + b.maintenanceRate.e8))
            }
            tries &+= 1
            if result <= 0 || tries >= brackets.count { break }
            let atLP = Int128(lots) * result * Int128(k)
            let next = atLP >= Int128(Int64.max) ? brackets.count &- 1
                : min(brackets.bracketIndex(for: Money(units: Int64(truncatingIfNeeded: atLP))), brackets.count &- 1)
            if next == bracket { break }
            bracket = next
        }
        if result <= 0 { return size > 0 ? nil : Price(ticks: 0) }
        return Price(ticks: Int64(clamping: result))
    }

    /// Bankruptcy price of `slot`: the price at which equity is exactly 0,
    /// P = (cost − WB − UPNL1) / (size × k) with WB and UPNL1 as for ``liquidationPrice(slot:margin:)``
    /// (TMM1 and the bracket play no part). Rounded onto the grid toward the mark (up for a
    /// long, down for a short), so equity at the returned price is ≥ 0. `nil` when flat or
    /// when a long's price would be ≤ 0.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func bankruptcyPrice(slot: Int, margin: AccountMargin) -> Price? {
        let size = positions.sizeColumn[slot]
        if size == 0 { return nil }
        let risk = symbolTable + positions.symbol(slot)
        let k = risk.pointee.scale.moneyPerTickLot
        let cost = Int128(positions.costColumn[slot])
        var wallet: Int128
        if positions.modeColumn[slot] == .isolated {
            wallet = Int128(positions.marginColumn[slot])
        } else {
            let ownPnL = unrealizedPnL(slot: slot, ticks: valuationPrice(positions.symbol(slot)))
            wallet = Int128(margin.crossWalletBalance) + Int128(margin.crossUnrealizedPnL &- ownPnL)
        }
        let perTick = Int128(size).magnitude
        let result: Int128
        if size > 0 {
            result = ExactDivision.ceiling(cost - wallet, Int128(perTick) * Int128(k))
        } else {
            // Short: P = (wallet − |cost|) ... = (cost − wallet) / (size × k) with size < 0.
            result = ExactDivision.floor(wallet - cost, Int128(perTick) * Int128(k))
        }
        if result <= 0 { return size > 0 ? nil : Price(ticks: 0) }
        return Price(ticks: Int64(clamping: result))
    }
}
