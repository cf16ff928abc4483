import HFTGateway
import HFTOrderManager

/// The one place where the gateway's Binance vocabulary (decimal text, `BUY`/`SELL`,
/// status names) meets the order manager's (integers at the symbol's decimals, enums).
/// Every conversion is exact; text that does not convert exactly gives `nil` and the
/// caller treats the message as unreadable (it is audited, and reconciliation repairs).
public enum WireConversion {
    static func side(_ wire: String) -> OMSSide? {
        switch wire {
        case "BUY": .buy
        case "SELL": .sell
        default: nil
        }
    }

    static func wire(_ side: OMSSide) -> String { side == .buy ? "BUY" : "SELL" }

    /// Binance's order status (`X`, `status`); `EXPIRED_IN_MATCH` (self-trade prevention) is expired.
    static func status(_ wire: String) -> ReportStatus? {
        switch wire {
        case "NEW": .new
        case "PARTIALLY_FILLED": .partiallyFilled
        case "FILLED": .filled
        case "CANCELED": .canceled
        case "EXPIRED", "EXPIRED_IN_MATCH": .expired
        case "REJECTED": .rejected
        default: nil
        }
    }

    /// An order from a reply or a query (`cumQuote` is exact at price × quantity decimals).
    static func report(_ reply: OrderReply, rules: SymbolRules, source: ReportSource) -> ExecutionReport? {
        guard let side = side(reply.side), let status = status(reply.status),
              let price = DecimalText.parse(reply.price, decimals: rules.priceDecimals),
              let quantity = DecimalText.parse(reply.origQty, decimals: rules.quantityDecimals),
              let filled = DecimalText.parse(reply.executedQty, decimals: rules.quantityDecimals) else { return nil }
        let quote = reply.cumQuote.flatMap { DecimalText.parse($0, decimals: rules.priceDecimals + rules.quantityDecimals) }
        return ExecutionReport(source: source, symbol: reply.symbol, clientOrderId: reply.clientOrderId,
                               exchangeOrderId: reply.orderId, side: side, status: status, price: price,
                               origQuantity: quantity, cumulativeFilled: filled, cumulativeQuote: quote.map { Int128($0) },
                               eventTime: reply.updateTime, transactionTime: reply.updateTime)
    }

    /// An `ORDER_TRADE_UPDATE`, with its fill when it is one (`t` > 0).
    static func report(_ event: OrderUpdateEvent, rules: SymbolRules) -> ExecutionReport? {
        let o = event.order
        guard let side = side(o.side), let status = status(o.status),
              let price = DecimalText.parse(o.price, decimals: rules.priceDecimals),
              let quantity = DecimalText.parse(o.originalQuantity, decimals: rules.quantityDecimals),
              let filled = DecimalText.parse(o.filledQuantity, decimals: rules.quantityDecimals) else { return nil }
        var fill: ReportFill?
        if o.tradeId > 0, let last = DecimalText.parse(o.lastFilledQuantity, decimals: rules.quantityDecimals), last > 0,
           let lastPrice = DecimalText.parse(o.lastFilledPrice, decimals: rules.priceDecimals) {
            fill = ReportFill(tradeId: o.tradeId, quantity: last, price: lastPrice)
        }
        return ExecutionReport(source: .stream, symbol: o.symbol, clientOrderId: o.clientOrderId, exchangeOrderId: o.orderId,
                               side: side, status: status, price: price, origQuantity: quantity, cumulativeFilled: filled,
                               lastFill: fill, eventTime: event.eventTime, transactionTime: event.transactionTime)
    }

    /// A fill from `userTrades`.
    static func trade(_ trade: TradeReply, rules: SymbolRules) -> UserTrade? {
        guard let side = side(trade.side), let price = DecimalText.parse(trade.price, decimals: rules.priceDecimals),
              let quantity = DecimalText.parse(trade.qty, decimals: rules.quantityDecimals) else { return nil }
        return UserTrade(tradeId: trade.id, exchangeOrderId: trade.orderId, symbol: trade.symbol, side: side, price: price,
                         quantity: quantity, time: trade.time)
    }

    static func request(_ place: PlaceOrder, rules: SymbolRules) -> NewOrderRequest {
        NewOrderRequest(symbol: place.symbol, side: wire(place.side), timeInForce: place.timeInForce.rawValue,
                        quantity: DecimalText.format(place.quantity, decimals: rules.quantityDecimals),
                        price: DecimalText.format(place.price, decimals: rules.priceDecimals), clientOrderId: place.clientOrderId)
    }

    static func request(_ modify: ModifyOrder, rules: SymbolRules) -> ModifyOrderRequest {
        ModifyOrderRequest(symbol: modify.symbol, side: wire(modify.side), clientOrderId: modify.clientOrderId,
                           quantity: DecimalText.format(modify.quantity, decimals: rules.quantityDecimals),
                           price: DecimalText.format(modify.price, decimals: rules.priceDecimals))
    }

    /// What a gateway error means to the order manager.
    static func failure(_ error: GatewayError, nowMilliseconds: Int64) -> RequestFailure {
        switch error {
        case .exchange(let code, let message, _):
            switch error.errorClass {
            case .unknownOrder: return .unknownOrder
            case .clockSkew: return .clockSkew
            case .rateLimited: return .rateLimited(retryAfterSeconds: nil)
            case .overloaded: return .serverError(status: 503)
            default: return .rejected(code: code, message: message)
            }
        case .rateLimited(let seconds): return .rateLimited(retryAfterSeconds: seconds)
        case .banned(let seconds): return .banned(until: seconds.map { nowMilliseconds + Int64($0) * 1_000 })
        case .serverError(let status): return .serverError(status: status)
        case .timeout, .transport, .malformedReply: return .timeout
        }
    }
}

extension WireConversion {
    /// A symbol's rules from its `exchangeInfo` filters: decimals are those of the tick
    /// and step texts; the tick, step and minimum quantity in those units; the minimum
    /// notional at price × quantity decimals.
    public static func rules(_ symbol: ExchangeInfoReply.Symbol) -> SymbolRules? {
        guard let tickText = symbol.tickSize, let stepText = symbol.stepSize else { return nil }
        let pd = ExchangeInfoReply.decimals(of: tickText), qd = ExchangeInfoReply.decimals(of: stepText)
        guard let tick = DecimalText.parse(tickText, decimals: pd), let step = DecimalText.parse(stepText, decimals: qd),
              tick > 0, step > 0 else { return nil }
        let minQuantity = symbol.minQty.flatMap { DecimalText.parse($0, decimals: qd) } ?? step
        let minNotional = symbol.minNotional.flatMap { DecimalText.parse($0, decimals: pd + qd) } ?? 0
        return SymbolRules(symbol: symbol.symbol, priceDecimals: pd, quantityDecimals: qd, tickSize: tick, stepSize: step,
                           minQuantity: minQuantity, minNotional: Int128(minNotional))
    }
}
