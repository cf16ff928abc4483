import Logging
import Testing
import HFTOrderManager

/// The gateway's glue as Docs/oms.md sketches it compiles under Swift 6's strict concurrency:
/// an actor owns the OMS and every call goes through it.
actor TradingSketch {
    let oms: OrderManager

    init(prefix: String, rules: SymbolRules, limits: SymbolRiskLimits, logger: Logger) throws {
        oms = try OrderManager(configuration: OrderManagerConfiguration(clientOrderIdPrefix: prefix), logger: logger)
        oms.addSymbol(rules, limits: limits)
        oms.setReferencePrice(symbol: rules.symbol, price: 5_000_000)
    }

    func quotes(_ intents: [QuoteIntent], symbol: String, now: Int64) -> QuoteDecision {
        oms.setQuotes(symbol: symbol, intents, now: now)
    }

    /// Sends everything due, answering every placement with a NEW as an exchange would.
    func send(now: Int64) -> Int {
        let requests = oms.nextRequests(now: now)
        for request in requests {
            oms.requestSucceeded(request.id, results: request.actions.map { action in
                guard case .place(let p) = action else { return .failed(.timeout) }
                return .report(ExecutionReport(source: .reply, symbol: p.symbol, clientOrderId: p.clientOrderId,
                                               exchangeOrderId: 1, side: p.side, status: .new, price: p.price,
                                               origQuantity: p.quantity, cumulativeFilled: 0, cumulativeQuote: 0,
                                               eventTime: now, transactionTime: now))
            }, now: now)
            oms.observeRateLimitHeaders(usedWeight1m: 1, orderCount10s: 1, orderCount1m: 1, now: now)
        }
        return requests.count
    }

    func open(symbol: String) -> [ManagedOrder] { oms.openOrders(symbol: symbol) }
}

@Suite("Actor glue")
struct ActorGlueTests {
    @Test func anActorDrivesTheOMS() async throws {
        let trading = try TradingSketch(prefix: "glue", rules: F.rules, limits: SymbolRiskLimits(),
                                        logger: Logger(label: "glue", factory: { _ in SwiftLogNoOpLogHandler() }))
        let decision = await trading.quotes([F.bid(4_990_000), F.ask(5_010_000)], symbol: F.symbol, now: 0)
        #expect(decision.placed.count == 2)
        #expect(await trading.send(now: 10) == 1)
        #expect(await trading.open(symbol: F.symbol).allSatisfy { $0.state == .new })
    }
}
