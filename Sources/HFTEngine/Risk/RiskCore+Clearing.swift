/// What clearing one trade did to one side.
@frozen
public struct FillClearing: Hashable, Sendable, BitwiseCopyable {
    /// Realized PnL credited to the balance (money units; negative: a loss).
    public var realizedPnL: Int64
    /// Fee debited from the balance and credited to the fee account (negative: a rebate).
    public var fee: Int64

    @inlinable
    public init(realizedPnL: Int64, fee: Int64) {
        self.realizedPnL = realizedPnL
        self.fee = fee
    }
}

/// Clearing: applying a trade to both sides' positions and balances.
extension RiskCore {
    /// Clears one trade of `quantity` at `price` between a resting (maker) order of
    /// `makerAccount` and an incoming (taker) order of `takerAccount`; the maker bought if
    /// `makerIsBuyer`. The two accounts may be the same (a self-trade).
    ///
    /// Each side's position is opened, increased, reduced, closed or flipped; realized PnL
    /// is credited; fees ⌈notional × rate / 10^8⌉ (maker rate for the maker, taker rate for
    /// the taker; a negative rate is a rebate of ⌊notional × |rate| / 10^8⌋) move to or from
    /// the fee account. Rounding is always in the fee account's favour and the same amount
    /// leaves one balance and enters the other, so no money is created or lost.
    ///
    /// Realized PnL of closing `c` of `|s|` lots: the closed part's entry cost is
    /// `cost × c / |s|` rounded toward zero (all of `cost` when the position closes); the
    /// rest of `cost` stays with the position, so the entry notional is accounted exactly
    /// once and Σ balances − Σ cost never changes.
    ///
    /// Margin: a cross position's margin is ⌈|cost| / leverage⌉; an isolated position
    /// adds ⌈opened notional / leverage⌉ when it grows, releases `margin × c / |s|`
    /// (toward zero) when it shrinks, and is 0 when flat.
    ///
    /// - Throws: `UNKNOWN_SYMBOL`/`UNKNOWN_ACCOUNT`, `BAD_QTY` for a non-positive quantity or
    ///   price or a notional above 2^62, `CAPACITY` if a side has no position slot and none
    ///   is free. Nothing changes then. Trades of admitted orders always have slots.
    /// - Complexity: O(1) expected (two map probes).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func clearTrade(symbol: Int, price: Price, quantity: Quantity, makerAccount: Int,
                                    makerIsBuyer: Bool, takerAccount: Int) throws(RiskReject) -> (maker: FillClearing, taker: FillClearing) {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        guard accounts.isUser(makerAccount) && accounts.isUser(takerAccount) else { throw .unknownAccount }
        let lots = quantity.lots
        let ticks = price.ticks
        let risk = symbolTable + symbol
        let k = risk.pointee.scale.moneyPerTickLot
        guard lots > 0 && ticks > 0 else { throw .badQuantity }
        let wide = Int128(lots) * Int128(ticks) * Int128(k)
        guard wide < Int128(1) << 62 else { throw .badQuantity }
        let notional = Int64(truncatingIfNeeded: wide)
        let makerSlot: Int, takerSlot: Int
        do throws(CapacityError) {
            makerSlot = try positions.acquireSlot(account: makerAccount, symbol: symbol, accounts: &accounts)
            takerSlot = try positions.acquireSlot(account: takerAccount, symbol: symbol, accounts: &accounts)
        } catch {
            if let s = positions.slot(account: makerAccount, symbol: symbol) { positions.releaseIfIdle(s, accounts: &accounts) }
            throw .capacity
        }
        let makerLots = makerIsBuyer ? lots : 0 &- lots
        let maker = applyFill(slot: makerSlot, account: makerAccount, lots: makerLots, ticks: ticks, k: k,
                              notional: notional, feeRate: risk.pointee.makerRate.e8)
        let taker = applyFill(slot: takerSlot, account: takerAccount, lots: 0 &- makerLots, ticks: ticks, k: k,
                              notional: notional, feeRate: risk.pointee.takerRate.e8)
        // Give back slots that became idle; releasing one may move the other, so the
        // second is looked up again.
        if positions.sizeColumn[makerSlot] == 0 { positions.releaseIfIdle(makerSlot, accounts: &accounts) }
        if takerAccount != makerAccount, let s = positions.slot(account: takerAccount, symbol: symbol),
           positions.sizeColumn[s] == 0 {
            positions.releaseIfIdle(s, accounts: &accounts)
        }
        risk.pointee.lastTrade = ticks
        return (maker, taker)
    }

    /// Applies one side of a trade: `lots` signed (buy > 0) at `ticks`, `notional` = |lots| ×
    /// ticks × k (< 2^62).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    mutating func applyFill(slot: Int, account: Int, lots: Int64, ticks: Int64, k: Int64, notional: Int64,
                            feeRate: Int64) -> FillClearing {
        let size = positions.sizeColumn[slot]
        let cost = positions.costColumn[slot]
        let oldMargin = positions.marginColumn[slot]
        let leverage = Int64(positions.leverageColumn[slot])
        let isolated = positions.modeColumn[slot] == .isolated
        let signedNotional = lots > 0 ? notional : 0 &- notional
        var newSize: Int64
        var newCost: Int64
        var newMargin: Int64
        var realized: Int64 = 0
        if size == 0 || (size > 0) == (lots > 0) {
            // Open or increase.
            newSize = size &+ lots
            newCost = cost &+ signedNotional
            newMargin = isolated ? oldMargin &+ ExactDivision.ceiling(notional, leverage)
                                 : ExactDivision.ceiling(abs(newCost), leverage)
        } else {
            let held = abs(size)
            let traded = abs(lots)
            let closed = min(held, traded)
            let removedCost: Int64
            let releasedMargin: Int64
            if closed == held {
                removedCost = cost
                releasedMargin = oldMargin
            } else {
                removedCost = proportion(cost, closed, held)
                releasedMargin = proportion(oldMargin, closed, held)
            }
            // Value received for the closed lots (long: sold; short: bought back, negative).
            let closedNotional = closed == traded ? notional : closed &* ticks &* k
            let closedValue = size > 0 ? closedNotional : 0 &- closedNotional
            realized = closedValue &- removedCost
            if traded > held {
                // Flip: the rest opens a new position on the other side.
                let rest = traded &- held
                let restNotional = notional &- closedNotional
                newSize = lots > 0 ? rest : 0 &- rest
                newCost = lots > 0 ? restNotional : 0 &- restNotional
                newMargin = ExactDivision.ceiling(restNotional, leverage)
            } else {
                newSize = size &+ lots
                newCost = cost &- removedCost
                newMargin = isolated ? oldMargin &- releasedMargin : ExactDivision.ceiling(abs(newCost), leverage)
            }
        }
        if newSize == 0 { newMargin = 0 }
        positions.sizeColumn[slot] = newSize
        positions.noteSize(Int(positions.symbolColumn[slot]), newSize)
        positions.costColumn[slot] = newCost
        positions.marginColumn[slot] = newMargin
        accounts.marginColumn.add(newMargin &- oldMargin, at: account)
        // Fee in the fee account's favour: ⌈notional × rate / 10^8⌉ (a rebate rounds down).
        let (product, overflow) = notional.multipliedReportingOverflow(by: feeRate)
        let fee = overflow ? Int64(clamping: ExactDivision.ceilingE8(Int128(notional) * Int128(feeRate)))
                           : ExactDivision.ceilingE8(product)
        accounts.balances.add(realized &- fee, at: account)
        accounts.balances.add(fee, at: accounts.feeAccount)
        return FillClearing(realizedPnL: realized, fee: fee)
    }

    /// `value × part / whole` rounded toward zero, exact (0 < part < whole).
    @inlinable @inline(__always)
    func proportion(_ value: Int64, _ part: Int64, _ whole: Int64) -> Int64 {
        let (p, o) = value.multipliedReportingOverflow(by: part)
        if !o { return p / whole }
        return Int64(truncatingIfNeeded: ExactDivision.towardZero(Int128(value) * Int128(part), Int128(whole)))
    }
}
