import HFTBinance
import HFTEngine
import HFTService
import Hummingbird

/// The signed order endpoints of Binance USDⓈ-M Futures (spec §4.14–4.19): new, query,
/// cancel, modify, the three batch forms, open orders, cancel all, all orders.
struct OrderRoutes {
    let state: VenueServerState

    func register(on router: Router<VenueRequestContext>) {
        router.post("fapi/v1/order") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let headers = try state.countOrder(account: account)
            let order = try await place(p, account: account)
            return BinanceReply.json(order, headers: headers)
        }
        router.get("fapi/v1/order") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let (order, symbol) = try find(p, account: account, missing: .orderDoesNotExist)
            return BinanceReply.json(BinanceFormat.order(order, symbol: symbol, moneyDecimals: state.moneyDecimals))
        }
        router.delete("fapi/v1/order") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            return BinanceReply.json(try await cancel(p, account: account))
        }
        router.put("fapi/v1/order") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            return BinanceReply.json(try await modify(p, account: account))
        }
        router.post("fapi/v1/batchOrders") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            return BinanceReply.json(try await batch(p, account: account))
        }
        router.put("fapi/v1/batchOrders") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            return BinanceReply.json(try await batchModify(p, account: account))
        }
        router.delete("fapi/v1/batchOrders") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            return BinanceReply.json(try await batchCancel(p, account: account))
        }
        router.get("fapi/v1/openOrders") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let symbol = try p["symbol"].map { name throws(BinanceError) in try state.symbol(name) }
            let orders = state.sink.read { $0.openOrders(account: account, symbol: symbol?.index) }
            return BinanceReply.json(orders.map { BinanceFormat.order($0, symbol: state.symbols[Int($0.symbol)],
                                                                      moneyDecimals: state.moneyDecimals) })
        }
        router.delete("fapi/v1/allOpenOrders") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let outcome = try await state.submit(.cancelAll(account: account, symbol: symbol.index))
            if let reject = outcome.commandReject { throw BinanceError(reject) }
            return BinanceReply.json(BinanceCodeMessage.allOpenOrdersCanceled)
        }
        router.get("fapi/v1/allOrders") { request, context in
            let (p, account) = try await state.signed(request, context: context)
            let symbol = try state.symbol(try p.requiredString("symbol"))
            let limit = Int(try p.int64("limit") ?? 500)
            let fromId = try p.int64("orderId")
            let (start, end) = try MarketRoutes.window(p)
            let orders = state.sink.read {
                $0.allOrders(account: account, symbol: symbol.index, fromId: fromId, startTime: start, endTime: end, limit: limit)
            }
            return BinanceReply.json(orders.map { BinanceFormat.order($0, symbol: symbol, moneyDecimals: state.moneyDecimals) })
        }
    }

    /// Places a NEW order and answers the order after matching (RESULT).
    func place(_ p: BinanceParameters, account: Int64) async throws -> BinanceOrder {
        var order = try NewOrder(p, account: account, symbols: state.symbolsByName) { symbol in
            state.sink.read { $0.prices(symbol: symbol)?.markPrice }
        }
        let clientId = order.clientOrderId
        if !clientId.isEmpty {
            let reserved = state.clientOrderIds.reserve(account: account, clientOrderId: clientId) {
                state.sink.read { $0.isOpenClientOrderId(account: account, clientOrderId: clientId) }
            }
            guard reserved else { throw BinanceError.duplicateClientOrderId }
        }
        defer { if !clientId.isEmpty { state.clientOrderIds.release(account: account, clientOrderId: clientId) } }
        let outcome = try await state.submit(order.command)
        if let reject = outcome.commandReject { throw BinanceError(reject) }
        order.command = outcome.command
        let id = Int64(bitPattern: outcome.sequence)
        // A refused order, and a FOK or post-only order that expired whole, leave no order
        // behind (spec §3): their refusals come from the command's own events.
        let traded = outcome.events.contains { $0.kind == .trade && $0.a == id }
        for event in outcome.events where event.a == id {
            if event.kind == .rejected, let reason = RejectReason(rawValue: event.code) { throw BinanceError(order: reason) }
            if event.kind == .expired, !traded, let reason = ExpireReason(rawValue: event.code),
               let error = BinanceError(expire: reason) { throw error }
        }
        guard let placed = state.sink.read({ $0.order(id: id) }) else { throw BinanceError.unknown }
        return BinanceFormat.order(placed, symbol: order.symbol, moneyDecimals: state.moneyDecimals)
    }

    /// The order named by `orderId` or `origClientOrderId` of `account` on `symbol`.
    func find(_ p: BinanceParameters, account: Int64, missing: BinanceError) throws -> (LedgerOrder, ServiceSymbol) {
        let symbol = try state.symbol(try p.requiredString("symbol"))
        let found: LedgerOrder?
        if let id = try p.int64("orderId") {
            found = state.sink.read { $0.order(id: id) }
        } else if let clientId = p["origClientOrderId"] {
            found = state.sink.read { $0.order(account: account, clientOrderId: clientId) }
        } else {
            throw BinanceError.mandatoryParameter("orderId")
        }
        guard let order = found, order.account == account, order.symbol == symbol.index else {
            // Only the primary can say an order does not exist: a standby or replica may not
            // have applied it yet (a client that lost a reply asks before it sends again).
            throw state.host.role == .primary ? missing : BinanceError.disconnected
        }
        return (order, symbol)
    }

    func cancel(_ p: BinanceParameters, account: Int64) async throws -> BinanceOrder {
        let (order, symbol) = try find(p, account: account, missing: .unknownOrderCancel)
        guard order.status.isOpen else { throw BinanceError.unknownOrderCancel }
        let outcome = try await state.submit(.cancelOrder(order.id))
        if let reject = outcome.commandReject { throw BinanceError(reject) }
        guard let after = state.sink.read({ $0.order(id: order.id) }), after.status == .canceled else {
            throw BinanceError.unknownOrderCancel   // filled or gone before the cancel was sequenced
        }
        return BinanceFormat.order(after, symbol: symbol, moneyDecimals: state.moneyDecimals)
    }
}

extension OrderRoutes {
    /// `PUT /fapi/v1/order` and `order.modify`: a resting LIMIT order's new price and
    /// quantity (`quantity`, `price`, `side` as Binance requires them); the venue amends
    /// it in place (priority kept only when the price is unchanged and the size shrinks).
    func modify(_ p: BinanceParameters, account: Int64) async throws -> BinanceOrder {
        let (order, symbol) = try find(p, account: account, missing: .orderDoesNotExist)
        guard order.status.isOpen, order.type == .limit else { throw BinanceError.unknownOrderCancel }
        let lots = try BinanceDecimal.parse(try p.requiredString("quantity"), step: symbol.lot, field: .quantity)
        let ticks = try BinanceDecimal.parse(try p.requiredString("price"), step: symbol.tick, field: .price)
        guard ticks >= symbol.minPriceTicks else { throw BinanceError.priceBelowMin }
        guard ticks <= symbol.maxPriceTicks else { throw BinanceError.priceAboveMax }
        guard lots >= symbol.minQuantityLots, lots <= symbol.maxQuantityLots else { throw BinanceError.quantityBelowMin }
        guard lots > order.executedQuantity else { throw BinanceError.quantityBelowMin }
        // Binance's quantity is the new original quantity; the venue amends the remainder.
        let outcome = try await state.submit(.amendOrder(order.id, price: Price(ticks: ticks),
                                                         quantity: Quantity(lots: lots - order.executedQuantity)))
        if let reject = outcome.commandReject { throw BinanceError(reject) }
        if let reason = outcome.events.first(where: { $0.kind == .rejected })?.code, let r = RejectReason(rawValue: reason) {
            throw BinanceError(order: r)
        }
        guard let after = state.sink.read({ $0.order(id: order.id) }) else { throw BinanceError.orderDoesNotExist }
        return BinanceFormat.order(after, symbol: symbol, moneyDecimals: state.moneyDecimals)
    }
}

extension OrderRoutes {
    /// `POST /fapi/v1/batchOrders`: up to 5 orders in `batchOrders` (a JSON array of
    /// order objects); each gets its order or its own `{"code","msg"}` in the reply, in
    /// order, as Binance answers.
    func batch(_ p: BinanceParameters, account: Int64) async throws -> [BinanceBatchItem] {
        let items = try BinanceBatchOrders.decode(try p.requiredString("batchOrders"))
        guard (1...5).contains(items.count) else { throw BinanceError.invalidParameter("batchOrders") }
        return await each(items) { item in
            _ = try state.countOrder(account: account)
            return try await place(item, account: account)
        }
    }

    /// `PUT /fapi/v1/batchOrders`: up to 5 modifications in `batchOrders` (objects with
    /// `symbol`, `orderId` or `origClientOrderId`, `side`, `quantity`, `price`), each
    /// answered like `PUT /fapi/v1/order`, in order. Each counts as an order against the
    /// order-count limits, as on Binance.
    func batchModify(_ p: BinanceParameters, account: Int64) async throws -> [BinanceBatchItem] {
        let items = try BinanceBatchOrders.decode(try p.requiredString("batchOrders"))
        guard (1...5).contains(items.count) else { throw BinanceError.invalidParameter("batchOrders") }
        return await each(items) { item in
            _ = try state.countOrder(account: account)
            return try await modify(item, account: account)
        }
    }

    /// `DELETE /fapi/v1/batchOrders`: cancels up to 10 orders of `symbol` named by
    /// `orderIdList` (a JSON array of ids) or `origClientOrderIdList` (a JSON array of
    /// client ids); each is answered like `DELETE /fapi/v1/order`, in order.
    func batchCancel(_ p: BinanceParameters, account: Int64) async throws -> [BinanceBatchItem] {
        let symbol = try p.requiredString("symbol")
        let items: [BinanceParameters]
        if let list = p["orderIdList"] {
            items = try BinanceBatchOrders.decodeList(list, name: "orderIdList").map { id throws(BinanceError) in
                try BinanceParameters(pairs: [("symbol", symbol), ("orderId", id)], signature: nil, signedPayload: [])
            }
        } else if let list = p["origClientOrderIdList"] {
            items = try BinanceBatchOrders.decodeList(list, name: "origClientOrderIdList").map { id throws(BinanceError) in
                try BinanceParameters(pairs: [("symbol", symbol), ("origClientOrderId", id)], signature: nil, signedPayload: [])
            }
        } else {
            throw BinanceError.mandatoryParameter("orderIdList")
        }
        guard (1...10).contains(items.count) else { throw BinanceError.invalidParameter("orderIdList") }
        return await each(items) { item in try await cancel(item, account: account) }
    }

    /// Runs `body` on each item in order; a refusal becomes that item's `{"code","msg"}`.
    private func each(_ items: [BinanceParameters],
                      _ body: (BinanceParameters) async throws -> BinanceOrder) async -> [BinanceBatchItem] {
        var replies: [BinanceBatchItem] = []
        for item in items {
            do {
                replies.append(.order(try await body(item)))
            } catch let error as BinanceError {
                replies.append(.error(BinanceCodeMessage(code: error.code, msg: error.message)))
            } catch {
                replies.append(.error(BinanceCodeMessage(code: BinanceError.unknown.code, msg: BinanceError.unknown.message)))
            }
        }
        return replies
    }
}
