// New orders, cancels, amends and cancel-all: the book behind the risk gate, and the
// book's events published as venue events with the balance changes of every fill.

extension Venue {
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func newOrder(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard let request = command.orderRequest else {
            events.append(VenueEvent(.rejected, code: RejectReason.badTimeInForce.rawValue, symbol: command.symbol,
                                     account: command.w1, a: command.w0, b: command.w2, c: command.w3))
            touch(command.w1, symbol: -1)
            return
        }
        if configuration.riskEnabled && isHalted(account: request.account) {
            events.append(VenueEvent(.rejected, code: RejectReason.halted.rawValue, side: request.side,
                                     flags: request.flags.rawValue, symbol: request.symbol.index,
                                     account: request.account, a: request.id, b: request.price.ticks,
                                     c: request.quantity.lots))
            return
        }
        if configuration.riskEnabled {
            RiskGate.submit(request, matching: &matching, risk: &risk, into: &orderEvents, clearings: clearings)
        } else {
            matching.submit(request, into: &orderEvents)
        }
        publishOrderEvents(into: &events)
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func cancelOrder(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        cancel(orderId: command.w0)
        publishOrderEvents(into: &events)
    }

    /// Cancels one order into ``orderEvents`` (through the risk gate with risk on).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    mutating func cancel(orderId: Int64) {
        if configuration.riskEnabled {
            RiskGate.cancel(orderId: orderId, matching: &matching, risk: &risk, into: &orderEvents, clearings: clearings)
        } else {
            matching.cancel(orderId: orderId, into: &orderEvents)
        }
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func amendOrder(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        let id = command.w0
        let price = Price(ticks: command.w2), quantity = Quantity(lots: command.w3)
        if configuration.riskEnabled, let record = matching.order(id), isHalted(account: record.account) {
            events.append(VenueEvent(.rejected, code: RejectReason.halted.rawValue, side: record.side,
                                     flags: record.flags.rawValue, symbol: record.symbol.index, account: record.account,
                                     a: id, b: price.ticks, c: quantity.lots))
            return
        }
        if configuration.riskEnabled {
            RiskGate.amend(orderId: id, price: price, quantity: quantity, matching: &matching, risk: &risk,
                           into: &orderEvents, clearings: clearings)
        } else {
            matching.amend(orderId: id, price: price, quantity: quantity, into: &orderEvents)
        }
        publishOrderEvents(into: &events)
    }

    /// Cancels every open order of an account (`symbol` −1: on all symbols), found through
    /// the per-account order list without a scan of the books. Needs risk on.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func cancelAll(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard userAccount(of: command, into: &events) != nil else { return }
        guard command.symbol == -1 || isSymbol(command.symbol) else {
            refuse(command, .unknownSymbol, account: command.w0, into: &events)
            return
        }
        cancelOrders(ofAccount: Int(command.w0), symbol: Int(command.symbol), into: &events)
    }

    /// Cancels the account's orders (on `symbol`, or all when −1): at most
    /// ``VenueConfiguration/maxOpenOrdersPerAccount``, which the event budget covers.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func cancelOrders(ofAccount account: Int, symbol: Int, into events: inout VenueEventBuffer) {
        var node = liquidation.openOrders.firstNode(account: account)
        while node >= 0 {
            let next = liquidation.openOrders.nextNode(node)
            if symbol < 0 || liquidation.openOrders.symbol(node) == symbol {
                cancel(orderId: liquidation.openOrders.orderId(node))
                // Publishing updates the order list (the node is released), hence `next` first.
                publishOrderEvents(into: &events)
            }
            node = next
        }
    }

    /// Publishes the events in ``orderEvents`` as venue events (with each fill's fee and
    /// realized-PnL balance changes), notes the accounts they changed, keeps the open-order
    /// list and the liquidation triggers current, and clears ``orderEvents``.
    ///
    /// Without a trade an order event changes no field of a `position` event (size, cost,
    /// margin, leverage, mode): its account is touched without the symbol, unless a
    /// position slot was taken or given back during the command (the position appeared or
    /// vanished), so a resting order or a cancel publishes only the `account` event.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func publishOrderEvents(into events: inout VenueEventBuffer) {
        let riskOn = configuration.riskEnabled
        let fee = Int64(risk.accounts.feeAccount)
        let slotsChanged = risk.positions.slotChanges != slotChangesBeforeCommand
        var traded = false
        var i = 0
        while i < orderEvents.count {
            let event = orderEvents.events[i]
            events.append(VenueEvent(event))
            if riskOn {
                let symbol = Int(event.symbol.index)
                if event.kind == .trade {
                    traded = true
                    touch(event.account, symbol: symbol)
                    touch(event.counterAccount, symbol: symbol)
                    touch(fee, symbol: -1)
                    let cleared = clearings[i]
                    publishFill(cleared.taker, account: event.account, symbol: event.symbol.index, into: &events)
                    publishFill(cleared.maker, account: event.counterAccount, symbol: event.symbol.index, into: &events)
                } else {
                    touch(event.account, symbol: slotsChanged ? symbol : -1)
                }
            }
            i &+= 1
        }
        if riskOn {
            liquidation.openOrders.track(orderEvents, from: 0, matching: matching)
            // Only after trades: passing the risk core to a call copies it (456 bytes).
            if traded && configuration.liquidationEnabled {
                liquidation.refreshTraders(orderEvents, from: 0, risk: risk)
            }
        }
        orderEvents.removeAll()
    }

    /// The balance events of one side of a fill: realized PnL and fee (each when not zero).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    func publishFill(_ fill: FillClearing, account: Int64, symbol: Int32, into events: inout VenueEventBuffer) {
        if fill.realizedPnL != 0 {
            events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.realizedPnL.rawValue, symbol: symbol,
                                     account: account, a: fill.realizedPnL))
        }
        if fill.fee != 0 {
            events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.fee.rawValue, symbol: symbol,
                                     account: account, a: 0 &- fill.fee))
        }
    }

    /// True if `account` is a user account halted by an account-scope halt or kill switch.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    func isHalted(account: Int64) -> Bool {
        account >= 0 && account < Int64(configuration.userAccounts) && accountHalted[Int(account)]
    }
}
