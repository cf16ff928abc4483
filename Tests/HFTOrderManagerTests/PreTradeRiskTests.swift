import Logging
import Testing
@testable import HFTOrderManager

/// Every refusal reason, the trading states, the kill switch and the error-rate trip.
@Suite("Pre-trade risk")
struct PreTradeRiskTests {
    func refusal(_ oms: OrderManager, _ intent: QuoteIntent, now: Int64 = 100) -> RiskRefusal? {
        let keep = oms.openOrders(symbol: F.symbol).map { QuoteIntent(side: $0.side, price: $0.price, quantity: $0.remainingQuantity) }
        return oms.setQuotes(symbol: F.symbol, keep + [intent], now: now).refused.first?.reason
    }

    @Test func gridAndMinimums() {
        let rules = SymbolRules(symbol: F.symbol, priceDecimals: 2, quantityDecimals: 3, tickSize: 10, stepSize: 5,
                                minQuantity: 10, minNotional: 100 * 100_000)
        let oms = F.oms()
        oms.addSymbol(rules, limits: SymbolRiskLimits())
        #expect(refusal(oms, F.bid(4_990_005, 10)) == .invalidPrice)
        #expect(refusal(oms, F.bid(-10, 10)) == .invalidPrice)
        #expect(refusal(oms, F.bid(4_990_000, 12)) == .invalidQuantity)
        #expect(refusal(oms, F.bid(4_990_000, 0)) == .invalidQuantity)
        #expect(refusal(oms, F.bid(4_990_000, 5)) == .belowMinimumQuantity)
        #expect(refusal(oms, F.bid(10, 10)) == .belowMinimumNotional)      // 0.10 × 0.010 = 0.001 USDT
        #expect(refusal(oms, F.bid(4_990_000, 10)) == nil)
    }

    @Test func collarAndReferencePrice() {
        let oms = F.oms(limits: SymbolRiskLimits(collarBasisPoints: 100))   // 1% of 50_000.00
        #expect(refusal(oms, F.bid(4_950_000)) == nil)                      // exactly 1% away
        #expect(refusal(oms, F.bid(4_949_990)) == .outsideCollar)
        #expect(refusal(oms, F.ask(5_050_010)) == .outsideCollar)
        let fresh = try! OrderManager(configuration: OrderManagerConfiguration(clientOrderIdPrefix: "z"),
                                      logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
        fresh.addSymbol(F.rules, limits: SymbolRiskLimits(collarBasisPoints: 100))
        #expect(fresh.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 1).refused.first?.reason == .noReferencePrice)
    }

    @Test func orderNotional() {
        let oms = F.oms(limits: SymbolRiskLimits(maxOrderNotional: 4_990_000 * 10))
        #expect(refusal(oms, F.bid(4_990_000, 11)) == .orderNotionalTooLarge)
        #expect(refusal(oms, F.bid(4_990_000, 10)) == nil)
    }

    @Test func positionNotionalCountsOpenOrdersOfTheSide() {
        // 30 lots at the reference price 5_000_000: 150_000_000 price×qty units.
        let oms = F.oms(limits: SymbolRiskLimits(maxPositionNotional: 30 * 5_000_000))
        _ = F.liveBid(oms, price: 4_990_000, quantity: 20)
        #expect(refusal(oms, F.bid(4_980_000, 11)) == .positionNotionalTooLarge)   // 20 open + 11 > 30
        #expect(refusal(oms, F.ask(5_010_000, 30), now: 101) == .positionNotionalTooLarge) // 30 × 5_010_000 > cap
        #expect(refusal(oms, F.ask(5_000_000, 30), now: 102) == nil)               // the other side starts from the position (0)
    }

    @Test func maxOpenOrders() {
        let oms = F.oms(limits: SymbolRiskLimits(maxOpenOrders: 2))
        let d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000), F.bid(4_970_000)], now: 1)
        #expect(d.placed.count == 2 && d.refused.map(\.reason) == [.tooManyOpenOrders])
        #expect(oms.counters.refused[.tooManyOpenOrders] == 1)
    }

    @Test func orderRate() {
        let oms = F.oms { $0.risk.maxOrdersPerSecond = 3 }
        let d = oms.setQuotes(symbol: F.symbol, (0..<5).map { F.bid(4_990_000 - Int64($0) * 10) }, now: 1_000)
        #expect(d.placed.count == 3 && d.refused.map(\.reason) == [.orderRateExceeded, .orderRateExceeded])
        let later = oms.setQuotes(symbol: F.symbol, (0..<5).map { F.bid(4_990_000 - Int64($0) * 10) }, now: 2_001)
        #expect(later.placed.count == 2)
    }

    @Test func haltedAndReducingOnly() {
        let oms = F.oms()
        let o = F.liveBid(oms, quantity: 10)
        oms.apply(F.report(o, .filled, filled: 10, fill: ReportFill(tradeId: 1, quantity: 10, price: o.price), time: 100), now: 100)
        oms.setTradingState(.reducingOnly, now: 110)
        #expect(refusal(oms, F.bid(4_980_000, 1), now: 120) == .reducingOnly)
        #expect(refusal(oms, F.ask(5_010_000, 11), now: 121) == .reducingOnly)     // would flip short
        #expect(oms.setQuotes(symbol: F.symbol, [F.ask(5_010_000, 6)], now: 122).placed.count == 1)
        #expect(refusal(oms, F.ask(5_020_000, 5), now: 123) == .reducingOnly)      // 6 open + 5 > position 10
        oms.setTradingState(.halted, now: 130)
        #expect(refusal(oms, F.ask(5_020_000, 1), now: 131) == .halted)
        oms.setTradingState(.active, now: 140)
        #expect(oms.tradingState == .active)
    }

    @Test func haltedOrReducingOnlyRequotesCancelWhatNoLongerStands() {
        let oms = F.oms()
        let bid = F.liveBid(oms, price: 4_990_000)
        oms.apply(F.report(bid, .partiallyFilled, filled: 4, fill: ReportFill(tradeId: 1, quantity: 4, price: bid.price), time: 50), now: 50)
        let ask = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000, 6), F.ask(5_010_000, 3)], now: 100).placed[0]
        _ = oms.nextRequests(now: 200)
        oms.apply(F.report(oms.order(clientOrderId: ask)!, .new, time: 210), now: 210)
        // Long 4: reducing only keeps the ask (it reduces) and cancels the bid (it would grow the position).
        oms.setTradingState(.reducingOnly, now: 300)
        var d = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000, 6), F.ask(5_010_000, 3)], now: 301)
        #expect(d.kept == 1 && d.canceled == [bid.clientOrderId] && d.refused.map(\.reason) == [.reducingOnly])
        // Halted: nothing stands.
        oms.setTradingState(.halted, now: 400)
        d = oms.setQuotes(symbol: F.symbol, [F.ask(5_010_000, 3)], now: 401)
        #expect(d.kept == 0 && d.canceled == [ask] && d.refused.map(\.reason) == [.halted])
    }

    @Test func killSwitchCancelsEverythingAndHalts() {
        let oms = F.oms()
        let a = F.liveBid(oms, price: 4_990_000)
        let b = F.liveBid(oms, price: 4_980_000)
        let queued = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000), F.ask(5_010_000)], now: 200).placed[0]
        let canceled = oms.activateKillSwitch(now: 201)
        #expect(Set(canceled) == [a.clientOrderId, b.clientOrderId, queued])
        #expect(oms.order(clientOrderId: queued)?.state == .canceled)            // never sent: dropped
        #expect(oms.tradingState == .halted && oms.risk.killSwitchActive)
        #expect(oms.nextFlushTime == 201)
        let r = oms.nextRequests(now: 201)
        #expect(r.count == 1 && r[0].kind == .cancel && r[0].actions.count == 2)
        #expect(oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 202).refused.first?.reason == .halted)
        oms.setTradingState(.active, now: 203)
        #expect(oms.tradingState == .halted)       // the kill switch wins until resumed
        oms.resumeTrading(now: 204)
        #expect(oms.tradingState == .active)
    }

    @Test func errorRateTrips() {
        let oms = F.oms { $0.risk = RiskConfiguration(maxOrdersPerSecond: nil, maxErrorsInWindow: 3, errorWindowMilliseconds: 1_000,
                                                       errorTripState: .halted) }
        for t in [0, 400, 800] { oms.recordError(class: .timeout, now: Int64(t)) }
        #expect(oms.tradingState == .active)
        oms.recordError(class: .serverError, now: 1_500)     // 0 and 400 fell out of the window: 2 in it
        oms.recordError(class: .serverError, now: 1_600)     // 3
        #expect(oms.tradingState == .active)
        oms.recordError(class: .serverError, now: 1_700)     // 4 > 3
        #expect(oms.tradingState == .halted)
        #expect(oms.counters.errors[.serverError] == 3 && oms.counters.errors[.timeout] == 3)
    }

    @Test func unknownOrderRacesDoNotTripByDefault() {
        let oms = F.oms { $0.risk = RiskConfiguration(maxOrdersPerSecond: nil, maxErrorsInWindow: 2, errorWindowMilliseconds: 1_000,
                                                       errorTripState: .halted) }
        for t in 0..<10 { oms.recordError(class: .unknownOrder, now: Int64(t)) }   // cancels that met fills
        #expect(oms.tradingState == .active && oms.counters.errors[.unknownOrder] == 10)
        for t in 10..<13 { oms.recordError(class: .rejected, now: Int64(t)) }
        #expect(oms.tradingState == .halted)
        let strict = F.oms { $0.risk = RiskConfiguration(maxOrdersPerSecond: nil, maxErrorsInWindow: 2, errorWindowMilliseconds: 1_000,
                                                          errorTripState: .halted, errorTripClasses: [.unknownOrder]) }
        for t in 0..<3 { strict.recordError(class: .unknownOrder, now: Int64(t)) }
        #expect(strict.tradingState == .halted)
    }

    @Test func requestFailuresFeedTheErrorRate() {
        let oms = F.oms { $0.risk = RiskConfiguration(maxOrdersPerSecond: nil, maxErrorsInWindow: 1, errorWindowMilliseconds: 10_000,
                                                       errorTripState: .reducingOnly) }
        oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000)], now: 0)
        let r = oms.nextRequests(now: 100)[0]
        oms.requestSucceeded(r.id, results: [.failed(.serverError(status: 503)), .failed(.timeout)], now: 200)
        #expect(oms.tradingState == .reducingOnly)
    }
}
