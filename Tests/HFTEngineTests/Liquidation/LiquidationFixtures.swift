@testable import HFTEngine

/// A small venue for the liquidation tests: a matching engine and a risk core with
/// BTCUSDT (0, Binance brackets) and ETHUSDT (1, one 0.5% bracket) as in ``RiskFixtures``,
/// and a liquidation engine on one or two scan threads. Account 0 is the market maker.
final class LiquidationVenue {
    typealias F = RiskFixtures
    var matching: MatchingEngine
    var risk: RiskCore
    var liquidation: LiquidationEngine
    var orderEvents = try! EventBuffer(capacity: 1 << 14)
    var nextOrderId: Int64 = 1
    let users: Int

    init(users: Int = 32, perSymbol: Int = 128, threads: Int = 1, partial: Bool = true, feeRate: Rate = Rate(e8: 500_000),
         makerBps: Int64 = 0, takerBps: Int64 = 0) {
        self.users = users
        var m = try! MatchingEngine(configuration: EngineConfiguration(maxOrders: 4_096, maxPriceLevels: 4_096, maxSymbols: 2,
                                                                              maxLadderTicks: 1 << 22))
        _ = try! m.addSymbol(SymbolConfiguration(name: "BTC", ladderTicks: 1 << 22,
                                                 notionalScale: try! NotionalScale(moneyPerTickLot: 1_000)))
        _ = try! m.addSymbol(SymbolConfiguration(name: "ETH", ladderTicks: 1 << 20,
                                                 notionalScale: try! NotionalScale(moneyPerTickLot: 10_000)))
        matching = m
        risk = F.core(users: users, perSymbol: perSymbol, orders: 4_096, maxOpenOrders: 1_000, makerBps: makerBps, takerBps: takerBps)
        var c = LiquidationConfiguration()
        c.scanThreads = threads
        c.partialLiquidation = partial
        c.feeRate = feeRate
        c.candidateCapacity = 4_096
        c.eventCapacity = 4_096
        c.matchEventCapacity = 8_200
        c.openOrderCapacity = 4_096
        liquidation = try! LiquidationEngine(configuration: c, risk: risk)
    }

    func deposit(_ account: Int, _ usdt: String) { try! risk.deposit(account: account, amount: Money(units: F.money(usdt))) }

    func leverage(_ account: Int, _ symbol: Int, _ n: Int64, isolated: Bool = false) {
        try! risk.setLeverage(account: account, symbol: symbol, leverage: n, mode: isolated ? .isolated : .cross)
        liquidation.refresh(account: account, risk: risk)
    }

    /// Submits a limit order through the risk gate; returns its events' kinds.
    @discardableResult
    func order(_ account: Int, _ symbol: Int, buy: Bool, price: String, lots: Int64, tif: TimeInForce = .gtc) -> [ExecutionEvent] {
        orderEvents.removeAll()
        let id = nextOrderId
        nextOrderId += 1
        RiskGate.submit(.limit(id: id, account: Int64(account), symbol: SymbolID(Int32(symbol)), side: buy ? .buy : .sell,
                               price: Price(ticks: F.ticks(price)), quantity: Quantity(lots: lots), timeInForce: tif),
                        matching: &matching, risk: &risk, into: &orderEvents)
        liquidation.afterOrderEvents(orderEvents, from: 0, matching: matching, risk: risk)
        return (0..<orderEvents.count).map { orderEvents[$0] }
    }

    /// The maker (account 0, 10M USDT) and `account` (`deposit` USDT at `leverage`) trade
    /// `lots` of BTC at `price`, `account` long if `long`; the mark is set to `price`.
    func openAgainstMaker(_ account: Int, deposit: String, leverage: Int64, long: Bool, lots: Int64, price: String) {
        self.deposit(0, "10000000")
        self.deposit(account, deposit)
        self.leverage(account, F.btc, leverage)
        order(0, F.btc, buy: !long, price: price, lots: lots)
        order(account, F.btc, buy: long, price: price, lots: lots)
        mark(F.btc, price)
    }

    /// Sets the mark and runs the triggered liquidations.
    @discardableResult
    func mark(_ symbol: Int, _ price: String) -> Int {
        try! risk.setMark(symbol, Price(ticks: F.ticks(price)))
        matching.setReferencePrice(Price(ticks: F.ticks(price)), for: SymbolID(Int32(symbol)))
        return liquidation.markUpdated(symbol: symbol, matching: &matching, risk: &risk)
    }

    func drainEvents() -> [LiquidationEvent] {
        let list = (0..<liquidation.events.count).map { liquidation.events[$0] }
        liquidation.events.removeAll()
        return list
    }

    var fundBalance: Int64 { risk.accounts.balance(risk.accounts.insuranceFund).units }

    func size(_ account: Int, _ symbol: Int) -> Int64 {
        guard let s = risk.positions.slot(account: account, symbol: symbol) else { return 0 }
        return risk.positions.size(s)
    }

    /// Money conserved exactly and every symbol's positions (fund included) net to zero.
    var invariantsHold: Bool {
        risk.conservationDiscrepancy() == 0 && risk.positions.netSize(symbol: 0) == 0 && risk.positions.netSize(symbol: 1) == 0
    }

    /// User accounts with negative cross equity at the current marks.
    var negativeEquityAccounts: Int {
        (0..<users).filter { risk.accountMargin($0).crossEquity < 0 }.count
    }
}
