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
    /// order count), skipping `excluding`. O(live orders).
    func exposure(_ book: SymbolBook, excluding: Int? = nil) -> SymbolExposure {
        var e = SymbolExposure(position: book.ledger.quantity, openBuyQuantity: 0, openSellQuantity: 0, openOrders: 0,
                               referencePrice: book.referencePrice)
        for slot in book.live where slot != excluding {
            let o = orders[slot]
            let open = max(o.remainingQuantity, o.pendingModify.map { $0.quantity - o.cumulativeFilled } ?? 0)
            if o.side == .buy { e.openBuyQuantity += open } else { e.openSellQuantity += open }
            if o.state != .pendingCancel { e.openOrders += 1 }
        }
        return e
    }
}
