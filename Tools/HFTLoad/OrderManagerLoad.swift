import Foundation
import HFTGateway
import HFTOrderManager
import HFTStrategy
import Logging

/// The `oms` mode: intent to acknowledged order through the whole strategy side (order
/// manager, session, gateway, WebSocket order API) against the venue, closed loop. Steps
/// alternate: an empty intent set (the manager cancels the bid; the loop waits until the
/// session is quiet), then one bid at a new price far below the market (so nothing fills),
/// whose intent-to-acknowledgement time (the session's own measurement, from
/// `setQuotes` to the reply applied) is the figure. The collection window is 0 (send at
/// once): a batching window adds its length to this figure. With several `nodes` (a
/// replicated venue's shard) the session follows a failover between them.
struct OrderManagerLoad {
    let nodes: [GatewayNode]
    let account: (key: String, secret: String)
    let symbol: String

    func run(duration: Double) async throws -> LoadReport {
        var logger = Logger(label: "hft-load.oms")
        logger.logLevel = .error
        let gateway = GatewayConfiguration(nodes: nodes, apiKey: account.key, secret: account.secret)
        let rest = RESTClient(configuration: gateway, logger: logger)
        guard let info = try await rest.exchangeInfo().symbols.first(where: { $0.symbol == symbol }),
              let rules = WireConversion.rules(info),
              let mark = DecimalText.parse(try await rest.premiumIndex(symbol: symbol).markPrice, decimals: rules.priceDecimals) else {
            throw GatewayError.malformedReply("no rules or mark for \(symbol)")
        }
        try await rest.shutdown()
        let unlimited = RateLimitConfiguration(weightPerMinute: 100_000_000, ordersPerTenSeconds: 100_000_000,
                                               ordersPerMinute: 100_000_000)
        let manager = try OrderManager(configuration: OrderManagerConfiguration(
            clientOrderIdPrefix: "load\(ProcessInfo.processInfo.processIdentifier)", collectionWindowMilliseconds: 0,
            modifyAllowed: false, risk: RiskConfiguration(maxOrdersPerSecond: nil, maxErrorsInWindow: 1_000_000),
            rateLimits: unlimited), logger: logger)
        manager.addSymbol(rules, limits: SymbolRiskLimits(maxOpenOrders: 4, collarBasisPoints: 1_000))
        manager.setReferencePrice(symbol: symbol, price: mark)
        let session = TradingSession(configuration: .init(gateway: gateway), manager: manager, symbols: [rules], logger: logger)
        try await session.start()
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int64(duration * 1_000))
        let base = mark - 200 * rules.tickSize
        var step: Int64 = 0
        while ContinuousClock.now < end {
            step += 1
            await session.setQuotes(symbol: symbol, [])
            _ = await SessionWait.quiet(session, poll: .microseconds(50))
            let acknowledged = await session.acknowledgements
            let price = base - (step % 50) * rules.tickSize
            let decision = await session.setQuotes(symbol: symbol, [QuoteIntent(side: .buy, price: price,
                                                                                quantity: max(rules.minQuantity, rules.stepSize))])
            guard decision.refused.isEmpty else {
                recorder.error()
                continue
            }
            // Wait for this step's acknowledgement (the watchdog ends a run that hangs).
            await session.waitForAcknowledgement(after: acknowledged)
            if await session.acknowledgements > acknowledged, let last = await session.acknowledgementTimings.last {
                recorder.acknowledged(nanoseconds: max(last.total.loadNanoseconds, 1), refused: false)
            } else {
                recorder.error()
                break
            }
        }
        let timings = await session.acknowledgementTimings
        func median(_ part: KeyPath<AcknowledgementTiming, Duration>) -> Double {
            let sorted = timings.map { $0[keyPath: part] }.sorted()
            return sorted.isEmpty ? 0 : sorted[sorted.count / 2].loadSeconds * 1e6
        }
        print(String(format: "oms: medians µs: in the session before sending %.1f, exchange call %.1f, after the reply %.1f",
                     median(\.beforeSend), median(\.exchange), median(\.afterReply)))
        let elapsed = ContinuousClock.now - start
        await session.killSwitch()
        _ = await SessionWait.quiet(session)
        await session.stop()
        return recorder.report(seconds: elapsed.loadSeconds)
    }
}
