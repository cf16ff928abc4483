import Logging
@testable import HFTOrderManager

/// Shared set-up of the OMS tests: one BTC-like symbol (price 2 decimals, tick 0.10; quantity
/// 3 decimals, step 0.001), an OMS with prefix `t1x`, and helpers that drive orders through
/// requests and reports the way the gateway will.
enum F {
    static let symbol = "BTCUSDT"
    static let rules = SymbolRules(symbol: symbol, priceDecimals: 2, quantityDecimals: 3, tickSize: 10, stepSize: 1,
                                   minQuantity: 1, minNotional: 0)

    /// An OMS with generous limits (override what a test is about).
    static func oms(_ configure: (inout OrderManagerConfiguration) -> Void = { _ in },
                    limits: SymbolRiskLimits = SymbolRiskLimits(), logger: Logger? = nil) -> OrderManager {
        var c = OrderManagerConfiguration(clientOrderIdPrefix: "t1x", risk: RiskConfiguration(maxOrdersPerSecond: nil))
        configure(&c)
        let oms = try! OrderManager(configuration: c, logger: logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        oms.addSymbol(rules, limits: limits)
        oms.setReferencePrice(symbol: symbol, price: 5_000_000)
        return oms
    }

    static func bid(_ price: Int64, _ quantity: Int64 = 10, tag: String? = nil) -> QuoteIntent {
        QuoteIntent(side: .buy, price: price, quantity: quantity, tag: tag)
    }

    static func ask(_ price: Int64, _ quantity: Int64 = 10, tag: String? = nil) -> QuoteIntent {
        QuoteIntent(side: .sell, price: price, quantity: quantity, tag: tag)
    }

    /// A report of `order` with the given fields (exchange id 1000 + counter of the id).
    static func report(_ order: ManagedOrder, _ status: ReportStatus, filled: Int64 = 0, quote: Int128? = nil,
                       fill: ReportFill? = nil, source: ReportSource = .stream, time: Int64,
                       price: Int64? = nil, quantity: Int64? = nil) -> ExecutionReport {
        ExecutionReport(source: source, symbol: order.symbol, clientOrderId: order.clientOrderId,
                        exchangeOrderId: exchangeId(order.clientOrderId), side: order.side, status: status,
                        price: price ?? order.price, origQuantity: quantity ?? order.origQuantity, cumulativeFilled: filled,
                        cumulativeQuote: quote, lastFill: fill, eventTime: time, transactionTime: time)
    }

    static func exchangeId(_ clientOrderId: String) -> Int64 {
        1_000 + (Int64(clientOrderId.drop { !$0.isNumber }) ?? 0)
    }

    /// Flushes the queue (after the collection window) and returns the requests.
    static func flush(_ oms: OrderManager, now: Int64) -> [OMSRequest] {
        oms.nextRequests(now: now + 1_000)
    }

    /// Places one bid and acknowledges it (NEW reply); returns the order.
    static func liveBid(_ oms: OrderManager, price: Int64 = 4_990_000, quantity: Int64 = 10, now: Int64 = 0) -> ManagedOrder {
        let id = oms.setQuotes(symbol: symbol, oms.openOrders(symbol: symbol).filter { $0.side == .buy }
                                .map { bid($0.price, $0.remainingQuantity) } + [bid(price, quantity)], now: now).placed[0]
        let requests = flush(oms, now: now)
        for r in requests where r.kind == .place {
            oms.requestSucceeded(r.id, results: r.actions.map {
                .report(report(oms.order(clientOrderId: $0.clientOrderId)!, .new, source: .reply, time: now + 5))
            }, now: now + 5)
        }
        return oms.order(clientOrderId: id)!
    }
}
