/// Read-only views of the OMS's book. All O(1) expected unless said otherwise.
extension OrderManager {
    /// The order with this client order id, if the OMS manages (or managed) it.
    public func order(clientOrderId: String) -> ManagedOrder? {
        slotByClientOrderId[clientOrderId].map { orders[$0] }
    }

    /// The order with this exchange order id, if the OMS has seen it.
    public func order(exchangeOrderId: Int64) -> ManagedOrder? {
        slotByExchangeOrderId[exchangeOrderId].map { orders[$0] }
    }

    /// The non-terminal orders of a symbol (pending ones included). O(live orders).
    public func openOrders(symbol: String) -> [ManagedOrder] {
        (books[symbol]?.live ?? []).map { orders[$0] }
    }

    /// The signed position of a symbol in quantity units (0 for an unknown symbol).
    public func position(symbol: String) -> Int64 { books[symbol]?.ledger.quantity ?? 0 }

    /// The position ledger of a symbol (quantity, entry notional, realized PnL, net quote).
    public func ledger(symbol: String) -> PositionLedger? { books[symbol]?.ledger }

    /// The average entry price of a symbol's position (price units, truncated), nil when flat.
    public func averageEntryPrice(symbol: String) -> Int64? { books[symbol]?.ledger.averageEntryPrice }

    /// The realized PnL of a symbol, price × quantity units.
    public func realizedPnL(symbol: String) -> Int128 { books[symbol]?.ledger.realizedPnL ?? 0 }

    /// The live orders whose last request had an unknown outcome (timeout, server error,
    /// unknown order): what the next reconciliation resolves. O(live orders).
    public var ordersNeedingReconciliation: [ManagedOrder] {
        books.keys.sorted().flatMap { symbol in books[symbol]!.live.map { orders[$0] }.filter(\.needsReconciliation) }
    }

    /// The trading state.
    public var tradingState: TradingState { risk.tradingState }

    /// The rules of a symbol, if added.
    public func rules(symbol: String) -> SymbolRules? { books[symbol]?.rules }

    /// The requests handed out whose outcome the caller has not reported yet, by id.
    public var pendingRequests: [UInt64: OMSRequest] { requestsInFlight }

    /// The number of actions waiting in the queues.
    public var queuedActionCount: Int { placeQueue.count + cancelQueue.count + modifyQueue.count }

    /// What risk sees of a symbol: position and the open quantities and count of live orders
    /// (orders pending cancel count toward quantities, the worst case, but not toward the
    /// order count). O(live orders).
    func currentExposure(symbol: String) -> SymbolExposure {
        var e = SymbolExposure(position: books[symbol]?.ledger.quantity ?? 0, openBuyQuantity: 0, openSellQuantity: 0,
                               openOrders: 0, referencePrice: books[symbol]?.referencePrice)
        guard let live = books[symbol]?.live else { return e }
        let orders = self.orders        // a read-only view: no exclusivity check per access
        for slot in live {
            let open = Self.openQuantity(orders[slot])
            if orders[slot].side == .buy { e.openBuyQuantity += open } else { e.openSellQuantity += open }
            if orders[slot].state != .pendingCancel { e.openOrders += 1 }
        }
        return e
    }

    /// The worst-case open quantity of the order in `slot`: its open quantity, or the open
    /// quantity a modify in flight asks for when that is larger.
    func openQuantity(_ slot: Int) -> Int64 { Self.openQuantity(orders[slot]) }

    static func openQuantity(_ o: borrowing ManagedOrder) -> Int64 {
        let remaining = o.remainingQuantity
        guard let target = o.pendingModify else { return remaining }
        return max(remaining, target.quantity - o.cumulativeFilled)
    }
}
