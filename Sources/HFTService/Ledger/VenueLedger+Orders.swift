import HFTEngine

// Orders: the life of each order from the order events, the open-order and client-id
// indexes, retention of closed orders, and the order queries.

extension VenueLedger {
    /// The client id of an order without one: `hft-<orderId>` (deterministic, so a replay
    /// names it the same).
    public static func defaultClientOrderId(_ orderId: Int64) -> String { "hft-\(orderId)" }

    /// The client id of a liquidation order (Binance's prefix).
    public static func liquidationClientOrderId(_ orderId: Int64) -> String { "autoclose-\(orderId)" }

    func accepted(_ e: VenueEvent) {
        let request = command.kind == .newOrder && command.w0 == e.a ? command.orderRequest : nil
        let type: OrderType = request?.type ?? (e.b == 0 ? .market : .limit)
        let order = LedgerOrder(
            id: e.a, clientOrderId: (request != nil ? command.clientOrderId : nil) ?? Self.defaultClientOrderId(e.a),
            account: e.account, symbol: e.symbol, side: e.side, type: type,
            timeInForce: LedgerTimeInForce(request?.timeInForce ?? .gtc),
            reduceOnly: OrderFlags(rawValue: e.flags).contains(.reduceOnly), isLiquidation: false,
            originalQuantity: e.c, price: e.b, executedQuantity: 0, cumulativeQuote: 0, cumulativeTickLots: 0,
            status: .new, expireReason: nil, rejectReason: nil, time: e.timestamp, updateTime: e.timestamp,
            createdSequence: command.sequence)
        insert(order)
        if type == .limit && e.b > 0 {
            resting.insert(e.a)
            addLevel(symbol: e.symbol, side: e.side, price: e.b, lots: e.c)
        }
        changes.orders.append(OrderUpdate(executionType: .new, order: order, fill: nil))
    }

    func rejected(_ e: VenueEvent) {
        let reason = e.rejectReason
        changes.orderReject = reason
        // A refused new order is reported, not recorded; a refused amend or cancel leaves its order as it was.
        guard command.kind == .newOrder, command.w0 == e.a, orders[e.a] == nil else { return }
        let request = command.orderRequest
        let order = LedgerOrder(
            id: e.a, clientOrderId: command.clientOrderId ?? Self.defaultClientOrderId(e.a), account: e.account,
            symbol: e.symbol, side: request?.side ?? e.side, type: request?.type ?? .limit,
            timeInForce: LedgerTimeInForce(request?.timeInForce ?? .gtc),
            reduceOnly: OrderFlags(rawValue: e.flags).contains(.reduceOnly), isLiquidation: false,
            originalQuantity: e.c, price: e.b, executedQuantity: 0, cumulativeQuote: 0, cumulativeTickLots: 0,
            status: .rejected, expireReason: nil, rejectReason: reason, time: e.timestamp, updateTime: e.timestamp,
            createdSequence: command.sequence)
        changes.orders.append(OrderUpdate(executionType: .rejected, order: order, fill: nil))
    }

    func amended(_ e: VenueEvent) {
        guard var order = orders[e.a], order.status.isOpen else { return }
        if resting.contains(e.a) {
            addLevel(symbol: order.symbol, side: order.side, price: e.d, lots: 0 &- e.e)
            addLevel(symbol: order.symbol, side: order.side, price: e.b, lots: e.c)
        }
        order.price = e.b
        order.originalQuantity = order.executedQuantity &+ e.c
        order.updateTime = e.timestamp
        orders[e.a] = order
        changes.orders.append(OrderUpdate(executionType: .amendment, order: order, fill: nil))
    }

    /// Closes order `id` (canceled or expired): its remainder leaves the book.
    func closeOrder(_ id: Int64, status: LedgerOrderStatus, reason: ExpireReason?, execution: LedgerExecutionType) {
        guard var order = orders[id], order.status.isOpen else { return }
        if resting.remove(id) != nil {
            addLevel(symbol: order.symbol, side: order.side, price: order.price, lots: 0 &- order.remainingQuantity)
        }
        order.status = status
        order.expireReason = reason
        order.updateTime = command.timestamp
        unindexOpen(order)
        changes.orders.append(OrderUpdate(executionType: execution, order: order, fill: nil))
        // A new FOK or post-only order that expired whole without a trade is not recorded.
        let unrecorded = order.executedQuantity == 0 && order.createdSequence == command.sequence
            && command.kind == .newOrder && (reason == .fok || reason == .postOnly)
        if unrecorded {
            forget(order)
        } else {
            orders[id] = order
            retainClosed(id)
        }
    }

    /// A fill of order `id`: `lots` at `price`. Returns the order after it (nil: unknown).
    func fillOrder(_ id: Int64, lots: Int64, price: Int64, quote: Int64) -> LedgerOrder? {
        guard var order = orders[id], order.status.isOpen else { return nil }
        if resting.contains(id) { addLevel(symbol: order.symbol, side: order.side, price: order.price, lots: 0 &- lots) }
        order.executedQuantity &+= lots
        order.cumulativeQuote &+= quote
        order.cumulativeTickLots &+= price &* lots
        order.updateTime = command.timestamp
        if order.executedQuantity >= order.originalQuantity {
            order.status = .filled
            resting.remove(id)
            unindexOpen(order)
            orders[id] = order
            retainClosed(id)
        } else {
            order.status = .partiallyFilled
            orders[id] = order
        }
        return order
    }

    func liquidation(_ e: VenueEvent) {
        switch LiquidationEvent.Step(rawValue: e.code) {
        case .order:
            // account, quantity b, filled c, bankruptcy price d, order id e.
            let order = LedgerOrder(
                id: e.e, clientOrderId: Self.liquidationClientOrderId(e.e), account: e.account, symbol: e.symbol,
                side: e.side, type: .limit, timeInForce: .ioc, reduceOnly: true, isLiquidation: true,
                originalQuantity: e.b, price: e.d, executedQuantity: 0, cumulativeQuote: 0, cumulativeTickLots: 0,
                status: .new, expireReason: nil, rejectReason: nil, time: e.timestamp, updateTime: e.timestamp,
                createdSequence: command.sequence)
            if orders[e.e] == nil {
                insert(order)
                liquidationOrders.append(e.e)
                changes.orders.append(OrderUpdate(executionType: .new, order: order, fill: nil))
            }
        case .fill:
            // taker account, maker a, lots b, taker order c, price d, maker order e.
            fill(symbol: e.symbol, takerSide: e.side, takerOrder: e.c, takerAccount: e.account, makerOrder: e.e,
                 makerAccount: e.a, price: e.d, lots: e.b, takerPnL: 0, makerPnL: 0, liquidation: true)
        case .cancel:
            closeOrder(e.e, status: .canceled, reason: nil, execution: .canceled)
        default:
            break
        }
    }

    // MARK: The order store

    func insert(_ order: LedgerOrder) {
        orders[order.id] = order
        openByAccount[order.account, default: []].insert(order.id)
        let key = ClientKey(account: order.account, clientOrderId: order.clientOrderId)
        openClientIds[key] = order.id
        latestClientIds[key] = order.id
        histories[AccountSymbol(account: order.account, symbol: order.symbol), default: OrderHistory()].ids
            .append(.init(id: order.id, sequence: order.createdSequence))
    }

    func unindexOpen(_ order: LedgerOrder) {
        openByAccount[order.account]?.remove(order.id)
        if openByAccount[order.account]?.isEmpty == true { openByAccount[order.account] = nil }
        let key = ClientKey(account: order.account, clientOrderId: order.clientOrderId)
        if openClientIds[key] == order.id { openClientIds[key] = nil }
    }

    /// Removes an order created by the current command that is not to be recorded.
    func forget(_ order: LedgerOrder) {
        orders[order.id] = nil
        let key = ClientKey(account: order.account, clientOrderId: order.clientOrderId)
        if latestClientIds[key] == order.id { latestClientIds[key] = nil }
        let h = AccountSymbol(account: order.account, symbol: order.symbol)
        if histories[h]?.ids.last?.id == order.id { histories[h]?.ids.removeLast() }
        if histories[h]?.ids.isEmpty == true { histories[h] = nil }
    }

    /// Keeps a closed order; forgets the oldest closed one beyond the retention.
    func retainClosed(_ id: Int64) {
        closedIds.append(id)
        while closedIds.count - closedHead > configuration.closedOrderRetention {
            let old = closedIds[closedHead]
            closedHead += 1
            evict(old)
        }
        if closedHead > 4_096 && closedHead * 2 > closedIds.count {
            closedIds.removeFirst(closedHead)
            closedHead = 0
        }
    }

    func evict(_ id: Int64) {
        guard let order = orders[id], !order.status.isOpen else { return }
        orders[id] = nil
        let key = ClientKey(account: order.account, clientOrderId: order.clientOrderId)
        if latestClientIds[key] == id { latestClientIds[key] = nil }
        let h = AccountSymbol(account: order.account, symbol: order.symbol)
        guard var history = histories[h] else { return }
        history.stale += 1
        if history.stale * 2 > history.ids.count {
            history.ids.removeAll { orders[$0.id] == nil }
            history.stale = 0
        }
        histories[h] = history.ids.isEmpty ? nil : history
    }

    // MARK: Order queries

    /// The order `id` (open, or closed and still retained).
    public func order(id: Int64) -> LedgerOrder? { orders[id] }

    /// The account's order with `clientOrderId`: its open order with that id, else the
    /// latest retained one.
    public func order(account: Int64, clientOrderId: String) -> LedgerOrder? {
        let key = ClientKey(account: account, clientOrderId: clientOrderId)
        if let id = openClientIds[key] ?? latestClientIds[key] { return orders[id] }
        return nil
    }

    /// True if the account has an open order with `clientOrderId` (a new order with it is
    /// refused with -4116 before it reaches the venue).
    public func isOpenClientOrderId(account: Int64, clientOrderId: String) -> Bool {
        openClientIds[ClientKey(account: account, clientOrderId: clientOrderId)] != nil
    }

    /// The account's open orders (on `symbol` only, when given), by order id.
    ///
    /// - Complexity: O(k log k) for the account's k open orders.
    public func openOrders(account: Int64, symbol: Int32? = nil) -> [LedgerOrder] {
        guard let ids = openByAccount[account] else { return [] }
        var result: [LedgerOrder] = []
        result.reserveCapacity(ids.count)
        for id in ids {
            if let o = orders[id], symbol == nil || o.symbol == symbol { result.append(o) }
        }
        return result.sorted { $0.id < $1.id }
    }

    /// Open orders of the account (all symbols).
    public func openOrderCount(account: Int64) -> Int { openByAccount[account]?.count ?? 0 }

    /// `allOrders`: the account's retained orders on `symbol`, oldest first. With `fromId`,
    /// the first `limit` orders whose id ≥ fromId; otherwise the latest `limit`; only orders
    /// created within [startTime, endTime] when given. `limit` is clamped to 1 ... 1000.
    ///
    /// - Complexity: O(log n + result) with `fromId` (ids are command sequence numbers,
    ///   increasing; a liquidation order created earlier than `fromId`'s command is not
    ///   found that way), O(orders in the window) otherwise.
    public func allOrders(account: Int64, symbol: Int32, fromId: Int64? = nil, startTime: Int64? = nil,
                          endTime: Int64? = nil, limit: Int = 500) -> [LedgerOrder] {
        let limit = min(max(limit, 1), 1_000)
        guard let history = histories[AccountSymbol(account: account, symbol: symbol)] else { return [] }
        let ids = history.ids
        func accept(_ o: LedgerOrder) -> Bool {
            (startTime.map { o.time >= $0 } ?? true) && (endTime.map { o.time <= $0 } ?? true)
        }
        var result: [LedgerOrder] = []
        if let fromId {
            // Orders in creation (= sequence) order: the first created at or after fromId's command.
            var low = 0, high = ids.count
            while low < high {
                let mid = (low + high) / 2
                if Int64(bitPattern: ids[mid].sequence) < fromId { low = mid + 1 } else { high = mid }
            }
            var i = low
            while i < ids.count && result.count < limit {
                if let o = orders[ids[i].id], o.id >= fromId, accept(o) { result.append(o) }
                i += 1
            }
            return result
        }
        var i = ids.count - 1
        while i >= 0 && result.count < limit {
            if let o = orders[ids[i].id] {
                if let startTime, o.time < startTime { break }
                if accept(o) { result.append(o) }
            }
            i -= 1
        }
        return result.reversed()
    }

    /// Retained orders (open and closed) over all accounts.
    public var retainedOrderCount: Int { orders.count }
}
