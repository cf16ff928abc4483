/// Pre-trade checks and the reservation of money for live orders.
extension RiskCore {
    /// Checks an order before it reaches the book, in this order (the first failure is the
    /// reason): unknown symbol; `HALTED` (symbol or global halt); `UNKNOWN_ACCOUNT`;
    /// `BAD_QTY` (quantity outside [min, max] lots or price ≤ 0); `PRICE_BAND` (limit price
    /// farther than `band × mark` from the mark; skipped without a mark or band, and for
    /// market orders); `TOO_MANY_ORDERS`; `REDUCE_ONLY` (the account is flat or the order is
    /// on the position's side; otherwise the quantity is capped to the position and no
    /// margin is needed); `LEVERAGE` (the account's leverage in the symbol is above the
    /// bracket maximum for the notional of the resulting position |size ± qty| × price, or
    /// that notional is above the last bracket); `INSUFFICIENT_MARGIN` (initial margin
    /// ⌈opening notional / leverage⌉ plus the fee ⌈notional × taker rate⌉ — maker rate for
    /// post-only — is more than the money available to the order). The opening part of an
    /// order that reverses a position is the quantity beyond the position; the closing part
    /// needs no margin.
    ///
    /// Money available to an order that opens (all or part of its quantity):
    /// wallet balance − isolated margins − cross positions' margin − reserved for open
    /// orders + min(0, Σ cross unrealized PnL at the valuation price), i.e. Binance's
    /// single-asset cross "Available for Order" = crossWalletBalance + Σ cross uPnL −
    /// (Σ cross initial margin + open-order initial margin) (Binance FAQ "How to Check
    /// Futures Wallet Balance", USDⓈ-M), with one deliberate difference: unrealized
    /// *profit* is not counted (cross profits offset cross losses, but a net profit adds
    /// nothing), Binance's convention for money leaving the account (`maxWithdrawAmount`
    /// is the minimum of terms that include crossWalletBalance without unrealized PnL and
    /// crossWalletBalance + Σ cross uPnL − …: Binance, "10 Most Frequently Asked Questions
    /// About Binance Futures", 2022), so an account cannot lever up on paper gains at a
    /// mark that may move back. An isolated
    /// position counts only with its own margin (taken out of the wallet balance in full);
    /// its unrealized PnL stays within that margin and neither reduces nor adds to the
    /// cross pool. An order that opens nothing (it only reduces or closes) is measured
    /// without the unrealized loss, so an account under water can still close.
    ///
    /// Reads only; ``admit(_:)`` checks and reserves.
    ///
    /// - Complexity: O(1) expected: one map probe and a scan of ≤ 16 brackets, plus for an
    ///   opening order a walk of the account's position slots (usually 1–3) to value its
    ///   cross positions at the mark (``crossUnrealizedLoss(_:)``).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func check(_ order: PreTradeOrder) throws(RiskReject) -> PreTradeApproval {
        var slot = -1
        return try evaluate(order, credit: 0, isNew: true, slot: &slot)
    }

    /// The pre-trade check of a live order's amendment to `order.price` and
    /// `order.quantity` (its remaining quantity): as ``check(_:)``, with the order's current
    /// reservation counted as available and without the open-order limit.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func checkAmend(_ order: PreTradeOrder) throws(RiskReject) -> PreTradeApproval {
        guard let slot = reservations.ids.find(order.orderId) else { throw .badQuantity }
        var position = -1
        return try evaluate(order, credit: reservations.reservedColumn[Int(slot)], isNew: false, slot: &position)
    }

    /// Replaces the reservation of live order `orderId` after an amendment: `lots`
    /// remaining, `reserved` money held (the account's reserved total moves by the change).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func replaceReservation(_ orderId: Int64, lots: Int64, reserved: Int64) {
        guard let slot = reservations.ids.find(orderId) else { return }
        let i = Int(slot)
        let account = Int(reservations.accountColumn[i])
        accounts.reservedColumn.add(reserved &- reservations.reservedColumn[i], at: account)
        reservations.reservedColumn[i] = reserved
        reservations.remainingColumn[i] = lots
    }

    /// The check itself; `found` receives the account's position slot in the symbol (−1
    /// if it has none), which ``admit(_:)`` reuses instead of a second lookup.
    @inlinable @inline(__always)
    func evaluate(_ order: PreTradeOrder, credit: Int64, isNew: Bool,
                  slot found: inout Int) throws(RiskReject) -> PreTradeApproval {
        guard isConfigured(order.symbol) else { throw .unknownSymbol }
        let symbol = symbolTable + order.symbol
        if globalHalt || symbol.pointee.halted { throw .halted }
        let account = order.account
        guard accounts.isUser(account) else { throw .unknownAccount }
        let lots = order.quantity.lots
        let price = order.price.ticks
        guard lots >= symbol.pointee.minLots && lots <= symbol.pointee.maxLots && price > 0 else { throw .badQuantity }
        let mark = symbol.pointee.mark
        let band = symbol.pointee.band.e8
        if !order.isMarket && band > 0 && mark > 0 {
            // |price − mark| / mark > band  ⇔  |price − mark| × 10^8 > mark × band
            let distance = Int128(price &- mark).magnitude * UInt128(Rate.one)
            if distance > Int128(mark).magnitude * UInt128(band) { throw .priceBand }
        }
        guard !isNew || accounts.openOrderColumn[account] < maxOpenOrdersPerAccount else { throw .tooManyOrders }
        var size: Int64 = 0
        var leverage = positions.defaultLeverage(order.symbol)
        if let slot = positions.slot(account: account, symbol: order.symbol) {
            found = slot
            size = positions.sizeColumn[slot]
            leverage = Int64(positions.leverageColumn[slot])
        }
        if order.reduceOnly {
            guard size != 0 && (size > 0) != order.isBuy else { throw .reduceOnly }
            return PreTradeApproval(quantity: Quantity(lots: min(lots, size.magnitude > UInt64(Int64.max) ? Int64.max : abs(size))),
                                    reservation: .zero)
        }
        // The cross positions at the mark, walked here so that the walk overlaps with the
        // leverage and fee work below (and with no branch on whether the order opens).
        let loss = crossUnrealizedLoss(account)
        let signed = order.isBuy ? lots : 0 &- lots
        let (resulting, o1) = size.addingReportingOverflow(signed)
        let k = symbol.pointee.scale.moneyPerTickLot
        // Notionals of the order and of the resulting position, overflow-checked in 64 bits
        // (a notional that does not fit is above every bracket: LEVERAGE).
        let (perLot, o2) = price.multipliedReportingOverflow(by: k)
        let (orderNotional, o3) = perLot.multipliedReportingOverflow(by: lots)
        let (resultingNotional, o4) = perLot.multipliedReportingOverflow(by: resulting == Int64.min ? Int64.max : abs(resulting))
        guard !(o1 || o2 || o3 || o4), orderNotional < RiskLimits.maxNotional,
              resultingNotional < RiskLimits.maxNotional else { throw .leverage }
        let maxLeverage = brackets(order.symbol).maxLeverage(at: Money(units: resultingNotional))
        guard leverage <= maxLeverage else { throw .leverage }
        // Opening part: all of it unless it reduces; beyond the position if it reverses.
        let reduces = size != 0 && (size > 0) != order.isBuy
        let openingLots = reduces ? max(0, lots &- abs(size)) : lots
        let openingNotional = openingLots &* price &* k   // ≤ orderNotional < 2^63
        let initialMargin = ExactDivision.ceiling(openingNotional, leverage)
        let feeRate = order.postOnly ? symbol.pointee.makerRate.e8 : symbol.pointee.takerRate.e8
        var fee: Int64 = 0
        if feeRate > 0 {
            let (product, overflow) = orderNotional.multipliedReportingOverflow(by: feeRate)
            fee = overflow ? Int64(clamping: ExactDivision.ceilingE8(Int128(orderNotional) * Int128(feeRate)))
                           : ExactDivision.ceilingE8(product)
        }
        let (need, o5) = initialMargin.addingReportingOverflow(fee)
        // An order that opens is charged the account's cross unrealized loss at the mark
        // (money already lost); one that only reduces is not, so a closing order keeps
        // working for an account under water.
        let (free, o6) = (available(account).units &+ credit).addingReportingOverflow(openingLots > 0 ? loss : 0)
        guard !o5 && !o6 && need <= free else { throw .insufficientMargin }
        return PreTradeApproval(quantity: Quantity(lots: lots), reservation: Money(units: need))
    }

    /// Checks an order and, if it passes, reserves its money, counts it as a live order of
    /// the account and makes sure the account has a position slot in the symbol (so that
    /// clearing its trades cannot fail for capacity).
    ///
    /// - Throws: the check's reason, `DUPLICATE_ORDER_ID` or `CAPACITY`; nothing changes then.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func admit(_ order: PreTradeOrder) throws(RiskReject) -> PreTradeApproval {
        let (approval, slot) = try evaluateForAdmission(order)
        do throws(RiskReject) {
            try reservations.insert(orderId: order.orderId, account: order.account, symbol: order.symbol,
                                    lots: approval.quantity.lots, reserved: approval.reservation.units)
        } catch {
            positions.releaseIfIdle(slot, accounts: &accounts)
            throw error
        }
        commitAdmission(order, approval, slot: slot)
        return approval
    }

    /// The check of ``admit(_:)`` and ``admitPending(_:)``: folds parked funding, evaluates
    /// the order and makes sure the account has a position slot in the symbol (acquired here
    /// if it had none; the caller releases it if the admission fails later).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    mutating func evaluateForAdmission(_ order: PreTradeOrder) throws(RiskReject) -> (PreTradeApproval, slot: Int) {
        // Move funding parked since the last settlement into the balance column once, so
        // that later checks of this account read it without a walk.
        if accounts.isUser(order.account) { foldFunding(order.account) }
        // `evaluate` (inlined), not `check`: a call of a non-mutating method on `self` from
        // this mutating one copied the whole 456-byte core onto the stack first.
        var found = -1
        let approval = try evaluate(order, credit: 0, isNew: true, slot: &found)
        if found >= 0 { return (approval, found) }
        do throws(CapacityError) {
            return (approval, try positions.acquireSlot(account: order.account, symbol: order.symbol, accounts: &accounts))
        } catch { throw .capacity }
    }

    /// Reserves the approved money and counts the order as live (account and position slot).
    @inlinable @inline(__always)
    mutating func commitAdmission(_ order: PreTradeOrder, _ approval: PreTradeApproval, slot: Int) {
        accounts.reservedColumn.add(approval.reservation.units, at: order.account)
        accounts.openOrderColumn.add(1, at: order.account)
        positions.orderColumn.add(1, at: slot)
    }

    /// Releases the reservation of `lots` filled of live order `orderId` (all of it on the
    /// last fill, which also ends the order). Returns false for an unknown order id.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    @discardableResult
    public mutating func orderFilled(_ orderId: Int64, lots: Int64) -> Bool {
        orderFilled(orderId, lots: lots, known: .none)
    }

    /// ``orderFilled(_:lots:)`` with the order's position slot possibly known (`known`).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    @discardableResult
    mutating func orderFilled(_ orderId: Int64, lots: Int64, known: PositionSlotHint) -> Bool {
        guard let r = reservations.fill(orderId: orderId, lots: lots) else { return false }
        accounts.reservedColumn.subtract(r.release, at: r.account)
        if r.done { endOrder(account: r.account, symbol: r.symbol, known: known) }
        return true
    }

    /// Releases everything reserved for live order `orderId` (cancel, expiry, or an order
    /// the book refused after admission). Returns false for an unknown order id.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    @discardableResult
    public mutating func orderEnded(_ orderId: Int64) -> Bool {
        guard let r = reservations.remove(orderId: orderId) else { return false }
        accounts.reservedColumn.subtract(r.release, at: r.account)
        endOrder(account: r.account, symbol: r.symbol)
        return true
    }

    @inlinable @inline(__always)
    mutating func endOrder(account: Int, symbol: Int) {
        endOrder(account: account, symbol: symbol, known: .none)
    }

    /// ``endOrder(account:symbol:)`` with the position slot taken from `known` while it is
    /// still valid (no map probe then).
    @inlinable @inline(__always)
    mutating func endOrder(account: Int, symbol: Int, known: PositionSlotHint) {
        accounts.openOrderColumn.subtract(1, at: account)
        let hinted = known.slot(slotChanges: positions.slotChanges)
        assert(hinted < 0 || positions.slot(account: account, symbol: symbol) == hinted, "endOrder: a stale position slot")
        if let slot = hinted >= 0 ? hinted : positions.slot(account: account, symbol: symbol) {
            positions.orderColumn.subtract(1, at: slot)
            positions.releaseIfIdle(slot, accounts: &accounts)
        }
    }

    /// The live orders tracked for reservations.
    public var liveOrderCount: Int { reservations.count }
}
