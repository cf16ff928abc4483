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

/// One side of a fill, computed and overflow-checked before anything is written
/// (``RiskCore/planFill(slot:account:lots:ticks:k:notional:feeRate:)``).
///
/// - Memory: a small value, trivially copyable.
@frozen @usableFromInline
struct FillPlan: BitwiseCopyable {
    @usableFromInline var size: Int64
    @usableFromInline var cost: Int64
    @usableFromInline var margin: Int64
    @usableFromInline var accountMargin: Int64
    @usableFromInline var balance: Int64
    @usableFromInline var clearing: FillClearing

    @inlinable
    init(size: Int64, cost: Int64, margin: Int64, accountMargin: Int64, balance: Int64, clearing: FillClearing) {
        self.size = size; self.cost = cost; self.margin = margin
        self.accountMargin = accountMargin; self.balance = balance; self.clearing = clearing
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
    ///   price or a notional above ``RiskLimits/maxNotional``, `CAPACITY` if a side has no
    ///   position slot and none is free, `BAD_AMOUNT` if a balance, cost or margin would
    ///   leave the 64-bit range (``fillBothSides(slotA:accountA:lotsA:feeRateA:slotB:accountB:feeRateB:ticks:k:notional:)``).
    ///   Nothing changes then. Trades of admitted orders always have slots.
    /// - Complexity: O(1) expected (two map probes).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func clearTrade(symbol: Int, price: Price, quantity: Quantity, makerAccount: Int,
                                    makerIsBuyer: Bool, takerAccount: Int) throws(RiskReject) -> (maker: FillClearing, taker: FillClearing) {
        let result = try clearTrade(symbol: symbol, price: price, quantity: quantity, makerAccount: makerAccount,
                                    makerIsBuyer: makerIsBuyer, takerAccount: takerAccount, taker: .none)
        return (result.maker, result.taker)
    }

    /// ``clearTrade(symbol:price:quantity:makerAccount:makerIsBuyer:takerAccount:)`` with
    /// the taker's position slot possibly known (`taker`, a pending order's slot), which saves
    /// a map probe; returns the maker's slot as found here, for the release of its order.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    mutating func clearTrade(symbol: Int, price: Price, quantity: Quantity, makerAccount: Int, makerIsBuyer: Bool,
                             takerAccount: Int, taker known: PositionSlotHint)
        throws(RiskReject) -> (maker: FillClearing, taker: FillClearing, makerSlot: PositionSlotHint) {
        guard isConfigured(symbol) else { throw .unknownSymbol }
        guard accounts.isUser(makerAccount) && accounts.isUser(takerAccount) else { throw .unknownAccount }
        let lots = quantity.lots
        let ticks = price.ticks
        let risk = symbolTable + symbol
        let k = risk.pointee.scale.moneyPerTickLot
        guard lots > 0 && ticks > 0 else { throw .badQuantity }
        guard let notional = RiskCore.fillNotional(lots: lots, ticks: ticks, k: k) else { throw .badQuantity }
        let makerSlot: Int, takerSlot: Int
        do throws(CapacityError) {
            makerSlot = try positions.acquireSlot(account: makerAccount, symbol: symbol, accounts: &accounts)
            let knownTakerSlot = known.slot(slotChanges: positions.slotChanges)
            takerSlot = knownTakerSlot >= 0 ? knownTakerSlot
                : try positions.acquireSlot(account: takerAccount, symbol: symbol, accounts: &accounts)
            assert(positions.slot(account: takerAccount, symbol: symbol) == takerSlot, "clearTrade: a wrong taker slot")
        } catch {
            if let s = positions.slot(account: makerAccount, symbol: symbol) { positions.releaseIfIdle(s, accounts: &accounts) }
            throw .capacity
        }
        let makerHint = PositionSlotHint(slot: makerSlot, stamp: positions.slotChanges)
        let makerLots = makerIsBuyer ? lots : 0 &- lots
        guard let (maker, taker) = fillBothSides(
            slotA: makerSlot, accountA: makerAccount, lotsA: makerLots, feeRateA: risk.pointee.makerRate.e8,
            slotB: takerSlot, accountB: takerAccount, feeRateB: risk.pointee.takerRate.e8, ticks: ticks, k: k,
            notional: notional)
        else {
            releaseIfFlat(makerSlot, account: makerAccount, counter: takerAccount, counterSlot: takerSlot, symbol: symbol)
            throw .badAmount
        }
        releaseIfFlat(makerSlot, account: makerAccount, counter: takerAccount, counterSlot: takerSlot, symbol: symbol)
        risk.pointee.lastTrade = ticks
        return (maker, taker, makerHint)
    }

    /// |lots| × ticks × k in money units if it is below ``RiskLimits/maxNotional``, else nil
    /// (overflow-checked, so any 64-bit inputs are safe).
    @inlinable @inline(__always)
    static func fillNotional(lots: Int64, ticks: Int64, k: Int64) -> Int64? {
        // A product that overflows 64 bits is above the limit anyway.
        guard lots != Int64.min, ticks > 0, k > 0 else { return nil }
        let (perLot, o1) = ticks.multipliedReportingOverflow(by: k)
        let (notional, o2) = perLot.multipliedReportingOverflow(by: abs(lots))
        guard !(o1 || o2), notional < RiskLimits.maxNotional else { return nil }
        return notional
    }

    /// Gives back the slots of `account` (at `slot`) and `counter` (at `counterSlot`) in
    /// `symbol` that are idle after a fill; releasing the first may move the second, which
    /// is then looked up again (only then: ``PositionStore/slotChanges`` tells).
    @inlinable @inline(__always)
    mutating func releaseIfFlat(_ slot: Int, account: Int, counter: Int, counterSlot: Int, symbol: Int) {
        let before = positions.slotChanges
        if positions.sizeColumn[slot] == 0 { positions.releaseIfIdle(slot, accounts: &accounts) }
        guard counter != account else { return }
        if positions.slotChanges == before {
            if positions.sizeColumn[counterSlot] == 0 { positions.releaseIfIdle(counterSlot, accounts: &accounts) }
        } else if let s = positions.slot(account: counter, symbol: symbol), positions.sizeColumn[s] == 0 {
            positions.releaseIfIdle(s, accounts: &accounts)
        }
    }

    /// Applies both sides of one fill of `notional` (< ``RiskLimits/maxNotional``): side A
    /// (`slotA` of `accountA`) trades `lotsA` (signed, buy > 0), side B the opposite; fees
    /// go to the fee account. All or nothing: every column the fill writes is computed
    /// overflow-checked first, and nil is returned (nothing changed) when one would leave
    /// the 64-bit range (a balance or cost beyond ±2^63 after years of profit at
    /// ``RiskLimits/maxBalance``). A self-trade (one slot) applies side A, plans side B on
    /// the result and restores side A if B does not fit.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    mutating func fillBothSides(slotA: Int, accountA: Int, lotsA: Int64, feeRateA: Int64,
                                slotB: Int, accountB: Int, feeRateB: Int64, ticks: Int64, k: Int64,
                                notional: Int64) -> (FillClearing, FillClearing)? {
        let fee = accounts.feeAccount
        guard let a = planFill(slot: slotA, account: accountA, lots: lotsA, ticks: ticks, k: k, notional: notional,
                               feeRate: feeRateA) else { return nil }
        // A self-trade (one slot): side B is planned on side A's result.
        let sameSlot = slotA == slotB
        let saved = (size: positions.sizeColumn[slotA], cost: positions.costColumn[slotA],
                     margin: positions.marginColumn[slotA], accountMargin: accounts.marginColumn[accountA],
                     balance: accounts.balances[accountA])
        if sameSlot { commitFill(a, slot: slotA, account: accountA) }
        guard let b = planFill(slot: slotB, account: accountB, lots: 0 &- lotsA, ticks: ticks, k: k,
                               notional: notional, feeRate: feeRateB),
              case let (fees, o1) = a.clearing.fee.addingReportingOverflow(b.clearing.fee), !o1,
              case let (feeBalance, o2) = accounts.balances[fee].addingReportingOverflow(fees), !o2
        else {
            if sameSlot {
                positions.sizeColumn[slotA] = saved.size; positions.costColumn[slotA] = saved.cost
                positions.marginColumn[slotA] = saved.margin; accounts.marginColumn[accountA] = saved.accountMargin
                accounts.balances[accountA] = saved.balance
            }
            return nil
        }
        if !sameSlot { commitFill(a, slot: slotA, account: accountA) }
        commitFill(b, slot: slotB, account: accountB)
        accounts.balances[fee] = feeBalance
        return (a.clearing, b.clearing)
    }

    /// Writes a planned fill: the slot's size, cost and margin, the account's margin in use
    /// and balance (the fee account is written by the caller).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    mutating func commitFill(_ plan: FillPlan, slot: Int, account: Int) {
        positions.sizeColumn[slot] = plan.size
        positions.noteSize(Int(positions.symbolColumn[slot]), plan.size)
        positions.costColumn[slot] = plan.cost
        positions.marginColumn[slot] = plan.margin
        accounts.marginColumn[account] = plan.accountMargin
        accounts.balances[account] = plan.balance
    }

    /// Computes one side of a trade without writing anything: `lots` signed (buy > 0) at
    /// `ticks`, `notional` = |lots| × ticks × k (< 2^62). Nil if the new cost, margin in
    /// use, realized PnL or balance would leave the 64-bit range.
    ///
    /// `mutating` although it writes nothing: its caller is mutating, and a call of a
    /// non-mutating method on `self` from there copied the whole 456-byte core onto the
    /// stack first (`self` is passed by address this way).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    mutating func planFill(slot: Int, account: Int, lots: Int64, ticks: Int64, k: Int64, notional: Int64,
                  feeRate: Int64) -> FillPlan? {
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
        var overflow = false
        if size == 0 || (size > 0) == (lots > 0) {
            // Open or increase.
            let (s, o1) = size.addingReportingOverflow(lots)
            let (c, o2) = cost.addingReportingOverflow(signedNotional)
            newSize = s
            newCost = c
            overflow = o1 || o2 || c == Int64.min
            if isolated {
                let (m, o3) = oldMargin.addingReportingOverflow(ExactDivision.ceiling(notional, leverage))
                newMargin = m
                overflow = overflow || o3
            } else {
                newMargin = ExactDivision.ceiling(c == Int64.min ? Int64.max : abs(c), leverage)
            }
        } else {
            let held = size == Int64.min ? Int64.max : abs(size)
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
            let (r, o1) = closedValue.subtractingReportingOverflow(removedCost)
            realized = r
            overflow = o1
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
                newMargin = isolated ? oldMargin &- releasedMargin
                                     : ExactDivision.ceiling(newCost == Int64.min ? Int64.max : abs(newCost), leverage)
            }
        }
        if newSize == 0 { newMargin = 0 }
        // Fee in the fee account's favour: ⌈notional × rate / 10^8⌉ (a rebate rounds down).
        // |rate| ≤ 100% (configureSymbol) and notional < 2^62, so the 128-bit quotient fits.
        let (product, o4) = notional.multipliedReportingOverflow(by: feeRate)
        let fee = o4 ? Int64(clamping: ExactDivision.ceilingE8(Int128(notional) * Int128(feeRate)))
                     : ExactDivision.ceilingE8(product)
        let (marginDelta, o5) = newMargin.subtractingReportingOverflow(oldMargin)
        let (accountMargin, o6) = accounts.marginColumn[account].addingReportingOverflow(marginDelta)
        let (credit, o7) = realized.subtractingReportingOverflow(fee)
        let (balance, o8) = accounts.balances[account].addingReportingOverflow(credit)
        if overflow || o5 || o6 || o7 || o8 { return nil }
        return FillPlan(size: newSize, cost: newCost, margin: newMargin, accountMargin: accountMargin, balance: balance,
                        clearing: FillClearing(realizedPnL: realized, fee: fee))
    }

    /// `value × part / whole` rounded toward zero, exact (0 < part < whole).
    @inlinable @inline(__always)
    func proportion(_ value: Int64, _ part: Int64, _ whole: Int64) -> Int64 {
        let (p, o) = value.multipliedReportingOverflow(by: part)
        if !o { return p / whole }
        return Int64(truncatingIfNeeded: ExactDivision.towardZero(Int128(value) * Int128(part), Int128(whole)))
    }
}
