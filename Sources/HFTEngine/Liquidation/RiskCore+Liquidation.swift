/// Money and position movements that only the liquidation engine makes: fills against the
/// insurance fund or a deleveraged counterparty (which are not user orders), fee and
/// deficit transfers. Each moves the same amount out of one place and into another, so
/// the conservation invariant of ``RiskCore`` (``RiskCore/conservationDiscrepancy()``)
/// keeps holding exactly.
extension RiskCore {
    /// Moves `lots` (signed for `account`: > 0 it buys, < 0 it sells) at `ticks` between
    /// `account` and `counter` (any accounts, system ones included), charging `counter`
    /// the fee rate `counterFeeRate` (to the fee account) and `account` none. Positions,
    /// costs, margins and realized PnL are applied exactly as for a trade
    /// (``clearTrade(symbol:price:quantity:makerAccount:makerIsBuyer:takerAccount:)``).
    ///
    /// - Returns: false (nothing changes) if a side has no position slot and none is free,
    ///   the notional is out of range, or a balance, cost or margin would leave the 64-bit
    ///   range.
    /// - Complexity: O(1) expected.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    mutating func liquidationFill(symbol: Int, ticks: Int64, lots: Int64, account: Int, counter: Int,
                                  counterFeeRate: Int64, recordsTrade: Bool) -> Bool {
        guard isConfigured(symbol), lots != 0, ticks > 0, accounts.contains(account), accounts.contains(counter) else { return false }
        let k = symbolTable[symbol].scale.moneyPerTickLot
        guard let notional = RiskCore.fillNotional(lots: lots, ticks: ticks, k: k) else { return false }
        let slotA: Int, slotB: Int
        do throws(CapacityError) {
            slotA = try positions.acquireSlot(account: account, symbol: symbol, accounts: &accounts)
            slotB = try positions.acquireSlot(account: counter, symbol: symbol, accounts: &accounts)
        } catch {
            if let s = positions.slot(account: account, symbol: symbol) { positions.releaseIfIdle(s, accounts: &accounts) }
            return false
        }
        let filled = fillBothSides(slotA: slotA, accountA: account, lotsA: lots, feeRateA: 0, slotB: slotB,
                                   accountB: counter, feeRateB: counterFeeRate, ticks: ticks, k: k, notional: notional)
        releaseIfFlat(slotA, account: account, counter: counter, counterSlot: slotB, symbol: symbol)
        if filled == nil { return false }
        if recordsTrade { symbolTable[symbol].lastTrade = ticks }
        return true
    }

    /// Moves `amount` of balance from `from` to `to` (fees to the fund, the fund paying a
    /// deficit). When `isolatedSlot` ≥ 0 the amount also leaves that isolated position's
    /// margin (a fee paid out of an isolated position).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    mutating func transferBalance(from: Int, to: Int, amount: Int64, isolatedSlot: Int = -1) {
        accounts.addBalance(from, 0 &- amount)
        accounts.addBalance(to, amount)
        if isolatedSlot >= 0 {
            positions.marginColumn.subtract(amount, at: isolatedSlot)
            accounts.marginColumn.subtract(amount, at: from)
        }
    }

    /// Seeds the insurance fund with `amount` taken from user `account`'s available balance
    /// (an exchange's contribution is deposited to an account and moved here, so deposits
    /// stay the only way money enters). Throws `INSUFFICIENT_MARGIN` / `BAD_AMOUNT`.
    public mutating func contributeToInsuranceFund(from account: Int, amount: Money) throws(RiskReject) {
        guard accounts.isUser(account) else { throw .unknownAccount }
        guard amount.units > 0 else { throw .badAmount }
        guard amount.units <= availableAfterLoss(account) else { throw .insufficientMargin }
        transferBalance(from: account, to: accounts.insuranceFund, amount: amount.units)
    }

    /// Σ over `symbol`'s positions of size, including the system accounts' (0 when the
    /// books balance).
    public func netPositionSize(symbol: Int) -> Int128 { positions.netSize(symbol: symbol) }
}
