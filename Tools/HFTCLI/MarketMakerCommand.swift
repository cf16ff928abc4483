import ArgumentParser
import Foundation
import HFTGateway
import HFTOrderManager
import HFTStrategy
import Logging

/// `hft mm`: the example market maker (issue 14) against a running `hft-venue` (or any
/// Binance USDⓈ-M endpoint): quotes `--levels` a side around the mark price through the
/// order manager and gateway, with an inventory skew, for `--seconds`, then cancels all
/// and writes an SVG chart of quotes, inventory and PnL. `--taker` runs the other side: a
/// process that takes liquidity with small IOC orders across the best bid or ask. With
/// `--node host:port` repeated (or `--nodes a:p,b:q`) it trades on a replicated venue's shard
/// and follows a failover from the primary to a `--failover` standby.
struct MarketMakerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mm",
        abstract: "Example market maker (or, with --taker, a liquidity taker) against hft-venue; writes an SVG chart."
    )

    @Option(help: "Host of the venue's public port.") var host = "127.0.0.1"
    @Option(help: "The venue's public port.") var port = 8080
    @Option(name: [.customLong("node"), .customLong("nodes")],
            help: ArgumentHelp("A node of the venue's shard (repeat, or comma-separated; replaces --host/--port): the gateway follows a failover between them.",
                               valueName: "host:port"))
    var nodes: [String] = []
    @Option(help: "API key (default: alice of Examples/hft-venue.json).") var apiKey = "demo-alice-api-key-0000000000000001"
    @Option(help: "API secret.") var secret = "demo-alice-secret-000000000000000001"
    @Option(help: "Symbol to quote.") var symbol = "BTCUSDT"
    @Option(help: "How long to run, in seconds.") var seconds = 30.0
    @Option(help: "Quote levels a side.") var levels = 3
    @Option(help: "Ticks from the fair price to the first level.") var spreadTicks: Int64 = 5
    @Option(help: "Ticks between levels.") var spacingTicks: Int64 = 5
    @Option(help: "Quote size in steps.") var quantitySteps: Int64 = 2
    @Option(help: "Skew in ticks per step of inventory.") var skewTicks: Int64 = 2
    @Option(help: "Largest inventory in steps with both sides quoted.") var maxInventorySteps: Int64 = 20
    @Option(help: "Milliseconds between quote updates.") var intervalMilliseconds = 200
    @Option(help: "Where to write the SVG chart.") var chart = "hft-mm.svg"
    @Flag(help: "Take liquidity instead of making it.") var taker = false

    func run() async throws {
        var logger = Logger(label: "hft-mm")
        logger.logLevel = ProcessInfo.processInfo.environment["HFT_MM_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        guard let shard = GatewayNode.list(nodes, orHost: host, port: port) else { throw ValidationError("--node is host:port") }
        let gateway = GatewayConfiguration(nodes: shard, apiKey: apiKey, secret: secret)
        let rest = RESTClient(configuration: gateway, logger: logger)
        guard let info = try await rest.exchangeInfo().symbols.first(where: { $0.symbol == symbol }),
              let rules = WireConversion.rules(info) else {
            throw ValidationError("\(symbol) is not listed by the venue")
        }
        if taker {
            let trades = try await Taker(rest: rest, rules: rules).run(seconds: seconds, interval: .milliseconds(intervalMilliseconds))
            print("hft mm --taker: \(trades) IOC orders filled on \(symbol)")
            try? await rest.shutdown()
            return
        }
        let manager = try OrderManager(configuration: OrderManagerConfiguration(clientOrderIdPrefix: "hftmm"), logger: logger)
        manager.addSymbol(rules, limits: SymbolRiskLimits(maxPositionNotional: nil, maxOrderNotional: nil,
                                                          maxOpenOrders: levels * 2 + 2, collarBasisPoints: 500))
        let session = TradingSession(configuration: .init(gateway: gateway), manager: manager, symbols: [rules], logger: logger)
        try await session.start()
        var parameters = MarketMaker.Parameters(symbol: symbol)
        parameters.levels = levels
        parameters.spreadTicks = spreadTicks
        parameters.spacingTicks = spacingTicks
        parameters.quantitySteps = quantitySteps
        parameters.skewTicks = skewTicks
        parameters.maxInventorySteps = maxInventorySteps
        parameters.interval = .milliseconds(intervalMilliseconds)
        let maker = MarketMaker(session: session, rules: rules, parameters: parameters)
        let samples = await maker.run(for: .milliseconds(Int64(seconds * 1_000))) {
            guard let mark = try? await rest.premiumIndex(symbol: symbol).markPrice else { return nil }
            return DecimalText.parse(mark, decimals: rules.priceDecimals)
        }
        _ = await SessionWait.quiet(session)
        let counters = await session.withManager { $0.counters }
        await session.stop()
        try maker.chart(samples).render().write(toFile: chart, atomically: true, encoding: .utf8)
        try? await rest.shutdown()
        let last = samples.last
        print("hft mm: \(samples.count) steps, \(counters.placed) orders placed, \(counters.fills) fills, "
              + "position \(last.map { "\($0.position)" } ?? "0") steps; chart in \(chart)")
        let errors = counters.errors.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
        let refused = counters.refused.sorted { "\($0.key)" < "\($1.key)" }.map { "\($0.key) \($0.value)" }
        print("errors: \(errors.isEmpty ? "none" : errors.joined(separator: ", ")); risk refusals: \(refused.isEmpty ? "none" : refused.joined(separator: ", "))")
    }
}

/// The liquidity taker of `hft mm --taker`: every interval, a small IOC order that crosses
/// the best bid or ask by a tick, on a random side.
struct Taker {
    let rest: RESTClient
    let rules: SymbolRules

    func run(seconds: Double, interval: Duration) async throws -> Int {
        let end = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        var filled = 0
        var n = 0
        while ContinuousClock.now < end {
            n += 1
            if let top = try? await rest.bookTicker(symbol: rules.symbol) {
                let buy = Bool.random()
                let text = buy ? top.askPrice : top.bidPrice
                if let best = DecimalText.parse(text, decimals: rules.priceDecimals), best > 0 {
                    let price = buy ? best + rules.tickSize : best - rules.tickSize
                    let order = NewOrderRequest(symbol: rules.symbol, side: buy ? "BUY" : "SELL", timeInForce: "IOC",
                                                quantity: DecimalText.format(rules.stepSize * Int64.random(in: 1...3),
                                                                             decimals: rules.quantityDecimals),
                                                price: DecimalText.format(price, decimals: rules.priceDecimals),
                                                clientOrderId: "taker-\(ProcessInfo.processInfo.processIdentifier)-\(n)")
                    if let reply = try? await rest.place(order), reply.executedQty != DecimalText.format(0, decimals: rules.quantityDecimals) {
                        filled += 1
                    }
                }
            }
            try await Task.sleep(for: interval)
        }
        return filled
    }
}
