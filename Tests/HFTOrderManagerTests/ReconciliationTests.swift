import Testing
@testable import HFTOrderManager

/// Reconciliation: adopt or cancel unknown orders, resolve missing ones, apply missed fills once.
@Suite("Reconciliation")
struct ReconciliationTests {
    func exchangeOrder(_ id: String, exchangeId: Int64, side: OMSSide = .sell, status: ReportStatus = .new, price: Int64 = 5_010_000,
                       quantity: Int64 = 5, filled: Int64 = 0, quote: Int128? = nil) -> ExecutionReport {
        ExecutionReport(source: .query, symbol: F.symbol, clientOrderId: id, exchangeOrderId: exchangeId, side: side, status: status,
                        price: price, origQuantity: quantity, cumulativeFilled: filled, cumulativeQuote: quote,
                        eventTime: 0, transactionTime: 50)
    }

    @Test func adoptsOursCancelsForeign() {
        let oms = F.oms()
        let ours = exchangeOrder("t1x900", exchangeId: 5_000, filled: 2, quote: 2 * 5_010_000)
        let foreign = exchangeOrder("web_manual", exchangeId: 5_001, side: .buy, price: 4_900_000, filled: 1, quote: 4_900_000)
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [ours, foreign], recentOrders: [], trades: []), now: 100)
        #expect(s.adopted == 1 && s.foreignCanceled == 1)
        let adopted = oms.order(clientOrderId: "t1x900")!
        #expect(adopted.origin == .adopted && adopted.state == .partiallyFilled && adopted.cumulativeFilled == 2)
        #expect(oms.position(symbol: F.symbol) == -2)           // the foreign fill is not ours
        #expect(oms.order(clientOrderId: "web_manual")?.state == .pendingCancel)
        let r = oms.nextRequests(now: 200)
        #expect(r.count == 1 && r[0].kind == .cancel && r[0].actions.map(\.clientOrderId) == ["web_manual"])
        // The adopted order is served by the diff like any other.
        #expect(oms.setQuotes(symbol: F.symbol, [F.ask(5_010_000, 3)], now: 300).kept == 1)
    }

    @Test func resolvesLocalOrdersTheExchangeDoesNotKnow() {
        let oms = F.oms { $0.reconciliationGraceMilliseconds = 1_000 }
        let acked = F.liveBid(oms, price: 4_990_000, now: 0)
        let sent = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000)], now: 10).placed[0]
        let r = oms.nextRequests(now: 20)
        oms.requestFailed(r[0].id, .timeout, now: 500)
        let young = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000), F.bid(4_980_000), F.bid(4_970_000)], now: 1_900).placed[0]
        _ = oms.nextRequests(now: 1_910)
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: []), now: 2_000)
        #expect(s.resolvedCanceled == 1 && s.resolvedExpired == 1)
        #expect(oms.order(clientOrderId: acked.clientOrderId)?.state == .canceled)
        #expect(oms.order(clientOrderId: sent)?.state == .expired)
        #expect(oms.order(clientOrderId: young)?.state == .pendingNew)      // inside the grace period
        #expect(!oms.reconciliationRequested)
    }

    @Test func recentTerminalOrdersApply() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        let done = exchangeOrder(o.clientOrderId, exchangeId: F.exchangeId(o.clientOrderId), side: .buy, status: .filled,
                                 price: o.price, quantity: 10, filled: 10, quote: 10 * Int128(o.price))
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [done], trades: []), now: 100)
        #expect(s.ordersUpdated == 1)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .filled)
        #expect(oms.position(symbol: F.symbol) == 10)
        #expect(oms.ledger(symbol: F.symbol)?.entryNotional == 10 * Int128(o.price))
    }

    @Test func missedFillsApplyOnceByTradeId() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        let eid = F.exchangeId(o.clientOrderId)
        oms.apply(F.report(o, .partiallyFilled, filled: 2, fill: ReportFill(tradeId: 10, quantity: 2, price: 4_990_000), time: 100), now: 100)
        let trades = [
            UserTrade(tradeId: 10, exchangeOrderId: eid, symbol: F.symbol, side: .buy, price: 4_990_000, quantity: 2, time: 100),
            UserTrade(tradeId: 11, exchangeOrderId: eid, clientOrderId: o.clientOrderId, symbol: F.symbol, side: .buy,
                      price: 4_985_000, quantity: 3, time: 150),
            UserTrade(tradeId: 99, exchangeOrderId: 424_242, symbol: F.symbol, side: .sell, price: 5_000_000, quantity: 1, time: 160),
        ]
        let snapshot = ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: trades)
        var s = oms.reconcile(snapshot, now: 200)
        #expect(s.missedFillsApplied == 1 && s.tradesIgnored == 2)
        var after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(after.cumulativeFilled == 5 && after.cumulativeQuote == 2 * 4_990_000 + 3 * 4_985_000)
        #expect(oms.position(symbol: F.symbol) == 5)
        s = oms.reconcile(snapshot, now: 300)       // the same trades again: nothing
        #expect(s.missedFillsApplied == 0 && s.tradesIgnored == 3)
        #expect(oms.position(symbol: F.symbol) == 5)
        // The stream's late report of trade 11 changes nothing either.
        after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(oms.apply(F.report(after, .partiallyFilled, filled: 5, fill: ReportFill(tradeId: 11, quantity: 3, price: 4_985_000),
                                   time: 150), now: 310) != .applied || oms.position(symbol: F.symbol) == 5)
        #expect(oms.position(symbol: F.symbol) == 5)
    }

    /// Both sides of a self-trade carry one trade id (Binance `userTrades` lists it once per
    /// side): each side books it once, on the stream and in reconciliation, and an estimated
    /// gap on one side is repaired by its own side's trade, not skipped as already seen.
    @Test func selfTradeBooksBothSidesOnce() {
        let oms = F.oms()
        let placed = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000, 5), F.ask(5_010_000, 5)], now: 0).placed
        for r in F.flush(oms, now: 0) where r.kind == .place {
            oms.requestSucceeded(r.id, results: r.actions.map {
                .report(F.report(oms.order(clientOrderId: $0.clientOrderId)!, .new, source: .reply, time: 5))
            }, now: 5)
        }
        let bid = oms.order(clientOrderId: placed[0])!, ask = oms.order(clientOrderId: placed[1])!
        #expect(bid.side == .buy && ask.side == .sell)
        // Trade 20: our ask (amended down) met our bid at 4_995_000 for 2; the bid's side arrives on the stream.
        #expect(oms.apply(F.report(bid, .partiallyFilled, filled: 2, fill: ReportFill(tradeId: 20, quantity: 2, price: 4_995_000),
                                   time: 10), now: 10) == .applied)
        // The ask's side of trade 20 was dropped; its next report jumps over it with no quote (estimated at its limit).
        #expect(oms.apply(F.report(ask, .partiallyFilled, filled: 2, time: 11), now: 11) == .applied)
        #expect(oms.order(clientOrderId: ask.clientOrderId)?.quoteIsExact == false)
        let trades = [
            UserTrade(tradeId: 20, exchangeOrderId: F.exchangeId(bid.clientOrderId), symbol: F.symbol, side: .buy,
                      price: 4_995_000, quantity: 2, time: 10),
            UserTrade(tradeId: 20, exchangeOrderId: F.exchangeId(ask.clientOrderId), symbol: F.symbol, side: .sell,
                      price: 4_995_000, quantity: 2, time: 10),
            UserTrade(tradeId: 21, exchangeOrderId: F.exchangeId(ask.clientOrderId), symbol: F.symbol, side: .sell,
                      price: 4_995_000, quantity: 1, time: 12),
        ]
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: trades), now: 20)
        #expect(s.tradesAttributed == 1 && s.missedFillsApplied == 1 && s.tradesIgnored == 1)
        let repaired = oms.order(clientOrderId: ask.clientOrderId)!
        #expect(repaired.quoteIsExact && repaired.cumulativeFilled == 3 && repaired.cumulativeQuote == 3 * 4_995_000)
        let ledger = oms.ledger(symbol: F.symbol)!
        #expect(ledger.quantity == -1 && ledger.netQuote == 4_995_000)
        // The stream's late copies of either side change nothing.
        oms.apply(F.report(repaired, .partiallyFilled, filled: 3, fill: ReportFill(tradeId: 21, quantity: 1, price: 4_995_000),
                           time: 12), now: 30)
        #expect(oms.ledger(symbol: F.symbol)! == ledger)
    }

    @Test func unknownCancelOutcomeIsRequeuedWhenStillOpen() {
        let oms = F.oms()
        let o = F.liveBid(oms)
        oms.setQuotes(symbol: F.symbol, [], now: 100)
        let r = oms.nextRequests(now: 110)
        oms.requestFailed(r[0].id, .timeout, now: 200)
        #expect(oms.order(clientOrderId: o.clientOrderId)?.state == .pendingCancel)
        let open = exchangeOrder(o.clientOrderId, exchangeId: F.exchangeId(o.clientOrderId), side: .buy, price: o.price, quantity: 10)
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [open], recentOrders: [], trades: []), now: 300)
        #expect(s.cancelsRequeued == 1)
        let again = oms.nextRequests(now: 400)
        #expect(again.count == 1 && again[0].kind == .cancel && again[0].actions[0].clientOrderId == o.clientOrderId)
    }

    @Test func orderWeThoughtEndedButOpenGetsCanceledNotResurrected() {
        let oms = F.oms { $0.reconciliationGraceMilliseconds = 0 }
        let id = oms.setQuotes(symbol: F.symbol, [F.bid(4_990_000)], now: 0).placed[0]
        let r = oms.nextRequests(now: 10)
        oms.requestFailed(r[0].id, .timeout, now: 20)
        oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: []), now: 30)
        #expect(oms.order(clientOrderId: id)?.state == .expired)
        // The placement did arrive after all: the exchange now shows it open.
        let open = exchangeOrder(id, exchangeId: 7_000, side: .buy, price: 4_990_000, quantity: 10)
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [open], recentOrders: [], trades: []), now: 40)
        #expect(s.strayCanceled == 1)
        #expect(oms.order(clientOrderId: id)?.state == .expired)
        #expect(oms.nextRequests(now: 100).first?.kind == .cancel)
    }

    @Test func unknownModifyOutcomeRevertsWhenOldTermsShow() {
        let oms = F.oms()
        let o = F.liveBid(oms, price: 4_990_000)
        oms.setQuotes(symbol: F.symbol, [F.bid(4_991_000)], now: 100)
        let r = oms.nextRequests(now: 110)
        oms.requestFailed(r[0].id, .serverError(status: 502), now: 200)
        let open = exchangeOrder(o.clientOrderId, exchangeId: F.exchangeId(o.clientOrderId), side: .buy, price: 4_990_000, quantity: 10)
        let s = oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [open], recentOrders: [], trades: []), now: 300)
        #expect(s.modifiesReverted == 1)
        let after = oms.order(clientOrderId: o.clientOrderId)!
        #expect(after.state == .new && after.price == 4_990_000 && after.pendingModify == nil)
    }
}
