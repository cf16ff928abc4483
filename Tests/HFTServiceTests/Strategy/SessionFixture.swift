import HFTGateway
import HFTOrderManager
import HFTStrategy
import Logging

/// A trading session of one example account against a test server, for BTCUSDT.
enum SessionFixture {
    /// BTCUSDT of Examples/hft-venue.json: tick 0.10, step 0.001, min notional 5.
    static let btc = SymbolRules(symbol: "BTCUSDT", priceDecimals: 1, quantityDecimals: 3, tickSize: 1, stepSize: 1,
                                 minQuantity: 1, minNotional: 50_000)

    /// The session's default limits: wide enough that only the test's own checks refuse.
    static let limits = SymbolRiskLimits(maxPositionNotional: 50_000_000_000, maxOrderNotional: 5_000_000_000,
                                         maxOpenOrders: 20, collarBasisPoints: 500)
    static let risk = RiskConfiguration(maxOrdersPerSecond: 1_000, maxErrorsInWindow: 100_000)

    static func session(_ server: ServerHarness, account: String = "alice", prefix: String = "mm",
                        limits: SymbolRiskLimits = Self.limits,
                        risk: RiskConfiguration = Self.risk,
                        window: Int64 = 10, requestTimeout: Duration = .seconds(2), grace: Int64 = 5_000) throws -> TradingSession {
        try session(gateway: server.gatewayConfiguration(account: account), prefix: prefix, limits: limits, risk: risk,
                    window: window, requestTimeout: requestTimeout, grace: grace)
    }

    /// A session of the account behind `gateway` (one node, or a replicated venue's shard).
    static func session(gateway: GatewayConfiguration, prefix: String = "mm",
                        limits: SymbolRiskLimits = Self.limits,
                        risk: RiskConfiguration = Self.risk,
                        window: Int64 = 10, requestTimeout: Duration = .seconds(2), grace: Int64 = 5_000) throws -> TradingSession {
        var gateway = gateway
        gateway.requestTimeout = requestTimeout
        var logger = Logger(label: "session-test")
        logger.logLevel = .critical
        let manager = try OrderManager(configuration: OrderManagerConfiguration(clientOrderIdPrefix: prefix,
                                                                                collectionWindowMilliseconds: window,
                                                                                reconciliationGraceMilliseconds: grace, risk: risk),
                                       logger: logger)
        manager.addSymbol(btc, limits: limits)
        manager.setReferencePrice(symbol: "BTCUSDT", price: 500_000)
        var configuration = TradingSession.Configuration(gateway: gateway)
        configuration.reconcileInterval = .seconds(2)
        return TradingSession(configuration: configuration, manager: manager, symbols: [btc], logger: logger)
    }

    /// Waits until `condition` holds, at most `timeout`; true when it did.
    static func eventually(_ timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

extension SessionFixture {
    /// A liquidity taker on `client`'s account until cancelled: every 60 ms an IOC order of
    /// 0.001 BTCUSDT across a quote at 50,000 ± 1 (two buys for each sell, so a maker
    /// around 50,000 goes short and its skew shows).
    static func taker(_ client: RESTClient) -> Task<Void, Never> {
        Task {
            var n = 0
            while !Task.isCancelled {
                n += 1
                let buy = n % 3 != 0
                _ = try? await client.place(NewOrderRequest(symbol: "BTCUSDT", side: buy ? "BUY" : "SELL", timeInForce: "IOC",
                                                            quantity: "0.001", price: buy ? "50010.0" : "49990.0",
                                                            clientOrderId: "taker-\(n)"))
                try? await Task.sleep(for: .milliseconds(60))
            }
        }
    }

    /// A session that is never started (for the market maker's pure parts).
    static func offlineSession() throws -> TradingSession {
        let manager = try OrderManager(configuration: OrderManagerConfiguration(clientOrderIdPrefix: "off"))
        manager.addSymbol(btc, limits: SymbolRiskLimits())
        return TradingSession(configuration: .init(gateway: GatewayConfiguration(host: "127.0.0.1", port: 9, apiKey: "k", secret: "s")),
                              manager: manager, symbols: [btc])
    }
}
