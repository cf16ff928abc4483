/// The liquidation process (REFERENCES.md, "Liquidation and deleveraging"; Binance's
/// conventions): verify exactly, cancel open orders and re-check, IOC orders through the
/// book at the bankruptcy price (a bracket step at a time where that restores the margin),
/// the fee to the insurance fund, the remainder to the fund at the bankruptcy price, and
/// auto-deleveraging when the fund cannot cover the loss.
extension LiquidationEngine {
    /// Verifies and, if it is still below maintenance margin, liquidates user `account`:
    /// its isolated position in `symbol` when that position is isolated, else its cross
    /// margin (`symbol` < 0: cross). Returns true if anything was liquidated.
    ///
    /// - Complexity: O(open orders + positions) of the account plus the book work; an ADL
    ///   step adds O(positions of the symbol).
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func liquidate(account: Int, symbol: Int, matching: inout MatchingEngine, risk: inout RiskCore) -> Bool {
        guard account >= 0 && account < userCapacity else { return false }
        statistics.verified &+= 1
        var isolatedSlot = -1
        if symbol >= 0, let s = risk.positions.slot(account: account, symbol: symbol), risk.positions.mode(s) == .isolated {
            isolatedSlot = s
        }
        if isolatedSlot >= 0 {
            return liquidateIsolated(account: account, symbol: symbol, matching: &matching, risk: &risk)
        }
        return liquidateCross(account: account, matching: &matching, risk: &risk)
    }

    /// Exact isolated test: isolated margin + uPnL < maintenance margin.
    @inlinable
    func isolatedBelow(slot: Int, risk: borrowing RiskCore) -> Bool {
        if risk.positions.size(slot) == 0 { return false }
        let ticks = risk.valuationPrice(risk.positions.symbol(slot))
        let equity = risk.positions.margin(slot) &+ risk.unrealizedPnL(slot: slot, ticks: ticks)
        return equity < risk.maintenanceMargin(slot: slot, ticks: ticks)
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func liquidateIsolated(account: Int, symbol: Int, matching: inout MatchingEngine, risk: inout RiskCore) -> Bool {
        guard let first = risk.positions.slot(account: account, symbol: symbol), isolatedBelow(slot: first, risk: risk) else {
            statistics.falseAlarms &+= 1
            refresh(account: account, risk: risk)
            return false
        }
        cancelOrders(account: account, symbol: symbol, matching: &matching, risk: &risk)
        guard let slot = risk.positions.slot(account: account, symbol: symbol), isolatedBelow(slot: slot, risk: risk) else {
            statistics.rescuedByCancel &+= 1
            refresh(account: account, risk: risk)
            return false
        }
        let ticks = risk.valuationPrice(symbol)
        if risk.positions.margin(slot) &+ risk.unrealizedPnL(slot: slot, ticks: ticks) < 0 { statistics.bankruptAccounts &+= 1 }
        var rounds = 0
        var partialAllowed = configuration.partialLiquidation
        var closedAll = false
        while rounds < 64 {
            guard let s = risk.positions.slot(account: account, symbol: symbol), risk.positions.size(s) != 0 else {
                closedAll = true
                break
            }
            if !isolatedBelow(slot: s, risk: risk) { break }
            let filledAll = closeStep(account: account, symbol: symbol, isolated: true, partialAllowed: partialAllowed,
                                      matching: &matching, risk: &risk)
            if !filledAll { partialAllowed = false }
            rounds &+= 1
        }
        if !closedAll, let s = risk.positions.slot(account: account, symbol: symbol), risk.positions.size(s) == 0 { closedAll = true }
        if closedAll { statistics.fullLiquidations &+= 1 } else { statistics.partialLiquidations &+= 1 }
        refresh(account: account, risk: risk)
        noteFund(risk: risk)
        return true
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func liquidateCross(account: Int, matching: inout MatchingEngine, risk: inout RiskCore) -> Bool {
        var margin = risk.accountMargin(account)
        guard margin.isLiquidatable else {
            statistics.falseAlarms &+= 1
            refresh(account: account, risk: risk)
            return false
        }
        cancelOrders(account: account, symbol: -1, matching: &matching, risk: &risk)
        margin = risk.accountMargin(account)
        guard margin.isLiquidatable else {
            statistics.rescuedByCancel &+= 1
            refresh(account: account, risk: risk)
            return false
        }
        if margin.crossEquity < 0 { statistics.bankruptAccounts &+= 1 }
        var rounds = 0
        var partialAllowed = configuration.partialLiquidation
        var closedAll = false
        while rounds < 64 {
            margin = risk.accountMargin(account)
            if !margin.isLiquidatable { break }
            // The cross position with the largest maintenance margin goes first.
            var best = -1
            var bestMM: Int64 = -1
            var slot = risk.accounts.firstPosition(account)
            while slot >= 0 {
                if risk.positions.size(slot) != 0 && risk.positions.mode(slot) == .cross {
                    let mm = risk.maintenanceMargin(slot: slot, ticks: risk.valuationPrice(risk.positions.symbol(slot)))
                    if mm > bestMM { bestMM = mm; best = slot }
                }
                slot = risk.positions.nextSlot(ofAccount: slot)
            }
            if best < 0 { closedAll = true; break }
            let filledAll = closeStep(account: account, symbol: risk.positions.symbol(best), isolated: false,
                                      partialAllowed: partialAllowed, matching: &matching, risk: &risk)
            if !filledAll { partialAllowed = false }
            rounds &+= 1
        }
        if !closedAll {
            var open = false
            var slot = risk.accounts.firstPosition(account)
            while slot >= 0 {
                if risk.positions.size(slot) != 0 && risk.positions.mode(slot) == .cross { open = true }
                slot = risk.positions.nextSlot(ofAccount: slot)
            }
            closedAll = !open
        }
        if closedAll {
            statistics.fullLiquidations &+= 1
            settleDeficit(account: account, risk: &risk)
        } else {
            statistics.partialLiquidations &+= 1
        }
        refresh(account: account, risk: risk)
        noteFund(risk: risk)
        return true
    }

    /// One step: an IOC order at the bankruptcy price for the whole position (or, with
    /// `partialAllowed`, enough to step its notional down one bracket), the fee on what
    /// filled, and — for a whole-position step — the remainder to the fund or to ADL.
    /// Returns true if the book filled the whole order.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func closeStep(account: Int, symbol: Int, isolated: Bool, partialAllowed: Bool,
                            matching: inout MatchingEngine, risk: inout RiskCore) -> Bool {
        guard let slot = risk.positions.slot(account: account, symbol: symbol) else { return true }
        let size = risk.positions.size(slot)
        let isLong = size > 0
        let held = size.magnitude > UInt64(Int64.max) ? Int64.max : abs(size)
        let mark = risk.valuationPrice(symbol)
        let k = risk.moneyPerTickLot(symbol)
        let margin = risk.accountMargin(account)
        // A long whose bankruptcy price would be ≤ 0 sells at any price (limit one tick); a
        // short that is bankrupt at every price (its wallet is already negative) is closed
        // at the mark, the rest of its loss going to the fund as a deficit.
        var bankruptcy = risk.bankruptcyPrice(slot: slot, margin: margin)?.ticks ?? 0
        if bankruptcy <= 0 { bankruptcy = isLong ? 1 : max(mark, 1) }
        // Partial: close just enough to fall into the next lower bracket.
        var quantity = held
        var partial = false
        if partialAllowed && mark > 0 {
            let brackets = risk.brackets(symbol)
            let b = brackets.bracketIndex(for: Money(units: risk.notional(slot: slot, ticks: mark)))
            if b > 0 && b < brackets.count {
                let target = brackets[b &- 1].notionalCap.units &- 1
                let (perLot, overflow) = mark.multipliedReportingOverflow(by: k)
                let keep = !overflow && perLot > 0 ? target / perLot : 0
                if keep > 0 && keep < held {
                    quantity = held &- keep
                    partial = true
                }
            }
        }
        let balanceBefore = risk.accounts.balance(account).units
        let isolatedMarginBefore = risk.positions.margin(slot)
        // IOC through the book at the bankruptcy price.
        let orderId = takeOrderId(matching)
        statistics.liquidationOrders &+= 1
        matchEvents.removeAll()
        let request = OrderRequest.limit(id: orderId, account: Int64(account), symbol: SymbolID(Int32(truncatingIfNeeded: symbol)),
                                         side: isLong ? .sell : .buy, price: Price(ticks: bankruptcy),
                                         quantity: Quantity(lots: quantity), timeInForce: .ioc)
        let eventIndex = emit(LiquidationEvent(kind: .liquidation, step: .order, side: isLong ? .sell : .buy,
                                               symbol: Int32(truncatingIfNeeded: symbol), account: Int64(account),
                                               quantity: quantity, price: bankruptcy, mark: mark, amount: orderId,
                                               isolated: isolated, partial: partial), risk: risk)
        matching.submit(request, into: &matchEvents)
        let filled = clearBookFills(account: account, symbol: symbol, isLong: isLong, risk: &risk)
        statistics.bookFilledLots &+= filled
        if eventIndex >= 0 { events[eventIndex].filled = filled }
        // Fee on the notional closed in the book, capped at what the account still has.
        if filled > 0 && configuration.feeRate.e8 > 0 {
            chargeFee(account: account, symbol: symbol, lots: filled, mark: mark, isolated: isolated,
                      isolatedFunds: isolatedMarginBefore &+ (risk.accounts.balance(account).units &- balanceBefore),
                      risk: &risk)
        }
        let remainder = quantity &- filled
        if remainder <= 0 { return true }
        if partial { return false }
        takeOverOrDeleverage(account: account, symbol: symbol, isLong: isLong, lots: remainder, bankruptcy: bankruptcy,
                             mark: mark, risk: &risk)
        return false
    }

    /// Clears the trades of the last liquidation or fund order in ``matchEvents``
    /// (taker `account`, no taker fee), releases the makers' reservations, keeps the
    /// open-order index and the makers' triggers current. Returns the lots filled.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func clearBookFills(account: Int, symbol: Int, isLong: Bool, risk: inout RiskCore) -> Int64 {
        var filled: Int64 = 0
        let makerRate = risk.symbolRisk(symbol).makerRate.e8
        var i = 0
        while i < matchEvents.count {
            let event = matchEvents.events[i]
            if event.kind == .trade {
                let lots = event.quantity.lots
                let maker = Int(truncatingIfNeeded: event.counterAccount)
                if risk.liquidationFill(symbol: symbol, ticks: event.price.ticks, lots: isLong ? 0 &- lots : lots,
                                        account: account, counter: maker, counterFeeRate: makerRate, recordsTrade: true) {
                    filled &+= lots
                    emit(LiquidationEvent(kind: .liquidation, step: .fill, side: isLong ? .sell : .buy,
                                          symbol: Int32(truncatingIfNeeded: symbol), account: Int64(account),
                                          counterAccount: Int64(maker), quantity: lots, filled: event.orderId,
                                          price: event.price.ticks, amount: event.counterOrderId), risk: risk)
                }
                risk.orderFilled(event.counterOrderId, lots: lots)
                if event.leaves.lots == 0 { openOrders.remove(orderId: event.counterOrderId) }
                refresh(account: maker, risk: risk)
            }
            i &+= 1
        }
        matchEvents.removeAll()
        return filled
    }

    /// Charges the liquidation fee on `lots` at `mark`, at most the account's remaining
    /// equity, to the insurance fund. For an isolated position the remaining equity is
    /// `isolatedFunds` (its margin before the fill plus the PnL the fill realized) plus
    /// the uPnL of what is left of it; the fee then leaves its isolated margin too.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func chargeFee(account: Int, symbol: Int, lots: Int64, mark: Int64, isolated: Bool, isolatedFunds: Int64,
                            risk: inout RiskCore) {
        // The notional saturates at Int64.max (the fee is capped at the account's equity
        // below anyway), so the product with a rate ≤ 100% stays inside 128 bits.
        let wide = RiskCore.wideProduct(lots, max(mark, 0), risk.moneyPerTickLot(symbol)) ?? Int128(Int64.max)
        let notional = min(wide.magnitude, UInt128(Int64.max))
        var fee = Int64(clamping: ExactDivision.ceilingE8(Int128(notional) * Int128(configuration.feeRate.e8)))
        var isolatedSlot = -1
        var room: Int64
        if isolated {
            room = isolatedFunds
            if let s = risk.positions.slot(account: account, symbol: symbol), risk.positions.size(s) != 0 {
                isolatedSlot = s
                room = risk.positions.margin(s) &+ risk.unrealizedPnL(slot: s, ticks: risk.valuationPrice(symbol))
            }
        } else {
            room = risk.accountMargin(account).crossEquity
        }
        fee = min(fee, max(0, room))
        if fee <= 0 { return }
        risk.transferBalance(from: account, to: risk.accounts.insuranceFund, amount: fee, isolatedSlot: isolatedSlot)
        statistics.feesCollected &+= fee
        emit(LiquidationEvent(kind: .insurance, step: .fee, side: .buy, symbol: Int32(truncatingIfNeeded: symbol),
                                       account: Int64(account), counterAccount: Int64(risk.accounts.insuranceFund),
                                       quantity: lots, mark: mark, amount: fee, isolated: isolated), risk: risk)
    }

    /// The fund's equity: balance + uPnL of its positions at the valuation prices.
    @inlinable
    func fundEquity(risk: borrowing RiskCore) -> Int64 {
        risk.accountMargin(risk.accounts.insuranceFund).equity
    }

    /// `lots × perLot × k` (lots > 0, k > 0) clamped to the `Int64` range: a loss compared
    /// with the fund's equity and reported, never moved as money.
    @inlinable @inline(__always)
    static func saturatedValue(_ lots: Int64, _ perLot: Int64, _ k: Int64) -> Int64 {
        if let value = RiskCore.wideProduct(lots, perLot, k) { return Int64(clamping: value) }
        return perLot > 0 ? Int64.max : Int64.min
    }

    /// Hands the `lots` the book could not absorb to the insurance fund at the bankruptcy
    /// price, or, when the fund's equity cannot cover the loss that implies at the mark,
    /// to ranked opposite positions (ADL) at the same price.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func takeOverOrDeleverage(account: Int, symbol: Int, isLong: Bool, lots: Int64, bankruptcy: Int64,
                                       mark: Int64, risk: inout RiskCore) {
        let fund = risk.accounts.insuranceFund
        let k = risk.moneyPerTickLot(symbol)
        // The fund buys a long's lots at the bankruptcy price (sells a short's); valued at mark.
        // Prices are ≥ 0, so the difference fits; the loss saturates (it is compared with
        // the fund's equity and reported, not moved).
        let perLot = isLong ? bankruptcy &- mark : mark &- bankruptcy
        let loss = LiquidationEngine.saturatedValue(lots, perLot, k)
        var rest = lots
        if loss <= 0 || fundEquity(risk: risk) >= loss {
            if risk.liquidationFill(symbol: symbol, ticks: bankruptcy, lots: isLong ? 0 &- lots : lots, account: account,
                                    counter: fund, counterFeeRate: 0, recordsTrade: false) {
                statistics.takeovers &+= 1
                emit(LiquidationEvent(kind: .insurance, step: .takeover, side: isLong ? .sell : .buy,
                                               symbol: Int32(truncatingIfNeeded: symbol), account: Int64(account),
                                               counterAccount: Int64(fund), quantity: lots, price: bankruptcy, mark: mark,
                                               amount: loss), risk: risk)
                return
            }
        }
        rest = deleverage(account: account, symbol: symbol, isLong: isLong, lots: rest, bankruptcy: bankruptcy, mark: mark,
                          risk: &risk)
        if rest > 0 {
            // No counterparty left: the fund takes the rest whatever its equity (reported).
            if risk.liquidationFill(symbol: symbol, ticks: bankruptcy, lots: isLong ? 0 &- rest : rest, account: account,
                                    counter: fund, counterFeeRate: 0, recordsTrade: false) {
                statistics.takeovers &+= 1
                emit(LiquidationEvent(kind: .insurance, step: .takeover, side: isLong ? .sell : .buy,
                                               symbol: Int32(truncatingIfNeeded: symbol), account: Int64(account),
                                               counterAccount: Int64(fund), quantity: rest, price: bankruptcy, mark: mark,
                                               amount: LiquidationEngine.saturatedValue(rest, perLot, k)), risk: risk)
            }
        }
    }

    /// Auto-deleveraging: closes up to `lots` of the liquidated position against opposite
    /// positions of other users at the bankruptcy price, in the order of the ranking
    /// PnlPct × MarginRatio (REFERENCES.md; PnlPct = max(0, uPnL) / max(1, WB),
    /// MarginRatio = MM / (WB + uPnL), 0 if WB + uPnL ≤ 0), highest first; ties by account.
    /// Positions in profit come first; the others follow with score 0. Returns the lots
    /// left over (no counterparty).
    ///
    /// - Complexity: O(positions of the symbol × their accounts' positions) to rank, plus
    ///   O(log n) per counterparty taken (a heap over preallocated scratch).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func deleverage(account: Int, symbol: Int, isLong: Bool, lots: Int64, bankruptcy: Int64, mark: Int64,
                             risk: inout RiskCore) -> Int64 {
        var n = 0
        let start = risk.positions.segmentStart(symbol)
        let end = start &+ risk.positions.count(symbol)
        var s = start
        while s < end && n < rankCapacity {
            let other = risk.positions.account(s)
            let size = risk.positions.size(s)
            if other != account && other < userCapacity && size != 0 && (size > 0) != isLong {
                let m = risk.accountMargin(other)
                let pnl = risk.unrealizedPnL(slot: s, ticks: mark)
                let isolated = risk.positions.mode(s) == .isolated
                let wallet = isolated ? risk.positions.margin(s) : m.crossWalletBalance
                let equity = isolated ? wallet &+ pnl : m.crossEquity
                let mm = isolated ? risk.maintenanceMargin(slot: s, ticks: mark) : m.crossMaintenanceMargin
                let pnlPct = Double(max(0, pnl)) / Double(max(1, wallet))
                let ratio = equity > 0 ? Double(mm) / Double(equity) : 0
                // Positions in profit rank above all others (score ≥ 0 vs −1).
                rankScores[n] = pnl > 0 ? pnlPct * ratio : -1
                rankAccounts[n] = Int32(truncatingIfNeeded: other)
                n &+= 1
            }
            s &+= 1
        }
        heapify(n)
        var rest = lots
        var rank = 0
        while rest > 0 && n > 0 {
            let counter = Int(rankAccounts[0])
            n &-= 1
            rankAccounts[0] = rankAccounts[n]; rankScores[0] = rankScores[n]
            siftDownRank(0, n)
            rank &+= 1
            guard let cs = risk.positions.slot(account: counter, symbol: symbol) else { continue }
            let size = risk.positions.size(cs)
            if size == 0 || (size > 0) == isLong { continue }
            let take = min(rest, abs(size))
            if risk.liquidationFill(symbol: symbol, ticks: bankruptcy, lots: isLong ? 0 &- take : take, account: account,
                                    counter: counter, counterFeeRate: 0, recordsTrade: false) {
                rest &-= take
                statistics.adlEvents &+= 1
                emit(LiquidationEvent(kind: .adl, step: .adl, side: isLong ? .buy : .sell,
                                               symbol: Int32(truncatingIfNeeded: symbol), account: Int64(counter),
                                               counterAccount: Int64(account), quantity: take, price: bankruptcy, mark: mark,
                                               amount: Int64(rank)), risk: risk)
                refresh(account: counter, risk: risk)
            }
        }
        return rest
    }

    @inlinable
    func rankAbove(_ a: Int, _ b: Int) -> Bool {
        rankScores[a] > rankScores[b] || (rankScores[a] == rankScores[b] && rankAccounts[a] < rankAccounts[b])
    }

    @inlinable
    mutating func heapify(_ n: Int) {
        var i = n / 2 &- 1
        while i >= 0 { siftDownRank(i, n); i &-= 1 }
    }

    @inlinable
    mutating func siftDownRank(_ start: Int, _ n: Int) {
        var p = start
        while true {
            let l = 2 &* p &+ 1
            if l >= n { return }
            var c = l
            if l &+ 1 < n && rankAbove(l &+ 1, l) { c = l &+ 1 }
            if !rankAbove(c, p) { return }
            let ta = rankAccounts[p], ts = rankScores[p]
            rankAccounts[p] = rankAccounts[c]; rankScores[p] = rankScores[c]
            rankAccounts[c] = ta; rankScores[c] = ts
            p = c
        }
    }

    /// After all cross positions are closed: a negative cross wallet balance is paid by the
    /// fund as far as its balance goes; what it cannot pay is reported as uncovered.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func settleDeficit(account: Int, risk: inout RiskCore) {
        let margin = risk.accountMargin(account)
        let wallet = margin.crossWalletBalance
        if wallet >= 0 { return }
        let fund = risk.accounts.insuranceFund
        let deficit = 0 &- wallet
        let pay = min(deficit, max(0, risk.accounts.balance(fund).units))
        if pay > 0 { risk.transferBalance(from: fund, to: account, amount: pay) }
        let uncovered = deficit &- pay
        if uncovered > 0 {
            statistics.uncoveredAccounts &+= 1
            statistics.uncoveredLoss &+= uncovered
        }
        emit(LiquidationEvent(kind: .insurance, step: .deficit, side: .buy, symbol: -1, account: Int64(account),
                                       counterAccount: Int64(fund), amount: pay, uncovered: uncovered), risk: risk)
    }

    /// Cancels the account's resting orders (all, or those of `symbol` when ≥ 0).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func cancelOrders(account: Int, symbol: Int, matching: inout MatchingEngine, risk: inout RiskCore) {
        var node = openOrders.firstNode(account: account)
        while node >= 0 {
            let next = openOrders.nextNode(node)
            if symbol < 0 || openOrders.symbol(node) == symbol {
                let id = openOrders.orderId(node)
                matchEvents.removeAll()
                RiskGate.cancel(orderId: id, matching: &matching, risk: &risk, into: &matchEvents)
                var i = 0
                while i < matchEvents.count {
                    let e = matchEvents.events[i]
                    if e.kind == .canceled {
                        emit(LiquidationEvent(kind: .liquidation, step: .cancel, side: e.side, symbol: e.symbol.index,
                                              account: Int64(account), quantity: e.quantity.lots, amount: e.orderId), risk: risk)
                    }
                    i &+= 1
                }
                openOrders.remove(orderId: id)
            }
            node = next
        }
        matchEvents.removeAll()
    }

    /// Unwinds the insurance fund's position in `symbol` through the book: one IOC order
    /// for the whole position, limited to the mark ± ``LiquidationConfiguration/unwindSlippage``.
    /// Returns the lots filled.
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public mutating func unwindFund(symbol: Int, matching: inout MatchingEngine, risk: inout RiskCore) -> Int64 {
        let fund = risk.accounts.insuranceFund
        guard let slot = risk.positions.slot(account: fund, symbol: symbol) else { return 0 }
        let size = risk.positions.size(slot)
        let mark = risk.valuationPrice(symbol)
        if size == 0 || mark <= 0 { return 0 }
        let isLong = size > 0
        let slip = Int64(clamping: ExactDivision.floorE8(Int128(mark) * Int128(configuration.unwindSlippage.e8)))
        let limit = max(1, isLong ? mark &- slip : mark &+ slip)
        let before = risk.accounts.balance(fund).units
        let orderId = takeOrderId(matching)
        matchEvents.removeAll()
        matching.submit(OrderRequest.limit(id: orderId, account: Int64(fund), symbol: SymbolID(Int32(truncatingIfNeeded: symbol)),
                                           side: isLong ? .sell : .buy, price: Price(ticks: limit),
                                           quantity: Quantity(lots: abs(size)), timeInForce: .ioc), into: &matchEvents)
        let filled = clearBookFills(account: fund, symbol: symbol, isLong: isLong, risk: &risk)
        if filled > 0 {
            emit(LiquidationEvent(kind: .insurance, step: .unwind, side: isLong ? .sell : .buy,
                                  symbol: Int32(truncatingIfNeeded: symbol), account: Int64(fund),
                                  quantity: abs(size), filled: filled, price: limit, mark: mark,
                                  amount: risk.accounts.balance(fund).units &- before), risk: risk)
            noteFund(risk: risk)
        }
        return filled
    }

    /// Appends `event` with the fund's balance after the step; returns its index, or −1
    /// if the buffer was full (counted in ``LiquidationStatistics/droppedEvents``).
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    mutating func emit(_ event: LiquidationEvent, risk: borrowing RiskCore) -> Int {
        var e = event
        e.fundBalance = risk.accounts.balances[risk.accounts.insuranceFund]
        let before = events.count
        events.append(e)
        if events.count == before { statistics.droppedEvents &+= 1; return -1 }
        return before
    }

    mutating func noteFund(risk: borrowing RiskCore) {
        let balance = risk.accounts.balance(risk.accounts.insuranceFund).units
        if balance < fundMinimum { fundMinimum = balance }
    }
}

extension LiquidationEngine {
    /// The id of the next liquidation or fund order: the next of the engine's own sequence
    /// (from ``LiquidationConfiguration/orderIdBase``) that no live order holds, so that a
    /// user order with an id in that range can never make a liquidation order a duplicate.
    ///
    /// - Complexity: O(1) expected (one id-index lookup per id skipped).
    @inlinable @_noAllocation
    mutating func takeOrderId(_ matching: borrowing MatchingEngine) -> Int64 {
        while matching.order(nextOrderId) != nil { nextOrderId &+= 1 }
        let id = nextOrderId
        nextOrderId &+= 1
        return id
    }
}
